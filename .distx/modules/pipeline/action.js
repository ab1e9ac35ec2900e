"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Action = void 0;
exports.definedConfig = definedConfig;
const cdktf_1 = require("cdktf");
const policy_1 = require("../shared/policy");
const ACTION_NAME = /^[A-Za-z0-9.@_-]{1,100}$/;
const NAMESPACE = /^[A-Za-z0-9@_-]{1,100}$/;
/**
 * A pipeline action: declares its type, artifacts, account and region, and creates resources
 * only when the pipeline binds it. Cross-account and cross-region handling is the pipeline's job.
 */
class Action {
    type;
    actionName;
    runOrder;
    namespace;
    region;
    roleArn;
    inputs;
    outputs;
    timeoutInMinutes;
    constructor(type, props) {
        this.type = type;
        const where = `action "${props.actionName}"`;
        if (!ACTION_NAME.test(props.actionName)) {
            throw new Error(`${where}: actionName must be 1-100 letters, digits or .@-_ characters`);
        }
        if (props.namespace !== undefined && !NAMESPACE.test(props.namespace)) {
            throw new Error(`${where}: namespace "${props.namespace}" must be 1-100 letters, digits or @-_ characters`);
        }
        const runOrder = props.runOrder ?? 1;
        if (!Number.isInteger(runOrder) || runOrder < 1 || runOrder > 999) {
            throw new Error(`${where}: runOrder ${runOrder} must be a whole number from 1 to 999`);
        }
        const inputs = props.inputs ?? [];
        const outputs = props.outputs ?? [];
        const b = type.artifactBounds;
        if (inputs.length < b.minInputs || inputs.length > b.maxInputs) {
            throw new Error(`${where}: ${type.provider} takes ${range(b.minInputs, b.maxInputs)} input artifact(s), got ${inputs.length}`);
        }
        if (outputs.length < b.minOutputs || outputs.length > b.maxOutputs) {
            throw new Error(`${where}: ${type.provider} produces ${range(b.minOutputs, b.maxOutputs)} output artifact(s), got ${outputs.length}`);
        }
        for (const a of [...inputs, ...outputs]) {
            if (!/^[A-Za-z0-9_-]{1,100}$/.test(a))
                throw new Error(`${where}: artifact name "${a}" must be 1-100 letters, digits, _ or -`);
        }
        if (props.timeoutInMinutes !== undefined) {
            if (type.category !== "Approval")
                throw new Error(`${where}: timeoutInMinutes is only accepted by manual approval actions; remove it`);
            if (!Number.isInteger(props.timeoutInMinutes) || props.timeoutInMinutes < 5 || props.timeoutInMinutes > 86400) {
                throw new Error(`${where}: timeoutInMinutes ${props.timeoutInMinutes} must be a whole number from 5 to 86400`);
            }
        }
        if (new Set(inputs).size !== inputs.length)
            throw new Error(`${where}: an input artifact is listed twice`);
        if (props.roleArn !== undefined && !cdktf_1.Token.isUnresolved(props.roleArn) && !(0, policy_1.isRoleArn)(props.roleArn)) {
            throw new Error(`${where}: roleArn "${props.roleArn}" is not an IAM role ARN`);
        }
        this.actionName = props.actionName;
        this.runOrder = runOrder;
        this.inputs = inputs;
        this.outputs = outputs;
        if (props.namespace !== undefined)
            this.namespace = props.namespace;
        if (props.region !== undefined)
            this.region = props.region;
        if (props.roleArn !== undefined)
            this.roleArn = props.roleArn;
        if (props.timeoutInMinutes !== undefined)
            this.timeoutInMinutes = props.timeoutInMinutes;
    }
    /**
     * For sources that do not poll: the event that must start the pipeline. The pipeline's owner
     * routes it (with a dead-letter queue) to `codepipeline:StartPipelineExecution`. Pure.
     */
    changeEvent(_where) {
        return undefined;
    }
    /** Output variables the action emits, for checking `#{Namespace.Variable}` references. `undefined`: any name. */
    outputVariables() {
        return undefined;
    }
    /**
     * For a source whose output is a CODEBUILD_CLONE_REF: what the CodeBuild role that consumes it needs
     * to clone the repository itself. `undefined`: the output is a full copy (CODE_ZIP). Pure.
     */
    cloneRefPermissions(_where) {
        return undefined;
    }
    /**
     * Permissions the role that runs the action needs in `where` (an account and region): the
     * pipeline role for same-account actions, the action's `roleArn` otherwise. Pure, so target
     * account stacks can grant them before the pipeline exists.
     */
    runnerPermissions(_where) {
        return [];
    }
}
exports.Action = Action;
function range(min, max) {
    return min === max ? `exactly ${min}` : `${min} to ${max}`;
}
/** Removes undefined entries so the configuration map only holds keys that are set. */
function definedConfig(entries) {
    const out = {};
    for (const [k, v] of Object.entries(entries))
        if (v !== undefined)
            out[k] = String(v);
    return out;
}
