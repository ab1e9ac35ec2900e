import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token } from "cdktf";
import { policyJson, PolicyStatement, requireRoleName } from "../../shared/policy";
import { Action, ActionBindContext, ActionBinding, CommonActionProps, definedConfig } from "../action";
import { arnPrefix } from "../../shared/partition";
import { CONFIGURATION_VALUE_MAX } from "../../shared/service-facts";

// Only the manual approval action type accepts timeoutInMinutes (API ActionDeclaration:
// "This attribute is available only to the manual approval ActionType").
type InvokeCommonProps = Omit<CommonActionProps, "timeoutInMinutes">;

// UserParameters and Input: no smaller limit is documented than that of any configuration value.

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$/;
const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$/;

export interface LambdaInvokeProps extends InvokeCommonProps {
  /**
   * The function: a name (`my-fn`, `my-fn:live`) in the account and region the action runs in,
   * or a full function ARN (optionally qualified). A Terraform token (e.g. `aws_lambda_function.arn`)
   * must resolve to an ARN.
   */
  readonly functionName: string;
  /**
   * Passed to the function as `UserParameters`: a string as is, anything else as JSON. At most
   * 1000 characters once serialised. @default none
   */
  readonly userParameters?: string | Record<string, unknown> | unknown[];
  /**
   * Names of the output variables the function reports in PutJobSuccessResult `outputVariables`,
   * so `#{Namespace.Name}` references can be checked. @default any name is accepted
   */
  readonly outputVariables?: string[];
  /**
   * Name of the function's execution role, when it is in the pipeline's account: the action then
   * attaches an inline policy that lets it call PutJobSuccessResult and PutJobFailureResult.
   * @default none (grant those yourself; without them the action hangs until it times out)
   */
  readonly functionRoleName?: string;
}

/**
 * Invokes a Lambda function. The function must report back with PutJobSuccessResult or
 * PutJobFailureResult (see `lambda-handler`), or the action hangs until it times out.
 */
export class LambdaInvokeAction extends Action {
  private readonly userParameters?: string;

