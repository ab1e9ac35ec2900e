"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ManualApprovalAction = void 0;
const sns_topic_1 = require("@cdktf/provider-aws/lib/sns-topic");
const sns_topic_policy_1 = require("@cdktf/provider-aws/lib/sns-topic-policy");
const sns_topic_subscription_1 = require("@cdktf/provider-aws/lib/sns-topic-subscription");
const cdktf_1 = require("cdktf");
const names_1 = require("../../shared/names");
const policy_1 = require("../../shared/policy");
const action_1 = require("../action");
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;
// SNS CreateTopic: 1-256 alphanumeric characters, hyphens and underscores (standard topics).
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Limits of the configuration values: the facts name no CustomData-specific limit (UNVERIFIED), so
// only the general 1000-character limit of an action configuration value is enforced.
const CONFIG_VALUE_MAX = 1000;
/**
 * Manual approval: the pipeline stops until someone approves or rejects (console, CLI
 * `put-approval-result`, SDK). SNS only notifies; it cannot approve. Runs in the tools account and
 * the pipeline's region only: the topic must be in the pipeline's region.
 */
class ManualApprovalAction extends action_1.Action {
    props;
    notification;
    constructor(props) {
        super({
            category: "Approval",
            owner: "AWS",
            provider: "Manual",
            version: "1",
            artifactBounds: { minInputs: 0, maxInputs: 0, minOutputs: 0, maxOutputs: 0 },
        }, props);
        this.props = props;
        const where = `action "${props.actionName}"`;
        const placement = props;
        if (placement.roleArn !== undefined || placement.region !== undefined) {
            throw new Error(`${where}: a manual approval runs in the pipeline's account and region; remove roleArn and region`);
        }
        if (props.timeoutInMinutes !== undefined) {
            const t = props.timeoutInMinutes;
            if (!Number.isInteger(t) || t < 5 || t > 86400) {
                throw new Error(`${where}: timeoutInMinutes ${t} must be a whole number from 5 to 86400 (60 days)`);
            }
        }
        if (props.customData !== undefined && props.customData.length > CONFIG_VALUE_MAX) {
            throw new Error(`${where}: customData is ${props.customData.length} characters; shorten it to at most ${CONFIG_VALUE_MAX}`);
        }
        const link = props.externalEntityLink;
        if (link !== undefined && !cdktf_1.Token.isUnresolved(link)) {
            if (!isHttpsUrl(link))
                throw new Error(`${where}: externalEntityLink "${link}" must be an https:// URL`);
            if (link.length > CONFIG_VALUE_MAX)
                throw new Error(`${where}: externalEntityLink is longer than ${CONFIG_VALUE_MAX} characters; shorten it`);
        }
        const n = props.notification ?? { create: true };
        if ("topicArn" in n) {
            if (!cdktf_1.Token.isUnresolved(n.topicArn) && !TOPIC_ARN.test(n.topicArn)) {
                throw new Error(`${where}: notification.topicArn "${n.topicArn}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`);
            }
            if (n.kmsKeyArn !== undefined && !cdktf_1.Token.isUnresolved(n.kmsKeyArn) && !KEY_ARN.test(n.kmsKeyArn)) {
                throw new Error(`${where}: notification.kmsKeyArn "${n.kmsKeyArn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases cannot be granted`);
            }
        }
        else {
            if (n.create !== true)
                throw new Error(`${where}: notification must be { topicArn } or { create: true }`);
            for (const email of n.emailSubscribers ?? []) {
                if (!cdktf_1.Token.isUnresolved(email) && !EMAIL.test(email)) {
                    throw new Error(`${where}: notification.emailSubscribers entry "${email}" is not an email address`);
                }
            }
            if (n.topicName !== undefined && !cdktf_1.Token.isUnresolved(n.topicName) && !TOPIC_NAME.test(n.topicName)) {
                throw new Error(`${where}: notification.topicName "${n.topicName}" must be 1-256 letters, digits, "-" or "_"`);
            }
            if (new Set(n.emailSubscribers ?? []).size !== (n.emailSubscribers ?? []).length) {
                throw new Error(`${where}: notification.emailSubscribers lists an address twice; list each once`);
            }
        }
        this.notification = n;
    }
    bind(ctx) {
        const p = this.props;
        const where = `action "${p.actionName}"`;
        const n = this.notification;
        const configuration = (notificationArn) => (0, action_1.definedConfig)({ NotificationArn: notificationArn, CustomData: p.customData, ExternalEntityLink: p.externalEntityLink });
        if ("topicArn" in n) {
            const region = TOPIC_ARN.exec(n.topicArn)?.[1];
            if (region !== undefined && !cdktf_1.Token.isUnresolved(ctx.pipelineRegion) && region !== ctx.pipelineRegion) {
                throw new Error(`${where}: notification.topicArn is in ${region}, but approval topics must be in the pipeline's region ${ctx.pipelineRegion}; use a topic there or { create: true }`);
            }
            return { configuration: configuration(n.topicArn) };
        }
        const base = `${p.actionName}-approval`;
        if (ctx.scope.node.tryFindChild(`${base}-topic`)) {
            throw new Error(`${where}: another approval action named "${p.actionName}" in pipeline "${ctx.pipelineName}" already creates its topic; give the approval actions distinct names`);
        }
        // SNS topic names allow letters, digits, - and _ (pipeline and action names also allow . and @,
        // which fitName replaces, adding a hash so that distinct names stay distinct).
        const topicName = n.topicName ?? (0, names_1.fitName)(`${ctx.pipelineName}-${p.actionName}-approval`, names_1.AWS_NAMES.snsTopic);
        const roleArn = ctx.pipelineRoleArn;
        const keyArn = ctx.artifactStore.keyArn;
        const topic = new sns_topic_1.SnsTopic(ctx.scope, `${base}-topic`, {
            name: topicName,
            // The region's artifact CMK: its key policy already lets the pipeline role (the only
            // publisher) Encrypt/Decrypt/GenerateDataKey*, so encryption needs no new key policy and no
            // AWS managed key, which could not be restricted to this role.
            kmsMasterKeyId: keyArn,
        });
        new sns_topic_policy_1.SnsTopicPolicy(ctx.scope, `${base}-topic-policy`, {
            arn: topic.arn,
            policy: (0, policy_1.policyJson)(...(0, policy_1.grantStatements)("PipelineRolePublishes", [roleArn], `${where}: pipeline role`, ["sns:Publish"], topic.arn), {
                Sid: "OnlyPipelineRolePublishes",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topic.arn,
                Condition: { ArnNotEquals: { "aws:PrincipalArn": roleArn } },
            }, {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:*",
                Resource: topic.arn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
        });
        (n.emailSubscribers ?? []).forEach((email, i) => {
            new sns_topic_subscription_1.SnsTopicSubscription(ctx.scope, `${base}-email-${i}`, { topicArn: topic.arn, protocol: "email", endpoint: email });
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
    runnerPermissions() {
        const n = this.notification;
        if (!("topicArn" in n))
            return [];
        const statements = [{ Effect: "Allow", Action: ["sns:Publish"], Resource: n.topicArn }];
        if (n.kmsKeyArn !== undefined)
            statements.push({ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: n.kmsKeyArn });
        return statements;
    }
    /**
     * UNVERIFIED: the facts name no approval output variables, and a search for "ApprovalSummary"
     * found only the PutApprovalResult API's `result.summary` field (API_ApprovalResult, 0-512
     * characters), not an output variable of the action; so any name is accepted.
     */
    outputVariables() {
        return undefined;
    }
}
exports.ManualApprovalAction = ManualApprovalAction;
function isHttpsUrl(value) {
    try {
        return new URL(value).protocol === "https:";
    }
    catch {
        return false;
    }
}
