"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.pipelineTargets = pipelineTargets;
exports.buildPipelineModel = buildPipelineModel;
exports.targetActionPermissions = targetActionPermissions;
exports.pipelineRegions = pipelineRegions;
exports.pipelineAccounts = pipelineAccounts;
exports.createdSourceBuckets = createdSourceBuckets;
const approval_1 = require("../modules/pipeline/actions/approval");
const codebuild_1 = require("../modules/pipeline/actions/codebuild");
const custom_1 = require("../modules/pipeline/actions/custom");
const invoke_1 = require("../modules/pipeline/actions/invoke");
const source_connection_1 = require("../modules/pipeline/actions/source-connection");
const sources_1 = require("../modules/pipeline/actions/sources");
const stack_sets_1 = require("../config/stack-sets");
const naming_1 = require("./naming");
const pipeline_factory_deploy_1 = require("./pipeline-factory-deploy");
/** Names of the targets any pipeline deploys to. */
function pipelineTargets(lz) {
    const names = new Set();
    for (const p of lz.pipelines)
        for (const s of p.stages)
            for (const a of s.actions)
                if ("account" in a && a.account)
                    names.add(a.account);
    return lz.targets.map((t) => t.name).filter((n) => names.has(n));
}
/** The pipeline model of `lz.pipelines[index]`: config entries become action objects. */
function buildPipelineModel(lz, index, roles, customTypes) {
    const p = lz.pipelines[index];
    const naming = new naming_1.Naming(lz);
    const placements = new Map();
    const stages = p.stages.map((s, si) => {
        const actions = s.actions.map((cfg, ai) => {
            try {
                const action = createAction(withStackSetRoles(lz, naming, p.name, cfg), roles, customTypes, { naming, pipelineName: p.name });
                const account = "account" in cfg ? cfg.account : undefined;
                placements.set(action, { ...(account ? { target: account } : {}), region: action.region ?? lz.tools.primaryRegion });
                return action;
            }
            catch (e) {
                throw new Error(`pipelines[${index}].stages[${si}].actions[${ai}]: ${e.message}`);
            }
        });
        return {
            name: s.name,
            actions,
            ...(s.beforeEntry ? { beforeEntry: s.beforeEntry } : {}),
            ...(s.onSuccess ? { onSuccess: s.onSuccess } : {}),
            ...(s.onFailure ? { onFailure: s.onFailure } : {}),
        };
    });
    return { stages, placements };
}
/** A stack set whose roles the landing zone creates gets their names (config/stack-sets.ts). */
function withStackSetRoles(lz, naming, pipelineName, cfg) {
    if (cfg.type !== "cloudformation-stackset" || !(0, stack_sets_1.isManaged)(cfg) || (0, stack_sets_1.managedStackSets)(lz).ownerByStackSet.get(cfg.stackSetName) !== pipelineName)
        return cfg;
    return {
        ...cfg,
        administrationRoleArn: naming.roleArn(lz.tools.accountId, naming.stackSetAdministrationRoleName(pipelineName)),
        executionRoleName: naming.stackSetExecutionRoleName(),
    };
}
// One line per type: the config entry's fields are the props, plus what depends on the organisation
// (roles) and the landing zone (the names of what the action creates).
function createAction(cfg, roles, customTypes, names) {
    switch (cfg.type) {
        case "codestar-source": {
            const { type: _t, name, ...rest } = cfg;
            return new source_connection_1.CodeStarConnectionSourceAction({ actionName: name, ...rest });
        }
        case "s3-source": {
            const { type: _t, name, ...rest } = cfg;
            return new sources_1.S3SourceAction({ actionName: name, ...rest });
        }
        case "ecr-source": {
            const { type: _t, name, ...rest } = cfg;
            return new sources_1.EcrSourceAction({ actionName: name, ...rest });
        }
        case "codecommit-source": {
            const { type: _t, name, ...rest } = cfg;
            return new sources_1.CodeCommitSourceAction({ actionName: name, ...rest });
        }
        case "codebuild": {
            const { type: _t, name, ...rest } = cfg;
            return new codebuild_1.CodeBuildAction({ actionName: name, ...rest, projectName: rest.projectName ?? names.naming.codeBuildProjectName(names.pipelineName, name) });
        }
        case "manual-approval": {
            const { type: _t, name, notification, ...rest } = cfg;
            const topic = notification && "topicArn" in notification ? notification : { ...(notification ?? { create: true }), topicName: names.naming.approvalTopicName(names.pipelineName, name) };
            return new approval_1.ManualApprovalAction({ actionName: name, ...rest, notification: topic });
        }
        case "lambda": {
            const { type: _t, name, account, ...rest } = cfg;
            return new invoke_1.LambdaInvokeAction({ actionName: name, ...rest, ...(account ? { roleArn: roles(account).actionRoleArn } : {}) });
        }
        case "step-functions": {
            const { type: _t, name, account, ...rest } = cfg;
            return new invoke_1.StepFunctionsInvokeAction({ actionName: name, ...rest, ...(account ? { roleArn: roles(account).actionRoleArn } : {}) });
        }
        case "custom": {
            const { type: _t, name, actionType, ...rest } = cfg;
            return new custom_1.CustomAction({ actionName: name, actionType: customTypes(actionType), ...rest });
        }
        case "cloudformation":
            return pipeline_factory_deploy_1.DEPLOY_FACTORIES.cloudformation(cfg, roles);
        case "cloudformation-stackset":
            return pipeline_factory_deploy_1.DEPLOY_FACTORIES["cloudformation-stackset"](cfg, roles);
        case "cloudformation-stack-instances":
            return pipeline_factory_deploy_1.DEPLOY_FACTORIES["cloudformation-stack-instances"](cfg, roles);
        case "codedeploy":
            return pipeline_factory_deploy_1.DEPLOY_FACTORIES.codedeploy(cfg, roles);
        case "ecs":
            return pipeline_factory_deploy_1.DEPLOY_FACTORIES.ecs(cfg, roles);
        case "ecs-blue-green":
            return pipeline_factory_deploy_1.DEPLOY_FACTORIES["ecs-blue-green"](cfg, roles);
        case "elastic-beanstalk":
            return pipeline_factory_deploy_1.DEPLOY_FACTORIES["elastic-beanstalk"](cfg, roles);
        case "service-catalog":
            return pipeline_factory_deploy_1.DEPLOY_FACTORIES["service-catalog"](cfg, roles);
        case "s3-deploy":
            return pipeline_factory_deploy_1.DEPLOY_FACTORIES["s3-deploy"](cfg, roles);
    }
}
/**
 * What the target account's action role needs for the actions pipelines run there, so the target
 * stack (applied before the pipelines) can grant it.
 */
