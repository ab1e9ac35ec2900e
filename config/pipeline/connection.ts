import { z } from "zod";
import { quote } from "../primitives";
import { artifactName, commonActionFields } from "./common";

export const connectionSourceSchema = z
  .strictObject({
    type: z.literal("codestar-source"),
    ...commonActionFields,
    connectionArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/, {
        error: (i) => `${quote(i.input)} is not a CodeConnections connection ARN`,
      })
      .describe("Connection to GitHub, GitHub Enterprise Server, Bitbucket or GitLab."),
    fullRepositoryId: z.string().describe("owner/repository"),
    branchName: z.string().min(1).describe("Branch to build."),
    output: artifactName.describe("The output artifact."),
    outputArtifactFormat: z
      .enum(["CODE_ZIP", "CODEBUILD_CLONE_REF"])
      .optional()
      .describe("Default CODE_ZIP; CODEBUILD_CLONE_REF only for downstream CodeBuild actions, whose roles get UseConnection on the connection."),
    detectChanges: z.boolean().optional().describe("Start on every change; forced false when a trigger owns the source. Default true."),
  })
  .describe("Source from a git provider through a CodeConnections connection.");
