"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.validateTriggers = validateTriggers;
exports.renderTrigger = renderTrigger;
exports.validateCondition = validateCondition;
exports.ruleStatements = ruleStatements;
exports.renderCondition = renderCondition;
exports.renderFailure = renderFailure;
const limits_1 = require("./limits");
function validateTriggers(where, triggers, sources) {
    if (triggers.length > limits_1.LIMITS.triggersPerPipeline)
        throw new Error(`${where}: ${triggers.length} triggers; at most ${limits_1.LIMITS.triggersPerPipeline}`);
    const seen = new Set();
    for (const t of triggers) {
        const at = `${where} trigger on "${t.sourceActionName}"`;
        const source = sources.find((s) => s.actionName === t.sourceActionName);
        if (!source)
            throw new Error(`${at}: no source action of that name in the first stage`);
        if (source.type.provider !== "CodeStarSourceConnection") {
            throw new Error(`${at}: triggers work only on CodeStarSourceConnection sources, not ${source.type.provider}; use the source's change detection (EventBridge) instead`);
        }
        if (seen.has(t.sourceActionName))
            throw new Error(`${at}: a source action has at most one trigger; merge the filters`);
        seen.add(t.sourceActionName);
        const push = t.push ?? [];
        const pr = t.pullRequest ?? [];
        if (push.length === 0 && pr.length === 0)
            throw new Error(`${at}: give at least one push or pullRequest filter`);
        if (push.length > limits_1.LIMITS.filtersPerTrigger)
            throw new Error(`${at}: ${push.length} push filters; at most ${limits_1.LIMITS.filtersPerTrigger}`);
        if (pr.length > limits_1.LIMITS.filtersPerTrigger)
            throw new Error(`${at}: ${pr.length} pullRequest filters; at most ${limits_1.LIMITS.filtersPerTrigger}`);
        push.forEach((f, i) => {
            const fat = `${at} push[${i}]`;
            if (f.tags && (f.branches || f.filePaths))
                throw new Error(`${fat}: tags cannot be combined with branches or filePaths in one filter; use two filters`);
            if (!f.tags && !f.branches)
                throw new Error(`${fat}: give branches or tags (filePaths alone do not select a ref)`);
            checkPatterns(`${fat}.branches`, f.branches);
            checkPatterns(`${fat}.filePaths`, f.filePaths);
            checkPatterns(`${fat}.tags`, f.tags);
        });
        pr.forEach((f, i) => {
            const fat = `${at} pullRequest[${i}]`;
            if (!f.branches)
                throw new Error(`${fat}: give branches (the pull request's target branches)`);
            checkPatterns(`${fat}.branches`, f.branches);
            checkPatterns(`${fat}.filePaths`, f.filePaths);
            const events = f.events ?? [];
            for (const e of events)
                if (!["OPEN", "UPDATED", "CLOSED"].includes(e))
                    throw new Error(`${fat}.events: "${e}" is not OPEN, UPDATED or CLOSED`);
            if (new Set(events).size !== events.length)
                throw new Error(`${fat}.events: an event is listed twice`);
        });
    }
}
function checkPatterns(at, p) {
    if (!p)
        return;
    const includes = p.includes ?? [];
    const excludes = p.excludes ?? [];
    if (includes.length === 0 && excludes.length === 0)
        throw new Error(`${at}: give includes or excludes`);
    for (const [name, list] of [["includes", includes], ["excludes", excludes]]) {
        if (list.length > limits_1.LIMITS.patternsPerList)
            throw new Error(`${at}.${name}: ${list.length} patterns; at most ${limits_1.LIMITS.patternsPerList}`);
        for (const pattern of list)
            if (pattern.length === 0 || pattern.length > 255)
                throw new Error(`${at}.${name}: patterns must be 1-255 characters`);
    }
}
const patterns = (p) => p ? { ...(p.includes?.length ? { includes: p.includes } : {}), ...(p.excludes?.length ? { excludes: p.excludes } : {}) } : undefined;
function renderTrigger(t) {
    return {
        providerType: "CodeStarSourceConnection",
        gitConfiguration: {
            sourceActionName: t.sourceActionName,
            ...(t.push?.length
                ? {
                    push: t.push.map((f) => ({
                        ...(f.branches ? { branches: patterns(f.branches) } : {}),
                        ...(f.filePaths ? { filePaths: patterns(f.filePaths) } : {}),
                        ...(f.tags ? { tags: patterns(f.tags) } : {}),
                    })),
                }
                : {}),
            ...(t.pullRequest?.length
                ? {
                    pullRequest: t.pullRequest.map((f) => ({
                        events: f.events ?? ["OPEN", "UPDATED", "CLOSED"],
                        ...(f.branches ? { branches: patterns(f.branches) } : {}),
                        ...(f.filePaths ? { filePaths: patterns(f.filePaths) } : {}),
                    })),
                }
                : {}),
        },
    };
}
const RULE_PROVIDERS = ["LambdaInvoke", "CloudWatchAlarm", "CodeBuild", "DeploymentWindow", "VariableCheck", "Commands"];
function validateCondition(at, c, results) {
    if (!results.includes(c.result))
        throw new Error(`${at}: result "${c.result}" is not allowed here; use ${results.join(" or ")}`);
    if (c.rules.length < 1 || c.rules.length > limits_1.LIMITS.rulesPerCondition)
        throw new Error(`${at}: give 1 to ${limits_1.LIMITS.rulesPerCondition} rules, got ${c.rules.length}`);
    for (const r of c.rules) {
        if (!RULE_PROVIDERS.includes(r.provider))
            throw new Error(`${at}: rule "${r.name}" provider "${r.provider}" is not one of ${RULE_PROVIDERS.join(", ")}`);
        if (r.provider === "Commands" && !(r.commands ?? []).length)
            throw new Error(`${at}: Commands rule "${r.name}" needs commands`);
        if (r.provider !== "Commands" && r.commands?.length)
            throw new Error(`${at}: rule "${r.name}" is not a Commands rule; remove commands`);
        // AWS: an entry condition that skips the stage supports only these rules ("Configure conditions for a stage").
        if (c.result === "SKIP" && r.provider !== "LambdaInvoke" && r.provider !== "VariableCheck") {
            throw new Error(`${at}: result SKIP supports only LambdaInvoke and VariableCheck rules; rule "${r.name}" is ${r.provider}`);
        }
    }
}
/** The configuration key naming what a rule reads, where the pipeline role needs a grant on it. */
const RULE_RESOURCE_KEY = { CloudWatchAlarm: "AlarmName", LambdaInvoke: "FunctionName", CodeBuild: "ProjectName" };
/**
 * What the pipeline role needs to evaluate a rule that runs without a role of its own, on exactly
 * the rule's resource ("Service role policy permissions" of each rule-reference-<Provider> page of
 * the CodePipeline user guide). DeploymentWindow and VariableCheck read nothing.
 */