  constructor(private readonly props: LambdaInvokeProps) {
    super(
      {
        category: "Invoke",
        owner: "AWS",
        provider: "Lambda",
        version: "1",
        artifactBounds: { minInputs: 0, maxInputs: 5, minOutputs: 0, maxOutputs: 5 },
      },
      props,
    );
    const where = `action "${props.actionName}"`;
    const fn = props.functionName;
    if (!Token.isUnresolved(fn) && !FUNCTION_NAME.test(fn) && !FUNCTION_ARN.test(fn)) {
      throw new Error(
        `${where}: functionName "${fn}" must be a function name (1-64 letters, digits, - or _, optionally ":<alias or version>") or a function ARN`,
      );
    }
    if (props.userParameters !== undefined) {
      const value = typeof props.userParameters === "string" ? props.userParameters : JSON.stringify(props.userParameters);
      if (value.length > CONFIGURATION_VALUE_MAX) {
        throw new Error(
          `${where}: userParameters is ${value.length} characters once serialised; CodePipeline allows ${CONFIGURATION_VALUE_MAX}; pass less, or a reference (an S3 key, a parameter name)`,
        );
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
      if (new Set(vars).size !== vars.length) throw new Error(`${where}: outputVariables lists a name twice`);
    }
    if (props.functionRoleName !== undefined) requireRoleName(`${where}: functionRoleName`, props.functionRoleName);
  }

  override bind(ctx: ActionBindContext): ActionBinding {
    const p = this.props;
    const where = `action "${p.actionName}"`;
    const arn = FUNCTION_ARN.exec(p.functionName);
    if (arn && arn[2] !== ctx.region && !Token.isUnresolved(ctx.region)) {
      // Lambda only invokes functions of the endpoint's region.
      throw new Error(`${where}: functionName is a function in ${arn[2]}, but the action runs in ${ctx.region}; set region "${arn[2]}" on the action`);
    }
    if (p.functionRoleName !== undefined) {
      const roleAccount = p.roleArn !== undefined && !Token.isUnresolved(p.roleArn) ? p.roleArn.split(":")[4] : undefined;
      const functionAccount = arn?.[3];
      const foreign = [roleAccount, functionAccount].find((a) => a !== undefined && !Token.isUnresolved(ctx.pipelineAccount) && a !== ctx.pipelineAccount);
      if (foreign !== undefined) {
        throw new Error(
          `${where}: functionRoleName only works for functions in the pipeline's account ${ctx.pipelineAccount}, not ${foreign}; grant codepipeline:PutJobSuccessResult and PutJobFailureResult to the function's role in its own account`,
        );
      }
      // One policy per function role and pipeline, shared by the pipeline's actions that use it.
      const id = `lambda-job-result-${p.functionRoleName}`;
      if (!ctx.scope.node.tryFindChild(id)) {
        new IamRolePolicy(ctx.scope, id, {
          role: p.functionRoleName,
          name: `codepipeline-job-result-${ctx.pipelineName}`,
          policy: policyJson({
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
    return { configuration: definedConfig({ FunctionName: p.functionName, UserParameters: this.userParameters }) };
  }

  /**
   * lambda:InvokeFunction on exactly the function, and lambda:ListFunctions, which has no resource
   * type (resource "*"): AWS's Lambda action tutorial says pipelines with Lambda actions fail
   * without both (verify/documented/permissions.ts, Invoke/AWS/Lambda).
   */
  override runnerPermissions(where: { readonly account: string; readonly region: string }): PolicyStatement[] {
    const fn = this.props.functionName;
    // A token is taken to be an ARN (see functionName): a Terraform conditional would put quoted
    // function arguments into the policy and leave it unparseable until apply.
    const resource = Token.isUnresolved(fn) || FUNCTION_ARN.test(fn) ? fn : `${arnPrefix(where.region)}:lambda:${where.region}:${where.account}:function:${fn}`;
    return [
      { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: resource },
      { Effect: "Allow", Action: ["lambda:ListFunctions"], Resource: "*" },
    ];
  }

  override outputVariables(): readonly string[] | undefined {
    return this.props.outputVariables;
  }
}

export interface StepFunctionsInvokeProps extends InvokeCommonProps {
  /** ARN of the state machine, in the account and region the action runs in. */
  readonly stateMachineArn: string;
  /**
   * Name of the state machine; needed only when `stateMachineArn` is a Terraform token, to scope
   * states:DescribeExecution to its executions. @default taken from `stateMachineArn`
   */
  readonly stateMachineName?: string;
  /**
   * Prefix of the execution name (the action execution id follows it). Letters, digits, - and _
   * only: the set both Standard and Express state machines accept.
   * @default none (the action execution id alone)
   */
  readonly executionNamePrefix?: string;
  /**
   * `Literal`: `input` is the execution input itself. `FilePath`: `input` is a file in the
   * action's one input artifact whose content is the execution input.
   * @default "Literal"
   */
  readonly inputType?: "Literal" | "FilePath";
  /**
   * Literal: an object (sent as JSON) or a JSON string; FilePath: the path in the input artifact
   * (required then). At most 1000 characters. @default none (`{}` for Literal)
   */
  readonly input?: string | Record<string, unknown> | unknown[];
}

const STATE_MACHINE_ARN = /^arn:(aws[a-z-]*):states:([a-z0-9-]+):(\d{12}):stateMachine:[A-Za-z0-9_-]{1,80}$/;

/** Starts a Step Functions state machine execution and waits for it. */
export class StepFunctionsInvokeAction extends Action {
  private readonly inputType: "Literal" | "FilePath";
  private readonly input?: string;

  constructor(private readonly props: StepFunctionsInvokeProps) {
    super(
      {
        category: "Invoke",
        owner: "AWS",
        provider: "StepFunctions",
        version: "1",
        artifactBounds: { minInputs: 0, maxInputs: 1, minOutputs: 0, maxOutputs: 1 },
      },
      props,
    );
    const where = `action "${props.actionName}"`;
    if (!Token.isUnresolved(props.stateMachineArn) && !STATE_MACHINE_ARN.test(props.stateMachineArn)) {
      throw new Error(
        `${where}: stateMachineArn "${props.stateMachineArn}" is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)`,
      );
    }
    const name = props.stateMachineName;
    if (name !== undefined && !Token.isUnresolved(name) && !/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw new Error(`${where}: stateMachineName "${name}" must be 1-80 letters, digits, - or _`);
    }
    if (Token.isUnresolved(props.stateMachineArn) && name === undefined) {
      throw new Error(
        `${where}: stateMachineArn is a Terraform token; also give stateMachineName (e.g. the state machine's name attribute) so DescribeExecution can be scoped to its executions`,
      );
    }
    if (
      name !== undefined &&
      !Token.isUnresolved(name) &&
      !Token.isUnresolved(props.stateMachineArn) &&
      !props.stateMachineArn.endsWith(`:stateMachine:${name}`)
    ) {
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
    } else if (props.input !== undefined) {
      if (typeof props.input === "string") {
        if (!Token.isUnresolved(props.input) && !parsesAsJson(props.input)) {
          throw new Error(`${where}: input is not valid JSON; pass an object, or a JSON string such as '{"key":"value"}'`);
        }
        this.input = props.input;
      } else {
        this.input = JSON.stringify(props.input);
      }
    }
    if (this.input !== undefined && this.input.length > CONFIGURATION_VALUE_MAX) {
      throw new Error(
        `${where}: input is ${this.input.length} characters; CodePipeline allows ${CONFIGURATION_VALUE_MAX}; use inputType "FilePath" for larger input`,
      );
    }
  }

  override bind(ctx: ActionBindContext): ActionBinding {
    const p = this.props;
    const arn = STATE_MACHINE_ARN.exec(p.stateMachineArn);
    if (arn && arn[2] !== ctx.region && !Token.isUnresolved(ctx.region)) {
      throw new Error(`action "${p.actionName}": stateMachineArn is in ${arn[2]}, but the action runs in ${ctx.region}; set region "${arn[2]}" on the action`);
    }
    return {
      configuration: definedConfig({
        StateMachineArn: p.stateMachineArn,
        ExecutionNamePrefix: p.executionNamePrefix,
        InputType: this.inputType,
        Input: this.input,
      }),
    };
  }

  /** Start and describe this state machine, and describe only its executions. */
  override runnerPermissions(where: { readonly account: string; readonly region: string }): PolicyStatement[] {
    const sm = this.props.stateMachineArn;
    const executions = Token.isUnresolved(sm)
      ? `${arnPrefix(where.region)}:states:${where.region}:${where.account}:execution:${this.props.stateMachineName}:*`
      : `${sm.replace(":stateMachine:", ":execution:")}:*`;
    return [
      { Effect: "Allow", Action: ["states:DescribeStateMachine", "states:StartExecution"], Resource: sm },
      { Effect: "Allow", Action: ["states:DescribeExecution"], Resource: executions },
    ];
  }

  /** Fixed by the action type (the execution ARN only for Standard state machines). */
  override outputVariables(): readonly string[] {
    return ["StateMachineArn", "ExecutionArn"];
  }
}

function parsesAsJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}
