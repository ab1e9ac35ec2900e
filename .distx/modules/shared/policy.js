"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.KEY_ADMIN_ACTIONS = void 0;
exports.policyJson = policyJson;
exports.isRoleArn = isRoleArn;
exports.requireAccountId = requireAccountId;
exports.requireRoleName = requireRoleName;
exports.requireBucketName = requireBucketName;
exports.organizationCondition = organizationCondition;
exports.grantPrincipals = grantPrincipals;
exports.grantStatements = grantStatements;
exports.requireInt = requireInt;
exports.keyAdministration = keyAdministration;
exports.denyInsecureTransport = denyInsecureTransport;
exports.useConnectionActions = useConnectionActions;
const cdktf_1 = require("cdktf");
/** Serialises a policy; string tokens inside it become Terraform interpolations. */
function policyJson(...statements) {
    const doc = { Version: "2012-10-17", Statement: statements };
    return JSON.stringify(doc);
}
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** Whether a literal string is an IAM role ARN (no wildcards, valid name). */
function isRoleArn(value) {
    return ROLE_ARN.test(value);
}
/** Throws unless `value` is a token or a 12-digit account id. */
function requireAccountId(field, value) {
    if (!cdktf_1.Token.isUnresolved(value) && !/^\d{12}$/.test(value)) {
        throw new Error(`${field}: "${value}" is not a 12-digit AWS account id`);
    }
    return value;
}
/** Throws unless `value` is a token or a valid IAM role name. */
function requireRoleName(field, value) {
    if (!cdktf_1.Token.isUnresolved(value) && !/^[\w+=,.@-]{1,64}$/.test(value)) {
        throw new Error(`${field}: "${value}" is not a valid IAM role name (1-64 letters, digits and +=,.@_-; no "/")`);
    }
    return value;
}
/** Throws unless `value` is a token or a bucket name S3 accepts for a new general purpose bucket. */
function requireBucketName(field, value) {
    if (cdktf_1.Token.isUnresolved(value))
        return value;
    const ok = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) &&
        !/\.\.|\.-|-\./.test(value) &&
        !/^\d+\.\d+\.\d+\.\d+$/.test(value) &&
        !/^(xn--|sthree-|amzn-s3-demo-)/.test(value) &&
        !/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(value);
    if (!ok) {
        throw new Error(`${field}: "${value}" is not a valid S3 bucket name; use 3-63 lowercase letters, digits, dots and hyphens, no "..", not an IP address, no reserved prefix or suffix`);
    }
    return value;
}
/** The conditions of an organization-wide grant of `principalArnPattern`. */
function organizationCondition(org, principalArnPattern) {
    const paths = org.paths ?? [];
    return {
        StringEquals: { "aws:PrincipalOrgID": org.id },
        ArnLike: { "aws:PrincipalArn": principalArnPattern },
        // A multivalued key: ForAnyValue, and a trailing * so each path covers its child OUs.
        ...(paths.length ? { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": paths.map((p) => `${p}*`) } } : {}),
    };
}
function grantPrincipals(roleArns, field, org) {
    const byName = new Map();
    const direct = [];
    for (const arn of new Set(roleArns)) {
        if (cdktf_1.Token.isUnresolved(arn)) {
            direct.push(arn);
            continue;
        }
        const match = ROLE_ARN.exec(arn);
        if (!match) {
            throw new Error(`${field}: "${arn}" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>); pass role ARNs only, never "*" or an account root`);
        }
        const [, partition, account] = match;
        const name = arn.slice(arn.indexOf(":role/") + ":role/".length);
        const entry = byName.get(`${partition}|${name}`) ?? { partition, accounts: new Set() };
        entry.accounts.add(account);
        byName.set(`${partition}|${name}`, entry);
    }
    const root = (partition, account) => `arn:${partition}:iam::${account}:root`;
    const grants = [];
    const byAccount = new Map();
    for (const [key, { partition, accounts }] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const name = key.slice(key.indexOf("|") + 1);
        if (org && accounts.size > org.listAccountsUpTo) {
            grants.push({ principal: "*", condition: organizationCondition(org, `arn:${partition}:iam::*:role/${name}`) });
            continue;
        }
        if (accounts.size > 1) {
            const roots = [...accounts].sort().map((a) => root(partition, a));
            grants.push({ principal: { AWS: roots }, condition: { ArnLike: { "aws:PrincipalArn": `arn:${partition}:iam::*:role/${name}` } } });
            continue;
        }
        const [account] = [...accounts];
        const entry = byAccount.get(account) ?? { partition, arns: [] };
        entry.arns.push(`arn:${partition}:iam::${account}:role/${name}`);
        byAccount.set(account, entry);
    }
    for (const [account, { partition, arns }] of [...byAccount.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        grants.push({ principal: { AWS: root(partition, account) }, condition: { ArnEquals: { "aws:PrincipalArn": arns.sort() } } });
    }
    if (direct.length > 0)
        grants.push({ principal: { AWS: direct } });
    return grants;
}
/** One Allow statement per grant principal, with a stable Sid suffix. */
function grantStatements(sid, roleArns, field, actions, resources, org) {
    return grantPrincipals(roleArns, field, org).map((g, i) => ({
        Sid: `${sid}${i}`,
        Effect: "Allow",
        Principal: g.principal,
        Action: actions,
        Resource: resources,
        ...(g.condition ? { Condition: g.condition } : {}),
    }));
}
/** Throws unless `value` is a whole number within [min, max]. */
function requireInt(field, value, min, max) {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new Error(`${field}: ${value} must be a whole number from ${min} to ${max}`);
    }
    return value;
}
/** Key administration without the right to use the key for data . */
exports.KEY_ADMIN_ACTIONS = [
    "kms:CreateAlias",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
];
/** Key-policy statements for the key administrators; throws when there are none. */
function keyAdministration(keyAdministratorArns, field = "keyAdministratorArns") {
    if (keyAdministratorArns.length === 0) {
        throw new Error(`${field}: give at least one role that may administer the key, or it becomes unmanageable`);
    }
    return grantStatements("KeyAdministration", keyAdministratorArns, field, exports.KEY_ADMIN_ACTIONS, "*");
}
/** Deny of every request that does not use TLS. */
function denyInsecureTransport(actionPrefix, resources) {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: `${actionPrefix}:*`,
        Resource: resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
/**
 * `<prefix>:UseConnection` for a connection ARN, with the service prefix of the ARN itself: IAM
 * matches a connection only with the prefix it was created under ("When specifying a resource in
 * the IAM policy, the service prefix needs to match that of the resource", Developer Tools console
 * guide, "Connections rename - Summary of changes", docs.aws.amazon.com/dtconsole/latest/userguide/rename.html).
 * An ARN only known at apply time gets both prefixes.
 */
function useConnectionActions(connectionArn) {
    const service = cdktf_1.Token.isUnresolved(connectionArn) ? undefined : /^arn:[^:]+:(codestar-connections|codeconnections):/.exec(connectionArn)?.[1];
    return service ? [`${service}:UseConnection`] : ["codeconnections:UseConnection", "codestar-connections:UseConnection"];
}
