"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.outputs = exports.inputs = exports.placementFields = exports.approvalTimeoutField = exports.commonActionFields = exports.artifactName = exports.actionName = void 0;
const zod_1 = require("zod");
const primitives_1 = require("../primitives");
// Shared fields of every action in the landing-zone file. Names match the TypeScript props of
// modules/pipeline (CommonActionProps), except `account`, which names a target account.
exports.actionName = zod_1.z
    .string()
    .regex(/^[A-Za-z0-9.@_-]{1,100}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid action name (1-100 letters, digits, .@-_)` });
exports.artifactName = zod_1.z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid artifact name (1-100 letters, digits, _ or -)` });
exports.commonActionFields = {
    name: exports.actionName.describe("Action name, unique in its stage."),
    runOrder: zod_1.z.number().int().min(1).max(999).optional().describe("Same runOrder = parallel. Default 1."),
    namespace: zod_1.z
        .string()
        .regex(/^[A-Za-z0-9@_-]{1,100}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid namespace (1-100 letters, digits, @-_)` })
        .optional()
        .describe("Namespace of the action's output variables, used as #{Namespace.Variable}."),
};
/** Only manual approvals accept timeoutInMinutes (API ActionDeclaration); other entries reject it as an unknown key. */
exports.approvalTimeoutField = zod_1.z.number().int().min(5).max(86400).optional();
/** Fields of actions that may run in a target account and/or another region. */
exports.placementFields = {
    account: zod_1.z
        .string()
        .optional()
        .describe("Target account name (targets[].name) to run in, through its action role. Default: the tools account."),
    region: primitives_1.region.optional().describe("Region to run in; needs a tools artifact store. Default: the pipeline's region."),
};
const inputs = (min, max) => zod_1.z.array(exports.artifactName).min(min).max(max).describe(`Input artifact names (${min}-${max}).`);
exports.inputs = inputs;
const outputs = (min, max) => zod_1.z.array(exports.artifactName).min(min).max(max).describe(`Output artifact names (${min}-${max}).`);
exports.outputs = outputs;
