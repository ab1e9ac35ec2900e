"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ALLOW_ALL = void 0;
exports.sessionArn = sessionArn;
exports.requestContext = requestContext;
exports.toSimulation = toSimulation;
exports.evaluate = evaluate;
/**
 * The only place that calls the IAM policy evaluator (@cloud-copilot/iam-simulate, AGPL-3.0, a
 * devDependency: import it from verify/ and tests only, never from modules/, stacks/ or main.ts).
 *
 * The evaluator decides like AWS does: for a cross-account request both the caller's identity
 * policies and the resource policy must allow (an account-root grant narrowed by aws:PrincipalArn
 * counts only together with an identity allow); for a same-account request either suffices,
 * except for KMS keys and role trust policies, where the resource policy must trust the account or
 * the principal; a service principal needs the resource policy; any explicit deny wins. It fills in
 * no context keys by itself: {@link requestContext} does.
 */
const iam_simulate_1 = require("@cloud-copilot/iam-simulate");
const evaluator_caches_1 = require("./evaluator-caches");
(0, evaluator_caches_1.installEvaluatorCaches)();
/** An identity policy that allows everything: the account root, and the stand-in for unknown attached policies. */
exports.ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
/** The session ARN a role's requests carry. */
function sessionArn(roleArn, account, name) {
    return roleArn.startsWith("arn:") ? `arn:aws:sts::${account}:assumed-role/${name}/access-proof` : roleArn;
}
/** The context keys AWS would put on the request; the evaluator adds none itself. */
function requestContext(check) {
    const c = check.caller;
    const ctx = {
        "aws:SecureTransport": String(check.secureTransport ?? true),
        "aws:ResourceAccount": check.resourceAccount,
    };
    if (check.region)
        ctx["aws:RequestedRegion"] = check.region;
    if ((c.type === "role" || c.type === "root") && c.org) {
        ctx["aws:PrincipalOrgID"] = c.org.id;
        if (c.org.path)
            ctx["aws:PrincipalOrgPaths"] = [c.org.path];
    }
    switch (c.type) {
        case "role":
            Object.assign(ctx, {
                "aws:PrincipalArn": c.arn,
                "aws:PrincipalAccount": c.account,
                "aws:PrincipalType": "AssumedRole",
                "aws:PrincipalIsAWSService": "false",
            });
            break;
        case "root":
            Object.assign(ctx, {
                "aws:PrincipalArn": `arn:aws:iam::${c.account}:root`,
                "aws:PrincipalAccount": c.account,
                "aws:PrincipalType": "Account",
                "aws:PrincipalIsAWSService": "false",
            });
            break;
        case "service":
            Object.assign(ctx, { "aws:PrincipalServiceName": c.service, "aws:PrincipalIsAWSService": "true" });
            if (c.sourceArn)
                ctx["aws:SourceArn"] = c.sourceArn;
            if (c.sourceAccount)
                ctx["aws:SourceAccount"] = c.sourceAccount;
            break;
        case "anonymous":
            ctx["aws:PrincipalType"] = "Anonymous";
            break;
    }
    return { ...ctx, ...(check.context ?? {}) };
}
/** The simulation input for a check, exactly as it is handed to the evaluator. */
function toSimulation(check) {
    const c = check.caller;
    let principal;
    let identityPolicies = [];
    let permissionBoundaryPolicies;
    switch (c.type) {
        case "role":
            principal = sessionArn(c.arn, c.account, c.name.split("/").pop() ?? c.name);
            identityPolicies = c.identity.map((p) => ({ name: p.name, policy: p.policy }));
            if (check.expected === "DENIED") {
                for (const arn of c.unresolvedManaged ?? [])
                    identityPolicies.push({ name: `${arn} (unknown document: assumed to allow everything)`, policy: exports.ALLOW_ALL });
            }
            if (c.boundary)
                permissionBoundaryPolicies = [{ name: c.boundary.name, policy: c.boundary.policy }];
            break;
        case "root":
            principal = `arn:aws:iam::${c.account}:root`;
            identityPolicies = [{ name: "account root", policy: exports.ALLOW_ALL }];
            break;
        case "service":
            principal = c.service;
            break;
        case "anonymous":
            principal = iam_simulate_1.anonymousPrincipal;
            break;
    }
    return {
        request: {
            principal,
            action: check.action,
            resource: { resource: check.resource, accountId: check.resourceAccount },
            contextVariables: requestContext(check),
        },
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(check.resourcePolicy ? { resourcePolicy: check.resourcePolicy } : {}),
        ...(permissionBoundaryPolicies ? { permissionBoundaryPolicies } : {}),
    };
}
/** Evaluates one check with the IAM policy evaluator. */
async function evaluate(check) {
    let response;
    try {
        response = await (0, iam_simulate_1.runSimulation)(toSimulation(check), { simulationMode: "Strict" });
    }
    catch (e) {
        return { result: "ERROR", detail: `evaluator threw: ${e.message}`, resourceExplicitDeny: false };
    }
    if (response.resultType === "error") {
        return { result: "ERROR", detail: `evaluator rejected the request: ${JSON.stringify(response.errors)}`, resourceExplicitDeny: false };
    }
    const analyses = response.resultType === "single" ? [response.result.analysis] : response.results.map((x) => x.analysis);
    const parts = [];
    let resourceExplicitDeny = false;
    for (const a of analyses) {
        if (check.caller.type === "role" || check.caller.type === "root")
            parts.push(`identity ${a.identityAnalysis?.result ?? "-"}`);
        const rp = a.resourceAnalysis;
        if (rp) {
            const denies = rp.denyStatements.map((s) => s.statement.sid() ?? `#${s.statement.index()}`);
            parts.push(`resource ${rp.result}${denies.length ? ` by ${denies.join(",")}` : ""}`);
            if (rp.result === "ExplicitlyDenied" && denies.length > 0)
                resourceExplicitDeny = true;
        }
        if (a.blockedBy?.length)
            parts.push(`blocked by ${a.blockedBy.join(",")}`);
    }
    const result = response.overallResult === "Allowed" ? "ALLOWED" : "DENIED";
    return { result, detail: `${response.overallResult} (${parts.join(", ")})`, resourceExplicitDeny };
}
