"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AWS_NAMES = void 0;
exports.fitName = fitName;
exports.boundedName = boundedName;
const node_crypto_1 = require("node:crypto");
/**
 * The naming rules of the resources whose names the modules derive from other names (pipeline,
 * action, rule and landing-zone names), each from its AWS API reference.
 */
exports.AWS_NAMES = {
    /** IAM API reference, CreateRole: RoleName 1-64 of [\w+=,.@-]. */
    iamRole: { what: "IAM role name", max: 64, allowed: /[\w+=,.@-]/ },
    /** IAM API reference, PutRolePolicy: PolicyName 1-128 of [\w+=,.@-]. */
    iamPolicy: { what: "IAM policy name", max: 128, allowed: /[\w+=,.@-]/ },
    /** EventBridge API reference, PutRule / Rule: Name 1-64 of [\.\-_A-Za-z0-9]. */
    eventRule: { what: "EventBridge rule name", max: 64, allowed: /[.\-_A-Za-z0-9]/ },
    /** SQS API reference, CreateQueue: up to 80 alphanumeric characters, hyphens and underscores. */
    sqsQueue: { what: "SQS queue name", max: 80, allowed: /[A-Za-z0-9_-]/ },
    /** SNS API reference, CreateTopic: 1-256 ASCII letters, numbers, underscores and hyphens. */
    snsTopic: { what: "SNS topic name", max: 256, allowed: /[A-Za-z0-9_-]/ },
    /** CloudWatch API reference, PutMetricAlarm: AlarmName 1-255 UTF-8 characters without ASCII control characters. */
    alarm: { what: "CloudWatch alarm name", max: 255, allowed: /[^\u0000-\u001f\u007f]/ },
    /** CodeBuild user guide, "Quotas for AWS CodeBuild": project names of 2-150 letters, digits, - and _ (API: starting with a letter or digit). */
    codeBuildProject: { what: "CodeBuild project name", max: 150, allowed: /[A-Za-z0-9_-]/, first: /[A-Za-z0-9]/ },
    /** CloudFormation AWS::CodeStarNotifications::NotificationRule: Name 1-64 of [A-Za-z0-9\-_ ]. */
    notificationRule: { what: "CodeStar notification rule name", max: 64, allowed: /[A-Za-z0-9 _-]/ },
    /** Lambda API reference, AddPermission: StatementId of at most 100 letters, digits, - and _. */
    lambdaStatementId: { what: "Lambda permission statement id", max: 100, allowed: /[A-Za-z0-9_-]/ },
    /** CodePipeline API reference, StageDeclaration: name 1-100 of [A-Za-z0-9.@\-_]. */
    pipelineStage: { what: "CodePipeline stage name", max: 100, allowed: /[A-Za-z0-9.@_-]/ },
};
/**
 * `name` if AWS accepts it under `rule`; otherwise a name it accepts, always the same for the same
 * input: characters outside the rule become `-`, and the name is cut to fit and ends in a hash of
 * the whole original name, so distinct inputs stay distinct (two names that differ only in a
 * replaced character get different hashes). Names that already fit never change.
 */
function fitName(name, rule) {
    const first = rule.first ?? rule.allowed;
    const ok = (c, re) => re.test(c);
    const chars = [...name];
    if (chars.length > 0 && chars.length <= rule.max && ok(chars[0], first) && chars.every((c) => ok(c, rule.allowed)))
        return name;
    const hash = shortHash(name);
    let clean = chars.map((c) => (ok(c, rule.allowed) ? c : "-")).join("");
    if (clean === "" || !ok([...clean][0], first))
        clean = `x${clean}`;
    return `${[...clean].slice(0, rule.max - hash.length - 1).join("")}-${hash}`;
}
/**
 * `name` if it fits in `max` characters, else its first characters and a hash of the whole name, so
 * distinct long names stay distinct and the result never changes between runs.
 */
function boundedName(name, max) {
    return fitName(name, { what: "name", max, allowed: /[^]/ });
}
function shortHash(name) {
    return (0, node_crypto_1.createHash)("sha256").update(name).digest("hex").slice(0, 8);
}
