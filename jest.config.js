/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Jest's default is one worker on a 2-core machine; two halve the run here (107 s -> 68 s).
  maxWorkers: 2,
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // The examples import this package by its name (tsconfig.json's paths), resolved to the sources.
  moduleNameMapper: {
    "^@acme-platform/codepipeline-landing-zone$": "<rootDir>/index.ts",
    "^@acme-platform/codepipeline-landing-zone/(.*)$": "<rootDir>/$1/index.ts",
  },
  // Every test must assert; temp folders go after each file.
  setupFilesAfterEnv: ["<rootDir>/test/setup/after-env.ts"],
  // The suite gets a temp folder of its own and fails when something is left in it.
  globalSetup: "<rootDir>/test/setup/global-setup.ts",
  globalTeardown: "<rootDir>/test/setup/global-teardown.ts",
};
