"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.approvalInvokeCustomActionSchemas = exports.customActionSchema = exports.stepFunctionsInvokeSchema = exports.lambdaInvokeSchema = exports.manualApprovalSchema = void 0;
const zod_1 = require("zod");
const primitives_1 = require("../primitives");
const common_1 = require("./common");
// Approval, invoke and custom action entries. Field names equal the props of
// modules/pipeline/actions/{approval,invoke,custom}.ts (the stacks layer adds roleArn and, for
// "custom", resolves `actionType` to the pipeline's declared custom action type).
const jsonValue = zod_1.z.union([zod_1.z.string(), zod_1.z.record(zod_1.z.string(), zod_1.z.unknown()), zod_1.z.array(zod_1.z.unknown())]);
const https = zod_1.z.string().refine((v) => {
    try {
        return new URL(v).protocol === "https:";
    }
    catch {
        return false;
    }
}, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not an https:// URL` });
exports.manualApprovalSchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("manual-approval"),
    ...common_1.commonActionFields,
    timeoutInMinutes: common_1.approvalTimeoutField.describe("Minutes until the approval fails when nobody answers (5-86400). Default 7 days."),
    notification: zod_1.z
        .union([
        zod_1.z.strictObject({
            topicArn: zod_1.z
                .string()
                .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, {
                error: (i) => `${(0, primitives_1.quote)(i.input)} is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
            })
                .describe("Existing SNS topic in the pipeline's region."),
            kmsKeyArn: zod_1.z
                .string()
                .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a KMS key ARN` })
                .optional()
                .describe("Key the topic is encrypted with; the pipeline role gets GenerateDataKey*/Decrypt on it."),
        }),
        zod_1.z.strictObject({
            create: zod_1.z.literal(true).describe("Create a topic <name>-<pipeline>-<action>-approval, encrypted with the artifact key."),
            emailSubscribers: zod_1.z.array(zod_1.z.email({ error: (i) => `${(0, primitives_1.quote)(i.input)} is not an email address` })).optional().describe("Email addresses to subscribe (each confirms by email); without any, nobody hears of a waiting approval."),
        }),
    ])
        .optional()
        .describe('Where approval requests are announced: { "topicArn": ... } or { "create": true }. Default: create.'),
    customData: zod_1.z.string().max(1000).optional().describe("Text for the reviewer; may use #{Namespace.Variable}."),
    externalEntityLink: https.optional().describe("https URL the reviewer should look at."),
})
    .describe("Manual approval: stops the pipeline until someone approves or rejects.");
exports.lambdaInvokeSchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("lambda"),
    ...common_1.commonActionFields,
    ...common_1.placementFields,
    functionName: zod_1.z
        .string()
        .regex(/^(?:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?|arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?)$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a Lambda function name (optionally :alias) or function ARN` })
        .describe("Function name (in the account and region the action runs in) or function ARN."),
    userParameters: jsonValue.optional().describe("UserParameters: a string, or JSON (object/array) serialised; at most 1000 characters."),
    outputVariables: zod_1.z
        .array(zod_1.z.string().regex(/^[A-Za-z0-9@_.-]+$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a variable name #{Namespace.Variable} can reference (letters, digits, @-_.)` }))
        .optional().describe("Names of the output variables the function reports."),
    functionRoleName: zod_1.z
        .string()
        .regex(/^[\w+=,.@-]{1,64}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid IAM role name` })
        .optional()
        .describe("The function's execution role (tools account only); gets PutJobSuccessResult/PutJobFailureResult."),
    inputs: (0, common_1.inputs)(0, 5).optional(),
    outputs: (0, common_1.outputs)(0, 5).optional(),
})
    .describe("Invokes a Lambda function, which must report back to CodePipeline.");
exports.stepFunctionsInvokeSchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("step-functions"),
    ...common_1.commonActionFields,
    ...common_1.placementFields,
    stateMachineArn: zod_1.z
        .string()
        .regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/, {
        error: (i) => `${(0, primitives_1.quote)(i.input)} is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)`,
    })
        .describe("State machine to start."),
    executionNamePrefix: zod_1.z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,80}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid execution name prefix (letters, digits, - and _)` })
        .optional()
        .describe("Prefix of the execution name."),
    inputType: zod_1.z.enum(["Literal", "FilePath"]).optional().describe("Literal (default): input is the execution input; FilePath: input is a file in the input artifact."),
    input: jsonValue.optional().describe("Literal: object or JSON string; FilePath: path in the input artifact."),
    inputs: (0, common_1.inputs)(0, 1).optional(),
    outputs: (0, common_1.outputs)(0, 1).optional(),
})
    .describe("Starts a Step Functions execution and waits for it.");
exports.customActionSchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("custom"),
    ...common_1.commonActionFields,
    actionType: zod_1.z
        .strictObject({
        category: zod_1.z.enum(["Source", "Build", "Test", "Deploy", "Approval", "Invoke"]).describe("Category of the custom action type."),
        provider: zod_1.z.string().min(1).max(35).describe("Provider name of the custom action type."),
        version: zod_1.z
            .string()
            .regex(/^[0-9A-Za-z_-]{1,9}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid action type version (1-9 letters, digits, - or _)` })
            .describe("Version of the custom action type."),
    })
        .describe("Which custom action type declared for the pipeline this action uses."),
    configuration: zod_1.z.record(zod_1.z.string().min(1).max(50), zod_1.z.string().max(1000)).optional().describe("Values of the type's configuration properties, by name."),
    inputs: (0, common_1.inputs)(0, 5).optional(),
    outputs: (0, common_1.outputs)(0, 5).optional(),
})
    .describe("An action of a custom action type, run by its job worker.");
exports.approvalInvokeCustomActionSchemas = [exports.manualApprovalSchema, exports.lambdaInvokeSchema, exports.stepFunctionsInvokeSchema, exports.customActionSchema];
