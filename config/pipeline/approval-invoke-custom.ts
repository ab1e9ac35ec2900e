import { z } from "zod";
import { CONFIGURATION_VALUE_MAX } from "../../modules/shared/service-facts";
import { quote } from "../primitives";
import { approvalTimeoutField, commonActionFields, inputs, outputs, placementFields } from "./common";

// Approval, invoke and custom action entries. Field names equal the props of
// modules/pipeline/actions/{approval,invoke,custom}.ts (the stacks layer adds roleArn and, for
// "custom", resolves `actionType` to the pipeline's declared custom action type).

const jsonValue = z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]);
/** A string as is, anything else as JSON, within one configuration value (what the invoke actions send). */
const configurationJson = jsonValue.refine((v) => (typeof v === "string" ? v : JSON.stringify(v)).length <= CONFIGURATION_VALUE_MAX, {
  error: (i) =>
    `${(typeof i.input === "string" ? i.input : JSON.stringify(i.input)).length} characters once serialised; CodePipeline allows ${CONFIGURATION_VALUE_MAX} per configuration value`,
});

const https = z.string().refine(
  (v) => {
    try {
      return new URL(v).protocol === "https:";
    } catch {
      return false;
    }
  },
  { error: (i) => `${quote(i.input)} is not an https:// URL` },
);

export const manualApprovalSchema = z
  .strictObject({
    type: z.literal("manual-approval"),
    ...commonActionFields,
    timeoutInMinutes: approvalTimeoutField.describe("Minutes until the approval fails when nobody answers (5-86400). Default 7 days."),
    notification: z
      .union([
        z.strictObject({
          topicArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, {
              error: (i) => `${quote(i.input)} is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
            })
            .describe("Existing SNS topic in the pipeline's region."),
          kmsKeyArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, { error: (i) => `${quote(i.input)} is not a KMS key ARN` })
            .optional()
            .describe("Key the topic is encrypted with; the pipeline role gets GenerateDataKey*/Decrypt on it."),
        }),
        z.strictObject({
          create: z.literal(true).describe("Create a topic <name>-<pipeline>-<action>-approval, encrypted with the artifact key."),
          emailSubscribers: z
            .array(z.email({ error: (i) => `${quote(i.input)} is not an email address` }))
            .optional()
            .describe("Email addresses to subscribe (each confirms by email); without any, nobody hears of a waiting approval."),
        }),
      ])
      .optional()
      .describe('Where approval requests are announced: { "topicArn": ... } or { "create": true }. Default: create.'),
    customData: z.string().max(1000).optional().describe("Text for the reviewer; may use #{Namespace.Variable}."),
    externalEntityLink: https.max(CONFIGURATION_VALUE_MAX).optional().describe("https URL the reviewer should look at."),
  })
  .describe("Manual approval: stops the pipeline until someone approves or rejects.");

export const lambdaInvokeSchema = z
  .strictObject({
    type: z.literal("lambda"),
    ...commonActionFields,
    ...placementFields,
    functionName: z
      .string()
      .regex(
        /^(?:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?|arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?)$/,
        { error: (i) => `${quote(i.input)} is not a Lambda function name (optionally :alias) or function ARN` },
      )
      .describe("Function name (in the account and region the action runs in) or function ARN."),
    userParameters: configurationJson.optional().describe("UserParameters: a string, or JSON (object/array) serialised; at most 1000 characters."),
    outputVariables: z
      .array(
        z.string().regex(/^[A-Za-z0-9@_.-]+$/, {
          error: (i) => `${quote(i.input)} is not a variable name #{Namespace.Variable} can reference (letters, digits, @-_.)`,
        }),
      )
      .optional()
      .describe("Names of the output variables the function reports."),
    functionRoleName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, { error: (i) => `${quote(i.input)} is not a valid IAM role name` })
      .optional()
      .describe("The function's execution role (tools account only); gets PutJobSuccessResult/PutJobFailureResult."),
    inputs: inputs(0, 5).optional(),
    outputs: outputs(0, 5).optional(),
  })
  .describe("Invokes a Lambda function, which must report back to CodePipeline.");

export const stepFunctionsInvokeSchema = z
  .strictObject({
    type: z.literal("step-functions"),
    ...commonActionFields,
    ...placementFields,
    stateMachineArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/, {
        error: (i) => `${quote(i.input)} is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)`,
      })
      .describe("State machine to start."),
    executionNamePrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,80}$/, { error: (i) => `${quote(i.input)} is not a valid execution name prefix (letters, digits, - and _)` })
      .optional()
      .describe("Prefix of the execution name."),
    inputType: z
      .enum(["Literal", "FilePath"])
      .optional()
      .describe("Literal (default): input is the execution input; FilePath: input is a file in the input artifact."),
    input: configurationJson.optional().describe("Literal: object or JSON string; FilePath: path in the input artifact."),
    inputs: inputs(0, 1).optional(),
    outputs: outputs(0, 1).optional(),
  })
  .describe("Starts a Step Functions execution and waits for it.");

export const customActionSchema = z
  .strictObject({
    type: z.literal("custom"),
    ...commonActionFields,
    actionType: z
      .strictObject({
        category: z.enum(["Source", "Build", "Test", "Deploy", "Approval", "Invoke"]).describe("Category of the custom action type."),
        provider: z.string().min(1).max(35).describe("Provider name of the custom action type."),
        version: z
          .string()
          .regex(/^[0-9A-Za-z_-]{1,9}$/, { error: (i) => `${quote(i.input)} is not a valid action type version (1-9 letters, digits, - or _)` })
          .describe("Version of the custom action type."),
      })
      .describe("Which custom action type declared for the pipeline this action uses."),
    configuration: z.record(z.string().min(1).max(50), z.string().max(1000)).optional().describe("Values of the type's configuration properties, by name."),
    inputs: inputs(0, 5).optional(),
    outputs: outputs(0, 5).optional(),
  })
  .describe("An action of a custom action type, run by its job worker.");

export const approvalInvokeCustomActionSchemas = [manualApprovalSchema, lambdaInvokeSchema, stepFunctionsInvokeSchema, customActionSchema] as const;
