"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.StepFunctionsInvokeAction = exports.LambdaInvokeAction = void 0;
const iam_role_policy_1 = require("@cdktf/provider-aws/lib/iam-role-policy");
const cdktf_1 = require("cdktf");
const policy_1 = require("../../shared/policy");
const action_1 = require("../action");
// General limit of one action configuration value (CodePipeline quotas); no smaller limit is
// documented for UserParameters or Input.
const CONFIG_VALUE_MAX = 1000;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$/;
const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$/;
/**
 * Invokes a Lambda function. The function must report back with PutJobSuccessResult or
 * PutJobFailureResult (see `lambda-handler`), or the action hangs until it times out.
 */
class LambdaInvokeAction extends action_1.Action {
    props;
    userParameters;
    constructor(props) {
        super({
            category: "Invoke",
            owner: "AWS",
            provider: "Lambda",
            version: "1",
            artifactBounds: { minInputs: 0, maxInputs: 5, minOutputs: 0, maxOutputs: 5 },
        }, props);
        this.props = props;
        const where = `action "${props.actionName}"`;
        const fn = props.functionName;
        if (!cdktf_1.Token.isUnresolved(fn) && !FUNCTION_NAME.test(fn) && !FUNCTION_ARN.test(fn)) {
            throw new Error(`${where}: functionName "${fn}" must be a function name (1-64 letters, digits, - or _, optionally ":<alias or version>") or a function ARN`);
        }
        if (props.userParameters !== undefined) {
            const value = typeof props.userParameters === "string" ? props.userParameters : JSON.stringify(props.userParameters);
            if (value.length > CONFIG_VALUE_MAX) {
                throw new Error(`${where}: userParameters is ${value.length} characters once serialised; CodePipeline allows ${CONFIG_VALUE_MAX}; pass less, or a reference (an S3 key, a parameter name)`);
            }
            this.userParameters = value;
        }
        const vars = props.outputVariables;
        if (vars !== undefined) {
            for (const v of vars) {
                // The characters a #{Namespace.Variable} reference can name; no length limit is documented.
                if (!/^[A-Za-z0-9@_.-]+$/.test(v))
                    throw new Error(`${where}: outputVariables entry "${v}" must be letters, digits or @-_. (what #{Namespace.Variable} can reference)`);
            }
            if (new Set(vars).size !== vars.length)
                throw new Error(`${where}: outputVariables lists a name twice`);
        }
        if (props.functionRoleName !== undefined)
            (0, policy_1.requireRoleName)(`${where}: functionRoleName`, props.functionRoleName);
    }
    bind(ctx) {
        const p = this.props;
        const where = `action "${p.actionName}"`;
        const arn = FUNCTION_ARN.exec(p.functionName);
        if (arn && arn[2] !== ctx.region && !cdktf_1.Token.isUnresolved(ctx.region)) {
            // Lambda only invokes functions of the endpoint's region.
            throw new Error(`${where}: functionName is a function in ${arn[2]}, but the action runs in ${ctx.region}; set region "${arn[2]}" on the action`);
        }
        if (p.functionRoleName !== undefined) {
            const roleAccount = p.roleArn !== undefined && !cdktf_1.Token.isUnresolved(p.roleArn) ? p.roleArn.split(":")[4] : undefined;
            const functionAccount = arn?.[3];
            const foreign = [roleAccount, functionAccount].find((a) => a !== undefined && !cdktf_1.Token.isUnresolved(ctx.pipelineAccount) && a !== ctx.pipelineAccount);
            if (foreign !== undefined) {
                throw new Error(`${where}: functionRoleName only works for functions in the pipeline's account ${ctx.pipelineAccount}, not ${foreign}; grant codepipeline:PutJobSuccessResult and PutJobFailureResult to the function's role in its own account`);
            }
            // One policy per function role and pipeline, shared by the pipeline's actions that use it.
            const id = `lambda-job-result-${p.functionRoleName}`;
            if (!ctx.scope.node.tryFindChild(id)) {
                new iam_role_policy_1.IamRolePolicy(ctx.scope, id, {
                    role: p.functionRoleName,
                    name: `codepipeline-job-result-${ctx.pipelineName}`,
                    policy: (0, policy_1.policyJson)({
                        Sid: "ReportJobResult",
                        Effect: "Allow",
                        // PutJobSuccessResult and PutJobFailureResult have no resource-level permissions
                        // (CodePipeline permissions reference: all resources "*" only); a job id is no ARN.
                        Action: ["codepipeline:PutJobFailureResult", "codepipeline:PutJobSuccessResult"],
                        Resource: "*",
                    }),
                });
            }
        }
        return { configuration: (0, action_1.definedConfig)({ FunctionName: p.functionName, UserParameters: this.userParameters }) };
    }
    /**
     * lambda:InvokeFunction on exactly the function, and lambda:ListFunctions, which has no resource
     * type (resource "*"): AWS's Lambda action tutorial says pipelines with Lambda actions fail
     * without both (verify/documented/permissions.ts, Invoke/AWS/Lambda).
     */
    runnerPermissions(where) {
        const fn = this.props.functionName;
        // A token is taken to be an ARN (see functionName): a Terraform conditional would put quoted
        // function arguments into the policy and leave it unparseable until apply.
        const resource = cdktf_1.Token.isUnresolved(fn) || FUNCTION_ARN.test(fn) ? fn : `arn:aws:lambda:${where.region}:${where.account}:function:${fn}`;
        return [
            { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: resource },
            { Effect: "Allow", Action: ["lambda:ListFunctions"], Resource: "*" },
        ];
    }
    outputVariables() {
        return this.props.outputVariables;
    }
}
exports.LambdaInvokeAction = LambdaInvokeAction;
const STATE_MACHINE_ARN = /^arn:(aws[a-z-]*):states:([a-z0-9-]+):(\d{12}):stateMachine:[A-Za-z0-9_-]{1,80}$/;
/** Starts a Step Functions state machine execution and waits for it. */
class StepFunctionsInvokeAction extends action_1.Action {
    props;
    inputType;
    input;
    constructor(props) {
        super({
            category: "Invoke",
            owner: "AWS",
            provider: "StepFunctions",
            version: "1",
            artifactBounds: { minInputs: 0, maxInputs: 1, minOutputs: 0, maxOutputs: 1 },
        }, props);
        this.props = props;
        const where = `action "${props.actionName}"`;
        if (!cdktf_1.Token.isUnresolved(props.stateMachineArn) && !STATE_MACHINE_ARN.test(props.stateMachineArn)) {
            throw new Error(`${where}: stateMachineArn "${props.stateMachineArn}" is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)`);
        }
        const name = props.stateMachineName;
        if (name !== undefined && !cdktf_1.Token.isUnresolved(name) && !/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
            throw new Error(`${where}: stateMachineName "${name}" must be 1-80 letters, digits, - or _`);
        }
        if (cdktf_1.Token.isUnresolved(props.stateMachineArn) && name === undefined) {
            throw new Error(`${where}: stateMachineArn is a Terraform token; also give stateMachineName (e.g. the state machine's name attribute) so DescribeExecution can be scoped to its executions`);
        }
        if (name !== undefined && !cdktf_1.Token.isUnresolved(name) && !cdktf_1.Token.isUnresolved(props.stateMachineArn) && !props.stateMachineArn.endsWith(`:stateMachine:${name}`)) {
            throw new Error(`${where}: stateMachineName "${name}" is not the name in stateMachineArn; remove it or make them match`);
        }
        const prefix = props.executionNamePrefix;
        // Execution names are at most 80 characters; how much of that the action execution id takes
        // is not documented, so only the character set and the 80 are enforced.
        if (prefix !== undefined && !/^[A-Za-z0-9_-]{1,80}$/.test(prefix)) {
            throw new Error(`${where}: executionNamePrefix "${prefix}" must be 1-80 letters, digits, - or _ (Express state machines accept nothing else)`);
        }
        this.inputType = props.inputType ?? "Literal";
        if (this.inputType === "FilePath") {
            if (typeof props.input !== "string" || props.input.length === 0) {
                throw new Error(`${where}: inputType "FilePath" needs input: the path of the input file in the input artifact`);
            }
            if ((props.inputs ?? []).length !== 1) {
                throw new Error(`${where}: inputType "FilePath" reads the file from the action's input artifact; give exactly one input`);
            }
            this.input = props.input;
        }
        else if (props.input !== undefined) {
            if (typeof props.input === "string") {
                if (!cdktf_1.Token.isUnresolved(props.input) && !parsesAsJson(props.input)) {
                    throw new Error(`${where}: input is not valid JSON; pass an object, or a JSON string such as '{"key":"value"}'`);
                }
                this.input = props.input;
            }
            else {
                this.input = JSON.stringify(props.input);
            }
        }
        if (this.input !== undefined && this.input.length > CONFIG_VALUE_MAX) {
            throw new Error(`${where}: input is ${this.input.length} characters; CodePipeline allows ${CONFIG_VALUE_MAX}; use inputType "FilePath" for larger input`);
        }
    }
    bind(ctx) {
        const p = this.props;
        const arn = STATE_MACHINE_ARN.exec(p.stateMachineArn);
        if (arn && arn[2] !== ctx.region && !cdktf_1.Token.isUnresolved(ctx.region)) {
            throw new Error(`action "${p.actionName}": stateMachineArn is in ${arn[2]}, but the action runs in ${ctx.region}; set region "${arn[2]}" on the action`);
        }
        return {
            configuration: (0, action_1.definedConfig)({
                StateMachineArn: p.stateMachineArn,
                ExecutionNamePrefix: p.executionNamePrefix,
                InputType: this.inputType,
                Input: this.input,
            }),
        };
    }
    /** Start and describe this state machine, and describe only its executions. */
    runnerPermissions(where) {
        const sm = this.props.stateMachineArn;
        const executions = cdktf_1.Token.isUnresolved(sm)
            ? `arn:aws:states:${where.region}:${where.account}:execution:${this.props.stateMachineName}:*`
            : `${sm.replace(":stateMachine:", ":execution:")}:*`;
        return [
            { Effect: "Allow", Action: ["states:DescribeStateMachine", "states:StartExecution"], Resource: sm },
            { Effect: "Allow", Action: ["states:DescribeExecution"], Resource: executions },
        ];
    }
    /** Fixed by the action type (the execution ARN only for Standard state machines). */
    outputVariables() {
        return ["StateMachineArn", "ExecutionArn"];
    }
}
exports.StepFunctionsInvokeAction = StepFunctionsInvokeAction;
function parsesAsJson(value) {
    try {
        JSON.parse(value);
        return true;
    }
    catch {
        return false;
    }
}
