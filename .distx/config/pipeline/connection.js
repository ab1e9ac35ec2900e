"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.connectionSourceSchema = void 0;
const zod_1 = require("zod");
const primitives_1 = require("../primitives");
const common_1 = require("./common");
exports.connectionSourceSchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("codestar-source"),
    ...common_1.commonActionFields,
    connectionArn: zod_1.z
        .string()
        .regex(/^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/, {
        error: (i) => `${(0, primitives_1.quote)(i.input)} is not a CodeConnections connection ARN`,
    })
        .describe("Connection to GitHub, GitHub Enterprise Server, Bitbucket or GitLab."),
    fullRepositoryId: zod_1.z.string().describe("owner/repository"),
    branchName: zod_1.z.string().min(1).describe("Branch to build."),
    output: common_1.artifactName.describe("The output artifact."),
    outputArtifactFormat: zod_1.z.enum(["CODE_ZIP", "CODEBUILD_CLONE_REF"]).optional().describe("Default CODE_ZIP; CODEBUILD_CLONE_REF only for downstream CodeBuild actions, whose roles get UseConnection on the connection."),
    detectChanges: zod_1.z.boolean().optional().describe("Start on every change; forced false when a trigger owns the source. Default true."),
})
    .describe("Source from a git provider through a CodeConnections connection.");
