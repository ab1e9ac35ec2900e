import { z } from "zod";
import { quote, region } from "../primitives";

// Shared fields of every action in the landing-zone file. Names match the TypeScript props of
// modules/pipeline (CommonActionProps), except `account`, which names a target account.

export const actionName = z
  .string()
  .regex(/^[A-Za-z0-9.@_-]{1,100}$/, { error: (i) => `${quote(i.input)} is not a valid action name (1-100 letters, digits, .@-_)` });

export const artifactName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, { error: (i) => `${quote(i.input)} is not a valid artifact name (1-100 letters, digits, _ or -)` });

export const commonActionFields = {
  name: actionName.describe("Action name, unique in its stage."),
  runOrder: z.number().int().min(1).max(999).optional().describe("Same runOrder = parallel. Default 1."),
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9@_-]{1,100}$/, { error: (i) => `${quote(i.input)} is not a valid namespace (1-100 letters, digits, @-_)` })
    .optional()
    .describe("Namespace of the action's output variables, used as #{Namespace.Variable}."),
};

/** Only manual approvals accept timeoutInMinutes (API ActionDeclaration); other entries reject it as an unknown key. */
export const approvalTimeoutField = z.number().int().min(5).max(86400).optional();

/** Fields of actions that may run in a target account and/or another region. */
export const placementFields = {
  account: z.string().optional().describe("Target account name (targets[].name) to run in, through its action role. Default: the tools account."),
  region: region.optional().describe("Region to run in; needs a tools artifact store. Default: the pipeline's region."),
};

export const inputs = (min: number, max: number) => z.array(artifactName).min(min).max(max).describe(`Input artifact names (${min}-${max}).`);
export const outputs = (min: number, max: number) => z.array(artifactName).min(min).max(max).describe(`Output artifact names (${min}-${max}).`);