function targetActionPermissions(lz, targetName, accountId, roles) {
    const statements = [];
    const naming = new naming_1.Naming(lz);
    lz.pipelines.forEach((p, pi) => p.stages.forEach((s, si) => s.actions.forEach((cfg, ai) => {
        if (!("account" in cfg) || cfg.account !== targetName)
            return;
        try {
            const action = createAction(cfg, roles, () => {
                throw new Error("custom actions run in the tools account");
            }, { naming, pipelineName: p.name });
            statements.push(...action.runnerPermissions({ account: accountId, region: action.region ?? lz.tools.primaryRegion }));
        }
        catch (e) {
            throw new Error(`pipelines[${pi}].stages[${si}].actions[${ai}]: ${e.message}`);
        }
    })));
    return statements;
}
/** Regions a pipeline of the landing-zone file runs actions in, its own included. */
function pipelineRegions(lz, p) {
    const regions = new Set([lz.tools.primaryRegion]);
    for (const s of p.stages)
        for (const a of s.actions)
            if ("region" in a && a.region)
                regions.add(a.region);
    return regions;
}
/** Target accounts a pipeline of the landing-zone file runs actions in. */
function pipelineAccounts(p) {
    const names = new Set();
    for (const s of p.stages)
        for (const a of s.actions)
            if ("account" in a && a.account)
                names.add(a.account);
    return names;
}
/** Names of the S3 source buckets the pipelines of the landing-zone file create. */
function createdSourceBuckets(lz) {
    const names = new Set();
    for (const p of lz.pipelines)
        for (const s of p.stages)
            for (const a of s.actions)
                if (a.type === "s3-source" && "create" in a.bucket)
                    names.add(a.bucket.bucketName);
    return [...names];
}
