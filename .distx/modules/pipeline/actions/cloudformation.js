"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CloudFormationStackInstancesAction = exports.CloudFormationStackSetAction = exports.CloudFormationDeployAction = exports.CONFIGURATION_VALUE_MAX = exports.ARTIFACT_PATH = exports.CLOUDFORMATION_NAME = exports.STACK_SET_CAPABILITIES = exports.CLOUDFORMATION_CAPABILITIES = exports.CLOUDFORMATION_ACTION_MODES = void 0;
exports.requireArtifactPath = requireArtifactPath;
exports.cloudFormationChangeSetPair = cloudFormationChangeSetPair;
const cdktf_1 = require("cdktf");
const policy_1 = require("../../shared/policy");
const action_1 = require("../action");
exports.CLOUDFORMATION_ACTION_MODES = [
    "CREATE_UPDATE",
    "DELETE_ONLY",
    "REPLACE_ON_FAILURE",
    "CHANGE_SET_REPLACE",
    "CHANGE_SET_EXECUTE",
];
exports.CLOUDFORMATION_CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"];
exports.STACK_SET_CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"];
/** Stack, stack set and change set names: a letter, then letters, digits and hyphens; at most 128. */
exports.CLOUDFORMATION_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** `Artifact::path/in/artifact`. */
exports.ARTIFACT_PATH = /^([A-Za-z0-9_-]{1,100})::(\S.*)$/;
/** CodePipeline rejects configuration values longer than this (limits.md). */
exports.CONFIGURATION_VALUE_MAX = 1000;
const WITH_TEMPLATE = ["CREATE_UPDATE", "REPLACE_ON_FAILURE", "CHANGE_SET_REPLACE"];
const WITH_ROLE = ["CREATE_UPDATE", "REPLACE_ON_FAILURE", "DELETE_ONLY", "CHANGE_SET_REPLACE"];
const CHANGE_SET_MODES = ["CHANGE_SET_REPLACE", "CHANGE_SET_EXECUTE"];
/**
 * Checks an `Artifact::path` value and that its artifact is one of the action's inputs; returns the
 * artifact name. Shared by the deploy actions.
 */
