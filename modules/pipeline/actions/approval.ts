import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Token } from "cdktf";
import { AWS_NAMES, fitName } from "../../shared/names";
import { grantStatements, policyJson, PolicyStatement } from "../../shared/policy";
import { CONFIGURATION_VALUE_MAX } from "../../shared/service-facts";
import { Action, ActionBindContext, ActionBinding, CommonActionProps, definedConfig } from "../action";

/** Notify through a topic that already exists (same region as the pipeline). */
export interface ExistingApprovalTopic {
  /** ARN of the SNS topic, in the pipeline's region. */
  readonly topicArn: string;
  /**
   * KMS key the topic is encrypted with; the pipeline role then also gets
   * kms:GenerateDataKey* and kms:Decrypt on it (SNS needs both from the publisher).
   * @default none (the topic is unencrypted or uses a key the role may already use)
   */
  readonly kmsKeyArn?: string;
}

/** Create a topic for this approval at bind. */
export interface CreatedApprovalTopic {
  readonly create: true;
  /**
   * Name of the topic: 1-256 letters, digits, `-` and `_`, unique in the account and region.
   * @default `<pipelineName>-<actionName>-approval` (`.` and `@` replaced by `_`)
   */
  readonly topicName?: string;
  /**
   * Email addresses subscribed to the topic; each must confirm the subscription by email.
   * @default [] (subscribe by other means)
   */
  readonly emailSubscribers?: string[];
}

export interface ManualApprovalProps extends Omit<CommonActionProps, "inputs" | "outputs" | "roleArn" | "region"> {
  /**
   * Where CodePipeline publishes "approval needed" messages.
   * @default { create: true } (a topic `<pipelineName>-<actionName>-approval`, no subscribers)
   */
  readonly notification?: ExistingApprovalTopic | CreatedApprovalTopic;
  /** Text shown to the reviewer (variables such as `#{SourceVars.CommitId}` allowed). @default none */
  readonly customData?: string;
  /** https URL the reviewer should look at, e.g. a staging site or change ticket. @default none */
  readonly externalEntityLink?: string;
  /** Minutes until the approval fails when nobody answers, 5-86400 (60 days). @default 10080 (7 days, the service's) */
  readonly timeoutInMinutes?: number;
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;
// SNS CreateTopic: 1-256 alphanumeric characters, hyphens and underscores (standard topics).
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Manual approval: the pipeline stops until someone approves or rejects (console, CLI
 * `put-approval-result`, SDK). SNS only notifies; it cannot approve. Runs in the tools account and
 * the pipeline's region only: the topic must be in the pipeline's region.
 */
export class ManualApprovalAction extends Action {
  private readonly notification: ExistingApprovalTopic | CreatedApprovalTopic;

  constructor(private readonly props: ManualApprovalProps) {
    super(
      {
        category: "Approval",
        owner: "AWS",
        provider: "Manual",
        version: "1",
        artifactBounds: { minInputs: 0, maxInputs: 0, minOutputs: 0, maxOutputs: 0 },
      },
      props,
    );
    const where = `action "${props.actionName}"`;
    const placement = props as CommonActionProps;
    if (placement.roleArn !== undefined || placement.region !== undefined) {
      throw new Error(`${where}: a manual approval runs in the pipeline's account and region; remove roleArn and region`);
    }
    if (props.timeoutInMinutes !== undefined) {
      const t = props.timeoutInMinutes;
      if (!Number.isInteger(t) || t < 5 || t > 86400) {
        throw new Error(`${where}: timeoutInMinutes ${t} must be a whole number from 5 to 86400 (60 days)`);
      }
    }
    // No smaller limit is documented for CustomData than that of any configuration value.
    if (props.customData !== undefined && props.customData.length > CONFIGURATION_VALUE_MAX) {
      throw new Error(`${where}: customData is ${props.customData.length} characters; shorten it to at most ${CONFIGURATION_VALUE_MAX}`);
    }
    const link = props.externalEntityLink;
    if (link !== undefined && !Token.isUnresolved(link)) {
      if (!isHttpsUrl(link)) throw new Error(`${where}: externalEntityLink "${link}" must be an https:// URL`);
      if (link.length > CONFIGURATION_VALUE_MAX)
        throw new Error(`${where}: externalEntityLink is longer than ${CONFIGURATION_VALUE_MAX} characters; shorten it`);
    }
    const n = props.notification ?? { create: true };
    if ("topicArn" in n) {
      if (!Token.isUnresolved(n.topicArn) && !TOPIC_ARN.test(n.topicArn)) {
        throw new Error(`${where}: notification.topicArn "${n.topicArn}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`);
      }
      if (n.kmsKeyArn !== undefined && !Token.isUnresolved(n.kmsKeyArn) && !KEY_ARN.test(n.kmsKeyArn)) {
        throw new Error(
          `${where}: notification.kmsKeyArn "${n.kmsKeyArn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases cannot be granted`,
        );
      }
    } else {
      if (n.create !== true) throw new Error(`${where}: notification must be { topicArn } or { create: true }`);
      for (const email of n.emailSubscribers ?? []) {
        if (!Token.isUnresolved(email) && !EMAIL.test(email)) {
          throw new Error(`${where}: notification.emailSubscribers entry "${email}" is not an email address`);
        }
      }
      if (n.topicName !== undefined && !Token.isUnresolved(n.topicName) && !TOPIC_NAME.test(n.topicName)) {
        throw new Error(`${where}: notification.topicName "${n.topicName}" must be 1-256 letters, digits, "-" or "_"`);
      }
      if (new Set(n.emailSubscribers ?? []).size !== (n.emailSubscribers ?? []).length) {
        throw new Error(`${where}: notification.emailSubscribers lists an address twice; list each once`);
      }
    }
    this.notification = n;
  }

