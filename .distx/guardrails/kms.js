"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findKey = findKey;
exports.keyPolicy = keyPolicy;
exports.resourcePolicyGrant = resourcePolicyGrant;
const arn_1 = require("./arn");
const policy_1 = require("./policy");
const AWS_MANAGED = /(^|:)alias\/aws\//;
/** Follows a key reference to the aws_kms_key of the app (through aws_kms_alias when needed). */
function findKey(ctx, ref) {
    if (!ref)
        return { awsManaged: false };
    if (AWS_MANAGED.test(ref))
        return { awsManaged: true };
    const byArn = ctx.findByArn(ref, ["aws_kms_key"]);
    if (byArn)
        return { key: byArn, awsManaged: false };
    const placeholder = /^<([\w-]+):aws_kms_key\.([\w-]+)>$/.exec(ref);
    if (placeholder) {
        const key = ctx.resources("aws_kms_key").find((k) => k.stack === placeholder[1] && k.name === placeholder[2]);
        if (key)
            return { key, awsManaged: false };
    }
    const aliasName = /^alias\//.test(ref) ? ref : (0, arn_1.parseArn)(ref)?.resource;
    if (aliasName?.startsWith("alias/")) {
        const arn = (0, arn_1.parseArn)(ref);
        const alias = ctx
            .resources("aws_kms_alias")
            .find((a) => a.values.name === aliasName && (!arn || (a.region === arn.region && a.account === arn.account)));
        const target = alias?.values.target_key_id;
        if (typeof target === "string" && target !== ref)
            return findKey(ctx, target);
    }
    return { awsManaged: false };
}
/** The statements of a key's policy (aws_kms_key.policy or aws_kms_key_policy), or an error. */
function keyPolicy(ctx, key) {
    const keyArn = ctx.arnOf(key);
    const sources = [key.values.policy];
    for (const p of ctx.resources("aws_kms_key_policy")) {
        const id = p.values.key_id;
        if (typeof id === "string" && (id === keyArn || findKey(ctx, id).key === key))
            sources.push(p.values.policy);
    }
    const statements = [];
    for (const s of sources) {
        if (s === undefined)
            continue;
        const parsed = (0, policy_1.parsePolicy)(s);
        if (!parsed.ok)
            return { statements, error: `${key.address} policy: ${parsed.error}` };
        statements.push(...parsed.statements);
    }
    return { statements };
}
/**
 * How a resource policy lets a role do something: `direct` when an applicable Allow names the
 * role (or `*`), `account` when it only names the role's account root (the role then also needs an
 * identity policy), `none` when nothing allows it or a Deny applies.
 */
function resourcePolicyGrant(statements, req) {
    let grant = "none";
    for (const st of statements) {
        if (!(0, policy_1.statementApplies)(st, req))
            continue;
        if (st.effect === "Deny")
            return "none";
        const p = st.principal;
        const direct = !!p && (p.any || (req.caller?.principalArn !== undefined && p.aws.includes(req.caller.principalArn)));
        if (direct)
            grant = "direct";
        else if (grant === "none" && p?.aws.some((a) => (0, policy_1.rootAccount)(a) !== undefined))
            grant = "account";
    }
    return grant;
}