function requireArtifactPath(where, field, value, inputs) {
    const match = exports.ARTIFACT_PATH.exec(value);
    if (!match)
        throw new Error(`${where}: ${field} "${value}" must be "<InputArtifact>::<path/in/artifact>", e.g. "Build::template.yaml"`);
    const artifact = match[1];
    if (!inputs.includes(artifact)) {
        throw new Error(`${where}: ${field} reads artifact "${artifact}", which is not one of the action's inputs (${inputs.join(", ") || "none"}); add it to inputs`);
    }
    return artifact;
}
/** Throws unless a literal is a CloudFormation stack, stack set or change set name. */
function requireCloudFormationName(where, field, value) {
    if (!cdktf_1.Token.isUnresolved(value) && !exports.CLOUDFORMATION_NAME.test(value)) {
        throw new Error(`${where}: ${field} "${value}" must start with a letter and hold only letters, digits and hyphens (at most 128 characters)`);
    }
}
function requireRoleArn(where, field, value) {
    if (!cdktf_1.Token.isUnresolved(value) && !(0, policy_1.isRoleArn)(value)) {
        throw new Error(`${where}: ${field} "${value}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
    }
}
function requireUnique(where, field, values) {
    const dup = values.find((v, i) => values.indexOf(v) !== i);
    if (dup !== undefined)
        throw new Error(`${where}: ${field} lists "${String(dup)}" twice; list each once`);
}
function requireValueLength(where, key, value) {
    if (value !== undefined && !cdktf_1.Token.isUnresolved(value) && value.length > exports.CONFIGURATION_VALUE_MAX) {
        throw new Error(`${where}: ${key} is ${value.length} characters; CodePipeline accepts at most ${exports.CONFIGURATION_VALUE_MAX} per configuration value`);
    }
}
/** Creates, updates, replaces or deletes a stack, or creates or executes a change set. */
class CloudFormationDeployAction extends action_1.Action {
    props;
    constructor(props) {
        super({
            category: "Deploy",
            owner: "AWS",
            provider: "CloudFormation",
            version: "1",
            artifactBounds: { minInputs: 0, maxInputs: 10, minOutputs: 0, maxOutputs: 1 },
        }, props);
        this.props = props;
        const where = `action "${props.actionName}"`;
        const mode = props.actionMode;
        if (!exports.CLOUDFORMATION_ACTION_MODES.includes(mode)) {
            throw new Error(`${where}: actionMode "${mode}" must be one of ${exports.CLOUDFORMATION_ACTION_MODES.join(", ")}`);
        }
        requireCloudFormationName(where, "stackName", props.stackName);
        if (CHANGE_SET_MODES.includes(mode)) {
            if (props.changeSetName === undefined)
                throw new Error(`${where}: actionMode ${mode} needs changeSetName; name the change set`);
            requireCloudFormationName(where, "changeSetName", props.changeSetName);
        }
        else if (props.changeSetName !== undefined) {
            throw new Error(`${where}: changeSetName is only used by CHANGE_SET_REPLACE and CHANGE_SET_EXECUTE; remove it for ${mode}`);
        }
        if (WITH_TEMPLATE.includes(mode)) {
            if (props.templatePath === undefined)
                throw new Error(`${where}: actionMode ${mode} needs templatePath ("<InputArtifact>::<template file>")`);
        }
        else {
            // DELETE_ONLY and CHANGE_SET_EXECUTE read no template: a template setting there is a mistake.
            const unused = ["templatePath", "templateConfiguration", "parameterOverrides", "capabilities"].filter((k) => props[k] !== undefined);
            if (unused.length)
                throw new Error(`${where}: ${unused.join(", ")} ${unused.length > 1 ? "are" : "is"} not used by ${mode}; remove ${unused.length > 1 ? "them" : "it"}`);
        }
        const inputs = props.inputs ?? [];
        if (props.templatePath !== undefined)
            requireArtifactPath(where, "templatePath", props.templatePath, inputs);
        if (props.templateConfiguration !== undefined)
            requireArtifactPath(where, "templateConfiguration", props.templateConfiguration, inputs);
        if (WITH_ROLE.includes(mode)) {
            if (props.deploymentRoleArn === undefined) {
                throw new Error(`${where}: actionMode ${mode} needs deploymentRoleArn, the CloudFormation execution role of the target account`);
            }
            requireRoleArn(where, "deploymentRoleArn", props.deploymentRoleArn);
        }
        else if (props.deploymentRoleArn !== undefined) {
            throw new Error(`${where}: CHANGE_SET_EXECUTE does not apply deploymentRoleArn (the change set keeps the role it was created with); remove it`);
        }
        if (props.capabilities) {
            for (const c of props.capabilities) {
                if (!exports.CLOUDFORMATION_CAPABILITIES.includes(c))
                    throw new Error(`${where}: capability "${c}" must be one of ${exports.CLOUDFORMATION_CAPABILITIES.join(", ")}`);
            }
            requireUnique(where, "capabilities", props.capabilities);
        }
        if (props.parameterOverrides !== undefined) {
            const json = JSON.stringify(props.parameterOverrides);
            // limits.md: parameter overrides at most 1 KB; every configuration value at most 1000 characters.
            if (Buffer.byteLength(json, "utf8") > 1024 || json.length > exports.CONFIGURATION_VALUE_MAX) {
                throw new Error(`${where}: parameterOverrides is ${json.length} characters as JSON; the limit is 1 KB (and 1000 characters per value); move parameters into a templateConfiguration file`);
            }
        }
        const outputs = props.outputs ?? [];
        if (props.outputFileName !== undefined) {
            if (!/^[^\s:][^:]*$/.test(props.outputFileName))
                throw new Error(`${where}: outputFileName "${props.outputFileName}" must be a file name such as "outputs.json"`);
            if (outputs.length !== 1)
                throw new Error(`${where}: outputFileName needs exactly one output artifact to write to; got ${outputs.length}`);
        }
        else if (outputs.length > 0) {
            throw new Error(`${where}: an output artifact needs outputFileName (the file the stack outputs are written to); set it or remove the output`);
        }
    }
    bind() {
        const p = this.props;
        return {
            configuration: (0, action_1.definedConfig)({
                ActionMode: p.actionMode,
                StackName: p.stackName,
                ChangeSetName: p.changeSetName,
                TemplatePath: p.templatePath,
                TemplateConfiguration: p.templateConfiguration,
                ParameterOverrides: p.parameterOverrides === undefined ? undefined : JSON.stringify(p.parameterOverrides),
                Capabilities: p.capabilities?.length ? p.capabilities.join(",") : undefined,
                RoleArn: p.deploymentRoleArn,
                OutputFileName: p.outputFileName,
            }),
        };
    }
    runnerPermissions(where) {
        const p = this.props;
        // Stack ARNs end in a generated id; change set operations are authorized on the stack, not on a
        // changeSet resource (only DescribeEvents and tagging take changeSet ARNs).
        const stack = `arn:aws:cloudformation:${where.region}:${where.account}:stack/${p.stackName}/*`;
        const statements = [];
        switch (p.actionMode) {
            case "CREATE_UPDATE":
                statements.push({ Effect: "Allow", Action: ["cloudformation:CreateStack", "cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks", "cloudformation:SetStackPolicy", "cloudformation:UpdateStack"], Resource: stack });
                break;
            case "REPLACE_ON_FAILURE":
                statements.push({
                    Effect: "Allow",
                    Action: ["cloudformation:CreateStack", "cloudformation:DeleteStack", "cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks", "cloudformation:SetStackPolicy", "cloudformation:UpdateStack"],
                    Resource: stack,
                });
                break;
            case "DELETE_ONLY":
                statements.push({ Effect: "Allow", Action: ["cloudformation:DeleteStack", "cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks"], Resource: stack });
                break;
            case "CHANGE_SET_REPLACE":
            case "CHANGE_SET_EXECUTE":
                // Only the change set actions carry cloudformation:ChangeSetName (Service Authorization Reference,
                // AWS CloudFormation); DescribeStacks/DescribeStackEvents get a statement without it.
                statements.push({
                    Effect: "Allow",
                    Action: p.actionMode === "CHANGE_SET_REPLACE"
                        ? ["cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet", "cloudformation:DescribeChangeSet"]
                        : ["cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet"],
                    Resource: stack,
                    Condition: { StringEqualsIfExists: { "cloudformation:ChangeSetName": p.changeSetName } },
                }, {
                    Effect: "Allow",
                    Action: p.actionMode === "CHANGE_SET_REPLACE" ? ["cloudformation:DescribeStacks"] : ["cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks"],
                    Resource: stack,
                });
                break;
        }
        if (WITH_TEMPLATE.includes(p.actionMode)) {
            // ValidateTemplate has no resource-level permissions (Service Authorization Reference): "*" is required.
            statements.push({ Effect: "Allow", Action: "cloudformation:ValidateTemplate", Resource: "*" });
        }
        if (p.deploymentRoleArn !== undefined) {
            statements.push({
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: p.deploymentRoleArn,
                Condition: { StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } },
            });
        }
        return statements;
    }
    /** The stack's outputs: any name. */
    outputVariables() {
        return undefined;
    }
}
exports.CloudFormationDeployAction = CloudFormationDeployAction;
/**
 * The production deploy: create the change set at `runOrder` (default 1), execute it at `runOrder + 1`,
 * same stack and change set. The execute action gets no template settings and no `RoleArn`.
 */
function cloudFormationChangeSetPair(props) {
    const runOrder = (0, policy_1.requireInt)(`action "${props.prepareActionName}": runOrder`, props.runOrder ?? 1, 1, 998);
    const { prepareActionName, executeActionName, namespace, outputs, outputFileName, ...rest } = props;
    const shared = {
        stackName: props.stackName,
        changeSetName: props.changeSetName,
        ...(props.region !== undefined ? { region: props.region } : {}),
        ...(props.roleArn !== undefined ? { roleArn: props.roleArn } : {}),
    };
    const prepare = new CloudFormationDeployAction({ ...rest, actionName: prepareActionName, actionMode: "CHANGE_SET_REPLACE", runOrder });
    const execute = new CloudFormationDeployAction({
        ...shared,
        actionName: executeActionName,
        actionMode: "CHANGE_SET_EXECUTE",
        runOrder: runOrder + 1,
        ...(namespace !== undefined ? { namespace } : {}),
        ...(outputs !== undefined ? { outputs } : {}),
        ...(outputFileName !== undefined ? { outputFileName } : {}),
    });
    return [prepare, execute];
}
// ---------------------------------------------------------------------------
// StackSets
// ---------------------------------------------------------------------------
const ACCOUNT_TARGET = /^\d{12}$/;
const OU_OR_ROOT_TARGET = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d$/;
const STACK_SET_OUTPUT_VARIABLES = ["StackSetId", "OperationId"];
function validatePercentages(where, p) {
    if (p.failureTolerancePercentage !== undefined)
        (0, policy_1.requireInt)(`${where}: failureTolerancePercentage`, p.failureTolerancePercentage, 0, 100);
    if (p.maxConcurrentPercentage !== undefined)
        (0, policy_1.requireInt)(`${where}: maxConcurrentPercentage`, p.maxConcurrentPercentage, 0, 100);
}
/** Literal `Key=Value` parameters as CodePipeline's shorthand (`ParameterKey=K,ParameterValue=V ...`). */
function shorthandParameters(where, field, params) {
    const entries = Object.entries(params);
    if (entries.length === 0)
        throw new Error(`${where}: ${field} is empty; remove it or give at least one parameter`);
    for (const [k, v] of entries) {
        if (!/^[A-Za-z0-9]{1,255}$/.test(k))
            throw new Error(`${where}: ${field} key "${k}" must be a template parameter name (letters and digits)`);
        if (/[\s,]/.test(v))
            throw new Error(`${where}: ${field} value of "${k}" contains a space or comma, which the shorthand syntax cannot carry; use the matching *Path field with a JSON file`);
    }
    const rendered = entries.map(([k, v]) => `ParameterKey=${k},ParameterValue=${v}`).join(" ");
    requireValueLength(where, field, rendered);
    return rendered;
}
function validateRegions(where, regions) {
    if (regions.length === 0)
        throw new Error(`${where}: regions is empty; list the regions to deploy stack instances to`);
    for (const r of regions)
        if (!cdktf_1.Token.isUnresolved(r) && !REGION_NAME.test(r))
            throw new Error(`${where}: regions entry "${r}" is not a region name such as "eu-west-1"`);
    requireUnique(where, "regions", regions);
}
function stackSetStatements(where, stackSetName, actions, instanceActions) {
    const stackSet = `arn:aws:cloudformation:${where.region}:${where.account}:stackset/${stackSetName}:*`;
    const statements = [{ Effect: "Allow", Action: actions, Resource: stackSet }];
    if (instanceActions.length) {
        // Instance operations are also authorized on the stackset-target (stack set id / target account or
        // OU) and on the template's resource types, both evaluated per *target* region, so their region is
        // "*". Type ARNs name resource types, not resources of another account; sources disagree on whether
        // their account field is set, hence "*" there too. The stackset resource above still pins the name.
        statements.push({
            Effect: "Allow",
            Action: instanceActions,
            Resource: [stackSet, `arn:aws:cloudformation:*:${where.account}:stackset-target/${stackSetName}:*`, "arn:aws:cloudformation:*:*:type/resource/*"],
        });
    }
    return statements;
}
/** Creates or updates a stack set (and, with targets, its instances). */
class CloudFormationStackSetAction extends action_1.Action {
    props;
    permissionModel;
    constructor(props) {
        super({
            category: "Deploy",
            owner: "AWS",
            provider: "CloudFormationStackSet",
            version: "1",
            artifactBounds: { minInputs: 1, maxInputs: 3, minOutputs: 0, maxOutputs: 0 },
        }, props);
        this.props = props;
        const where = `action "${props.actionName}"`;
        const inputs = props.inputs ?? [];
        requireCloudFormationName(where, "stackSetName", props.stackSetName);
        requireValueLength(where, "description", props.description);
        requireArtifactPath(where, "templatePath", props.templatePath, inputs);
        if (props.parameters !== undefined && props.parametersPath !== undefined) {
            throw new Error(`${where}: give parameters or parametersPath, not both`);
        }
        if (props.parametersPath !== undefined)
            requireArtifactPath(where, "parametersPath", props.parametersPath, inputs);
        if (props.parameters !== undefined)
            shorthandParameters(where, "parameters", props.parameters);
        if (props.capabilities) {
            for (const c of props.capabilities) {
                if (!exports.STACK_SET_CAPABILITIES.includes(c))
                    throw new Error(`${where}: capability "${c}" must be one of ${exports.STACK_SET_CAPABILITIES.join(", ")} for stack sets`);
            }
            requireUnique(where, "capabilities", props.capabilities);
        }
        this.permissionModel = props.permissionModel ?? "SELF_MANAGED";
        if (this.permissionModel === "SERVICE_MANAGED") {
            if (props.administrationRoleArn !== undefined || props.executionRoleName !== undefined) {
                throw new Error(`${where}: administrationRoleArn and executionRoleName are for SELF_MANAGED stack sets; SERVICE_MANAGED uses the Organizations service roles, remove them`);
            }
        }
        else {
            if (props.organizationsAutoDeployment !== undefined) {
                throw new Error(`${where}: organizationsAutoDeployment needs permissionModel SERVICE_MANAGED; set it or remove organizationsAutoDeployment`);
            }
            if (props.administrationRoleArn !== undefined)
                requireRoleArn(where, "administrationRoleArn", props.administrationRoleArn);
            if (props.executionRoleName !== undefined && !cdktf_1.Token.isUnresolved(props.executionRoleName) && !/^[\w+=,.@-]{1,64}$/.test(props.executionRoleName)) {
                throw new Error(`${where}: executionRoleName "${props.executionRoleName}" is not an IAM role name (1-64 letters, digits and +=,.@_-)`);
            }
        }
        if (props.organizationsAutoDeployment !== undefined && (props.deploymentTargets !== undefined || props.regions !== undefined)) {
            throw new Error(`${where}: with organizationsAutoDeployment, CloudFormation picks the accounts; remove deploymentTargets and regions`);
        }
        if ((props.deploymentTargets === undefined) !== (props.regions === undefined)) {
            throw new Error(`${where}: deploymentTargets and regions go together; give both or neither`);
        }
        if (props.deploymentTargets !== undefined) {
            if (props.deploymentTargets.length === 0)
                throw new Error(`${where}: deploymentTargets is empty; list the accounts or OUs`);
            const form = this.permissionModel === "SELF_MANAGED" ? ACCOUNT_TARGET : OU_OR_ROOT_TARGET;
            const hint = this.permissionModel === "SELF_MANAGED" ? "12-digit account ids" : "OU ids (ou-...) or the root id (r-...)";
            for (const t of props.deploymentTargets) {
                if (!cdktf_1.Token.isUnresolved(t) && !form.test(t))
                    throw new Error(`${where}: deploymentTargets entry "${t}" is invalid; ${this.permissionModel} stack sets deploy to ${hint}`);
            }
            requireUnique(where, "deploymentTargets", props.deploymentTargets);
            requireValueLength(where, "DeploymentTargets", props.deploymentTargets.join(","));
            validateRegions(where, props.regions);
        }
        validatePercentages(where, props);
    }
    bind() {
        const p = this.props;
        return {
            configuration: (0, action_1.definedConfig)({
                StackSetName: p.stackSetName,
                Description: p.description,
                TemplatePath: p.templatePath,
                Parameters: p.parametersPath ?? (p.parameters ? shorthandParameters("", "parameters", p.parameters) : undefined),
                Capabilities: p.capabilities?.length ? p.capabilities.join(",") : undefined,
                PermissionModel: this.permissionModel,
                AdministrationRoleArn: p.administrationRoleArn,
                ExecutionRoleName: p.executionRoleName,
                OrganizationsAutoDeployment: p.organizationsAutoDeployment,
                DeploymentTargets: p.deploymentTargets?.join(","),
                Regions: p.regions?.join(","),
                FailureTolerancePercentage: p.failureTolerancePercentage,
                MaxConcurrentPercentage: p.maxConcurrentPercentage,
            }),
        };
    }
    runnerPermissions(where) {
        const p = this.props;
        const statements = stackSetStatements(where, p.stackSetName, [
            "cloudformation:DescribeStackSet",
            "cloudformation:DescribeStackSetOperation",
            "cloudformation:ListStackInstances",
            "cloudformation:ListStackSetOperationResults",
            "cloudformation:UpdateStackSet",
        ], 
        // Neither StackSet action deletes instances (create/update only), so no DeleteStackInstances.
        p.deploymentTargets ? ["cloudformation:CreateStackInstances"] : []);
        // CreateStackSet has no resource-level permissions (Service Authorization Reference): "*" is required.
        statements.push({ Effect: "Allow", Action: "cloudformation:CreateStackSet", Resource: "*" });
        if (this.permissionModel === "SELF_MANAGED") {
            statements.push({
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: p.administrationRoleArn ?? `arn:aws:iam::${where.account}:role/AWSCloudFormationStackSetAdministrationRole`,
                Condition: { StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } },
            });
        }
        return statements;
    }
    outputVariables() {
        return STACK_SET_OUTPUT_VARIABLES;
    }
}
exports.CloudFormationStackSetAction = CloudFormationStackSetAction;
/** Creates or updates instances of an existing stack set. */
class CloudFormationStackInstancesAction extends action_1.Action {
    props;
    constructor(props) {
        super({
            category: "Deploy",
            owner: "AWS",
            provider: "CloudFormationStackInstances",
            version: "1",
            artifactBounds: { minInputs: 0, maxInputs: 2, minOutputs: 0, maxOutputs: 0 },
        }, props);
        this.props = props;
        const where = `action "${props.actionName}"`;
        requireCloudFormationName(where, "stackSetName", props.stackSetName);
        if (props.deploymentTargets !== undefined) {
            if (props.deploymentTargets.length === 0)
                throw new Error(`${where}: deploymentTargets is empty; list the accounts or OUs, or remove it`);
            const literal = props.deploymentTargets.filter((t) => !cdktf_1.Token.isUnresolved(t));
            for (const t of literal) {
                if (!ACCOUNT_TARGET.test(t) && !OU_OR_ROOT_TARGET.test(t)) {
                    throw new Error(`${where}: deploymentTargets entry "${t}" is neither a 12-digit account id nor an OU (ou-...) or root (r-...) id`);
                }
            }
            if (literal.some((t) => ACCOUNT_TARGET.test(t)) && literal.some((t) => OU_OR_ROOT_TARGET.test(t))) {
                throw new Error(`${where}: deploymentTargets mixes account ids and OU/root ids; a self-managed stack set takes accounts, a service-managed one OUs`);
            }
            requireUnique(where, "deploymentTargets", props.deploymentTargets);
            requireValueLength(where, "DeploymentTargets", props.deploymentTargets.join(","));
        }
        validateRegions(where, props.regions);
        if (props.parameterOverrides !== undefined && props.parameterOverridesPath !== undefined) {
            throw new Error(`${where}: give parameterOverrides or parameterOverridesPath, not both`);
        }
        if (props.parameterOverridesPath !== undefined)
            requireArtifactPath(where, "parameterOverridesPath", props.parameterOverridesPath, props.inputs ?? []);
        if (props.parameterOverrides !== undefined)
            shorthandParameters(where, "parameterOverrides", props.parameterOverrides);
        validatePercentages(where, props);
    }
    bind() {
        const p = this.props;
        return {
            configuration: (0, action_1.definedConfig)({
                StackSetName: p.stackSetName,
                DeploymentTargets: p.deploymentTargets?.join(","),
                Regions: p.regions.join(","),
                ParameterOverrides: p.parameterOverridesPath ?? (p.parameterOverrides ? shorthandParameters("", "parameterOverrides", p.parameterOverrides) : undefined),
                FailureTolerancePercentage: p.failureTolerancePercentage,
                MaxConcurrentPercentage: p.maxConcurrentPercentage,
            }),
        };
    }
    runnerPermissions(where) {
        return stackSetStatements(where, this.props.stackSetName, ["cloudformation:DescribeStackSet", "cloudformation:DescribeStackSetOperation", "cloudformation:ListStackInstances", "cloudformation:ListStackSetOperationResults"], 
        // Create for new instances, Update for existing ones and parameter overrides; it never deletes.
        ["cloudformation:CreateStackInstances", "cloudformation:UpdateStackInstances"]);
    }
    outputVariables() {
        return STACK_SET_OUTPUT_VARIABLES;
    }
}
exports.CloudFormationStackInstancesAction = CloudFormationStackInstancesAction;