  override bind(ctx: ActionBindContext): ActionBinding {
    const p = this.props;
    const where = `action "${p.actionName}"`;
    const n = this.notification;
    const configuration = (notificationArn: string) =>
      definedConfig({ NotificationArn: notificationArn, CustomData: p.customData, ExternalEntityLink: p.externalEntityLink });

    if ("topicArn" in n) {
      const region = TOPIC_ARN.exec(n.topicArn)?.[1];
      if (region !== undefined && !Token.isUnresolved(ctx.pipelineRegion) && region !== ctx.pipelineRegion) {
        throw new Error(
          `${where}: notification.topicArn is in ${region}, but approval topics must be in the pipeline's region ${ctx.pipelineRegion}; use a topic there or { create: true }`,
        );
      }
      return { configuration: configuration(n.topicArn) };
    }

    const base = `${p.actionName}-approval`;
    if (ctx.scope.node.tryFindChild(`${base}-topic`)) {
      throw new Error(
        `${where}: another approval action named "${p.actionName}" in pipeline "${ctx.pipelineName}" already creates its topic; give the approval actions distinct names`,
      );
    }
    // SNS topic names allow letters, digits, - and _ (pipeline and action names also allow . and @,
    // which fitName replaces, adding a hash so that distinct names stay distinct).
    const topicName = n.topicName ?? fitName(`${ctx.pipelineName}-${p.actionName}-approval`, AWS_NAMES.snsTopic);
    const roleArn = ctx.pipelineRoleArn;
    const keyArn = ctx.artifactStore.keyArn;
    const topic = new SnsTopic(ctx.scope, `${base}-topic`, {
      name: topicName,
      // The region's artifact CMK: its key policy already lets the pipeline role (the only
      // publisher) Encrypt/Decrypt/GenerateDataKey*, so encryption needs no new key policy and no
      // AWS managed key, which could not be restricted to this role.
      kmsMasterKeyId: keyArn,
    });
    new SnsTopicPolicy(ctx.scope, `${base}-topic-policy`, {
      arn: topic.arn,
      policy: policyJson(
        ...grantStatements("PipelineRolePublishes", [roleArn], `${where}: pipeline role`, ["sns:Publish"], topic.arn),
        {
          Sid: "OnlyPipelineRolePublishes",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: topic.arn,
          Condition: { ArnNotEquals: { "aws:PrincipalArn": roleArn } },
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:*",
          Resource: topic.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ),
    });
    (n.emailSubscribers ?? []).forEach((email, i) => {
      new SnsTopicSubscription(ctx.scope, `${base}-email-${i}`, { topicArn: topic.arn, protocol: "email", endpoint: email });
    });
    return {
      configuration: configuration(topic.arn),
      runnerStatements: [
        { Effect: "Allow", Action: ["sns:Publish"], Resource: topic.arn },
        // SNS server-side encryption makes the publisher generate and decrypt data keys.
        { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: keyArn },
      ],
    };
  }

  /** Publish to an existing topic; a created topic's grant comes from bind (runnerStatements). */
  override runnerPermissions(): PolicyStatement[] {
    const n = this.notification;
    if (!("topicArn" in n)) return [];
    const statements: PolicyStatement[] = [{ Effect: "Allow", Action: ["sns:Publish"], Resource: n.topicArn }];
    if (n.kmsKeyArn !== undefined) statements.push({ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: n.kmsKeyArn });
    return statements;
  }

  /**
   * UNVERIFIED: the facts name no approval output variables, and a search for "ApprovalSummary"
   * found only the PutApprovalResult API's `result.summary` field (API_ApprovalResult, 0-512
   * characters), not an output variable of the action; so any name is accepted.
   */
  override outputVariables(): readonly string[] | undefined {
    return undefined;
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}
