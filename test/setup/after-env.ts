// Runs in every test file before its tests.
import { removeTempDirs } from "../fixtures/temp";

// A test that makes no assertion fails: it could not have failed otherwise.
beforeEach(() => {
  expect.hasAssertions();
});

afterAll(removeTempDirs);
