"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.roleNameOf = roleNameOf;
exports.rolePolicies = rolePolicies;
exports.roleMayCall = roleMayCall;
const arn_1 = require("./arn");
const policy_1 = require("./policy");
/** Name of a role from its ARN (`arn:aws:iam::<acct>:role/<path/>name`). */
function roleNameOf(roleArn) {
    const arn = (0, arn_1.parseArn)(roleArn);
    if (!arn || arn.service !== "iam" || !arn.resource.startsWith("role/"))
        return undefined;
    return arn.resource.split("/").pop();
}
/**
 * Every identity policy the app attaches to a role: aws_iam_role inline_policy blocks and
 * managed_policy_arns, aws_iam_role_policy, aws_iam_role_policy_attachment and
 * aws_iam_policy_attachment (customer managed policies the app defines). Attachments of policies
 * the app does not define (AWS managed ones included) are listed as unknown.
 */
function rolePolicies(ctx, roleArn) {
    const arn = (0, arn_1.parseArn)(roleArn);
    const name = roleNameOf(roleArn);
    if (!arn || !name)
        return { roleInApp: false, statements: [], unknown: [`${roleArn} is not a role ARN`] };
    const inAccount = (r) => r.account === undefined || r.account === arn.account;
    const statements = [];
    const unknown = [];
    const add = (source, policy) => {
        const parsed = (0, policy_1.parsePolicy)(policy);
        if (parsed.ok)
            statements.push(...parsed.statements);
        else
            unknown.push(`${source}: ${parsed.error}`);
    };
    const attach = (source, policyArn) => {
        const policy = typeof policyArn === "string" ? ctx.findByArn(policyArn, ["aws_iam_policy"]) : undefined;
        if (policy)
            add(policy.address, policy.values.policy);
        else
            unknown.push(`${source}: policy ${String(policyArn)} is not defined in this app`);
    };
    let roleInApp = false;
    for (const role of ctx.resources("aws_iam_role")) {
        if (role.values.name !== name || !inAccount(role))
            continue;
        roleInApp = true;
        const inline = role.values.inline_policy;
        for (const block of Array.isArray(inline) ? inline : inline ? [inline] : []) {
            const policy = block.policy;
            if (policy !== undefined)
                add(`${role.address} inline_policy`, policy);
        }
        const managed = role.values.managed_policy_arns;
        for (const p of Array.isArray(managed) ? managed : [])
            attach(role.address, p);
    }
    for (const p of ctx.resources("aws_iam_role_policy")) {
        if ((p.values.role === name || p.values.role === roleArn) && inAccount(p))
            add(p.address, p.values.policy);
    }
    for (const a of ctx.resources("aws_iam_role_policy_attachment")) {
        if ((a.values.role === name || a.values.role === roleArn) && inAccount(a))
            attach(a.address, a.values.policy_arn);
    }
    for (const a of ctx.resources("aws_iam_policy_attachment")) {
        const roles = a.values.roles;
        if (Array.isArray(roles) && roles.includes(name) && inAccount(a))
            attach(a.address, a.values.policy_arn);
    }
    return { roleInApp, statements, unknown };
}
/** Whether a role's identity policies in the app allow every action on a resource. */
function roleMayCall(policies, actions, resource, context) {
    const missing = actions.filter((action) => {
        const req = { action, resource, ...(context ? { context } : {}) };
        return !(0, policy_1.allows)(policies.statements, req);
    });
    return { missing };
}
