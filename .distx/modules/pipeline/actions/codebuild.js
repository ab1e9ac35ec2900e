"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CodeBuildAction = void 0;
exports.codeBuildActionProjectName = codeBuildActionProjectName;
const cdktf_1 = require("cdktf");
const artifact_layout_1 = require("../../shared/artifact-layout");
const codebuild_project_1 = require("../../codebuild-project");
const names_1 = require("../../shared/names");
const action_1 = require("../action");
/** CodePipeline's limit on one configuration value (AWS CodePipeline quotas). */
const CONFIGURATION_VALUE_MAX = 1000;
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,149}$/;
const EXPORTED_VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Default project name of a CodeBuild action: `<pipelineName>-<actionName>` lowercased; when that
 * has characters CodeBuild rejects (`.`, `@`) or is too long, they become `-` and the name ends in a
 * hash of the whole name ({@link fitName}), so distinct names stay distinct.
 */
function codeBuildActionProjectName(pipelineName, actionName) {
    return (0, names_1.fitName)(`${pipelineName}-${actionName}`.toLowerCase(), names_1.AWS_NAMES.codeBuildProject);
}
// Project names the actions of one pipeline (bind scope) have taken, to fail clearly on collisions:
// action names are unique per stage only, project names per account and region.
const takenNames = new WeakMap();
/** Runs a CodeBuild project that the action creates (category Build or Test). */
class CodeBuildAction extends action_1.Action {
    props;
    exported;
    projectConstruct;
    constructor(props) {
        const category = props.category ?? "Build";
        super({
            category,
            owner: "AWS",
            provider: "CodeBuild",
            version: "1",
            artifactBounds: { minInputs: 1, maxInputs: 5, minOutputs: 0, maxOutputs: 5 },
        }, props);
        const where = `action "${props.actionName}"`;
        if (category !== "Build" && category !== "Test") {
            throw new Error(`${where}: category "${String(category)}" must be "Build" or "Test"`);
        }
        if (props.roleArn !== undefined) {
            throw new Error(`${where}: CodeBuild actions run in the tools account with the pipeline role; remove roleArn (the project's own role does the work)`);
        }
        if (props.projectName !== undefined && !cdktf_1.Token.isUnresolved(props.projectName) && !PROJECT_NAME.test(props.projectName)) {
            throw new Error(`${where}: projectName "${props.projectName}" must be 2-150 letters, digits, "-" or "_", starting with a letter or digit`);
        }
        (0, codebuild_project_1.resolveSpec)(`${where}: project`, props.project);
        const inputs = this.inputs;
        if (props.primarySource === undefined && inputs.length > 1) {
            throw new Error(`${where}: primarySource is required with several inputs; set it to one of ${inputs.join(", ")}`);
        }
        if (props.primarySource !== undefined && !inputs.includes(props.primarySource)) {
            throw new Error(`${where}: primarySource "${props.primarySource}" is not an input; use one of ${inputs.join(", ")}`);
        }
        if (props.combineArtifacts && !props.batchEnabled) {
            throw new Error(`${where}: combineArtifacts needs batchEnabled: true`);
        }
        if (props.batchEnabled && !props.project.batchBuilds) {
            throw new Error(`${where}: batchEnabled needs project.batchBuilds (the project's batch configuration); add project.batchBuilds: {}`);
        }
        (0, codebuild_project_1.validateEnvironmentVariables)(`${where}: environmentVariables`, props.environmentVariables ?? []);
        const json = environmentVariablesJson(props.environmentVariables);
        if (json !== undefined && !cdktf_1.Token.isUnresolved(json) && json.length > CONFIGURATION_VALUE_MAX) {
            throw new Error(`${where}: environmentVariables encode to ${json.length} characters, over CodePipeline's ${CONFIGURATION_VALUE_MAX}-character limit for a configuration value; move variables to project.environmentVariables`);
        }
        const exported = props.exportedVariables ?? [];
        const seen = new Set();
        for (const name of exported) {
            if (!EXPORTED_VARIABLE.test(name)) {
                throw new Error(`${where}: exportedVariables "${name}" must start with a letter or "_" and hold only letters, digits and "_"`);
            }
            if (seen.has(name))
                throw new Error(`${where}: exportedVariables lists "${name}" twice`);
            seen.add(name);
        }
        const text = props.project.buildspec;
        if (exported.length && text !== undefined && !cdktf_1.Token.isUnresolved(text)) {
            const missing = exported.filter((n) => !new RegExp(`(^|[^A-Za-z0-9_])${n}([^A-Za-z0-9_]|$)`, "m").test(text));
            if (!text.includes("exported-variables") || missing.length) {
                throw new Error(`${where}: exportedVariables ${(missing.length ? missing : exported).join(", ")} are not exported by the inline buildspec; list them under env.exported-variables`);
            }
        }
        this.props = props;
        this.exported = exported;
    }
    /** The project the action created; available after the pipeline binds the action. */
    get project() {
        if (!this.projectConstruct)
            throw new Error(`action "${this.actionName}": project is available only after the pipeline binds the action`);
        return this.projectConstruct;
    }
    bind(ctx) {
        const p = this.props;
        const name = p.projectName ?? codeBuildActionProjectName(ctx.pipelineName, this.actionName);
        const taken = takenNames.get(ctx.scope) ?? new Map();
        const holder = taken.get(name);
        if (holder !== undefined) {
            throw new Error(`action "${this.actionName}": CodeBuild project name "${name}" is already used by action "${holder}" of pipeline "${ctx.pipelineName}"; rename one of the actions or set projectName`);
        }
        taken.set(name, this.actionName);
        takenNames.set(ctx.scope, taken);
        const actionVariables = p.environmentVariables ?? [];
        this.projectConstruct = new codebuild_project_1.CodeBuildProject(ctx.scope, `codebuild-${name}`, {
            ...p.project,
            projectName: name,
            accountId: ctx.pipelineAccount,
            artifactStore: ctx.artifactStore,
            artifactAccess: this.outputs.length > 0 ? "readWrite" : "read",
            // Its pipeline's folder only: the store is shared with other pipelines.
            artifactKeys: { read: [(0, artifact_layout_1.pipelineArtifactKeys)(ctx.pipelineName)], write: this.outputs.map((o) => (0, artifact_layout_1.artifactKeys)(ctx.pipelineName, o)) },
            ...(ctx.region !== ctx.pipelineRegion ? { region: ctx.region } : {}),
            ...(ctx.logEncryptionKey ? { logEncryptionKey: ctx.logEncryptionKey } : {}),
            // The build resolves the action's PARAMETER_STORE / SECRETS_MANAGER variables with the project role.
            extraStatements: [
                ...(p.project.extraStatements ?? []),
                ...(0, codebuild_project_1.environmentVariableStatements)(actionVariables, ctx.region, ctx.pipelineAccount).map((s) => ({ ...s, Sid: `Action${s.Sid ?? ""}` })),
                ...(ctx.cloneRefStatements ?? []).map((s, i) => ({ ...s, Sid: `CloneSource${i}` })),
            ],
        });
        const actions = ["codebuild:BatchGetBuilds", "codebuild:StartBuild"];
        if (p.batchEnabled)
            actions.push("codebuild:BatchGetBuildBatches", "codebuild:StartBuildBatch");
        const runnerStatements = [{ Effect: "Allow", Action: actions, Resource: this.projectConstruct.projectArn }];
        return {
            configuration: (0, action_1.definedConfig)({
                // The token makes Terraform create the project before the pipeline.
                ProjectName: this.projectConstruct.project.name,
                PrimarySource: p.primarySource,
                BatchEnabled: p.batchEnabled ? true : undefined,
                CombineArtifacts: p.combineArtifacts ? true : undefined,
                EnvironmentVariables: environmentVariablesJson(p.environmentVariables),
            }),
            runnerStatements,
        };
    }
    outputVariables() {
        return this.exported;
    }
}
exports.CodeBuildAction = CodeBuildAction;
/** The EnvironmentVariables configuration value (JSON array with name, value and type), or undefined when empty. */
function environmentVariablesJson(variables) {
    if (!variables?.length)
        return undefined;
    return JSON.stringify(variables.map((v) => ({ name: v.name, value: v.value, type: v.type ?? "PLAINTEXT" })));
}