function ruleStatements(at, r, where) {
    if (r.roleArn)
        return [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: r.roleArn }];
    const region = r.region ?? where.region;
    const key = RULE_RESOURCE_KEY[r.provider];
    const value = key === undefined ? undefined : r.configuration?.[key];
    if (key !== undefined && !value)
        throw new Error(`${at}: ${r.provider} rule "${r.name}" needs configuration.${key}`);
    switch (r.provider) {
        case "CloudWatchAlarm":
            return [{ Effect: "Allow", Action: "cloudwatch:DescribeAlarms", Resource: `arn:aws:cloudwatch:${region}:${where.account}:alarm:${value}` }];
        case "LambdaInvoke":
            return [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: value.startsWith("arn:") ? value : `arn:aws:lambda:${region}:${where.account}:function:${value}` }];
        case "CodeBuild":
            return [{ Effect: "Allow", Action: ["codebuild:BatchGetBuilds", "codebuild:StartBuild"], Resource: `arn:aws:codebuild:${region}:${where.account}:project/${value}` }];
        case "Commands": {
            // Commands run as builds that log to the pipeline's own log group.
            const group = `arn:aws:logs:${region}:${where.account}:log-group:/aws/codepipeline/${where.pipelineName}`;
            return [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: [group, `${group}:*`] }];
        }
        default:
            return [];
    }
}
function renderCondition(c) {
    return {
        result: c.result,
        rule: c.rules.map((r) => ({
            name: r.name,
            ruleTypeId: { category: "Rule", owner: "AWS", provider: r.provider, version: "1" },
            ...(r.configuration ? { configuration: r.configuration } : {}),
            ...(r.commands?.length ? { commands: r.commands } : {}),
            ...(r.inputArtifacts?.length ? { inputArtifacts: r.inputArtifacts } : {}),
            ...(r.roleArn ? { roleArn: r.roleArn } : {}),
            ...(r.region ? { region: r.region } : {}),
            ...(r.timeoutInMinutes ? { timeoutInMinutes: r.timeoutInMinutes } : {}),
        })),
    };
}
function renderFailure(f) {
    return {
        result: f.result,
        ...(f.result === "RETRY" ? { retryConfiguration: { retryMode: f.retryMode ?? "FAILED_ACTIONS" } } : {}),
        ...(f.conditions ? { condition: renderCondition(f.conditions) } : {}),
    };
}
