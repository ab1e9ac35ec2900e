import { Token } from "cdktf";
import { isRoleArn, requireInt, type PolicyStatement } from "../../shared/policy";
import { Action, ActionBinding, CommonActionProps, definedConfig } from "../action";
import { arnPrefix, iamRoleArn, partitionOfRegion } from "../../shared/partition";
import { ARTIFACT_PATH, CONFIGURATION_VALUE_MAX } from "../../shared/service-facts";

// CloudFormation deploy, StackSet and StackInstances actions (Deploy / AWS / CloudFormation*, version 1).
// Keys, modes and artifact bounds: CodePipeline action reference (action-reference-CloudFormation.md,
// action-reference-StackSets.md). IAM resource types: Service Authorization Reference for CloudFormation.

export type CloudFormationActionMode = "CREATE_UPDATE" | "DELETE_ONLY" | "REPLACE_ON_FAILURE" | "CHANGE_SET_REPLACE" | "CHANGE_SET_EXECUTE";
export type CloudFormationCapability = "CAPABILITY_IAM" | "CAPABILITY_NAMED_IAM" | "CAPABILITY_AUTO_EXPAND";
/** StackSets accept only the IAM capabilities (no macros). */
export type StackSetCapability = "CAPABILITY_IAM" | "CAPABILITY_NAMED_IAM";
export type StackSetPermissionModel = "SELF_MANAGED" | "SERVICE_MANAGED";
export type OrganizationsAutoDeployment = "Enabled" | "Disabled" | "EnabledWithStackRetention";

export const CLOUDFORMATION_ACTION_MODES: readonly CloudFormationActionMode[] = [
  "CREATE_UPDATE",
  "DELETE_ONLY",
  "REPLACE_ON_FAILURE",
  "CHANGE_SET_REPLACE",
  "CHANGE_SET_EXECUTE",
];
export const CLOUDFORMATION_CAPABILITIES: readonly CloudFormationCapability[] = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"];
export const STACK_SET_CAPABILITIES: readonly StackSetCapability[] = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"];

/** Stack, stack set and change set names: a letter, then letters, digits and hyphens; at most 128. */
export const CLOUDFORMATION_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

const WITH_TEMPLATE: readonly CloudFormationActionMode[] = ["CREATE_UPDATE", "REPLACE_ON_FAILURE", "CHANGE_SET_REPLACE"];
const WITH_ROLE: readonly CloudFormationActionMode[] = ["CREATE_UPDATE", "REPLACE_ON_FAILURE", "DELETE_ONLY", "CHANGE_SET_REPLACE"];
const CHANGE_SET_MODES: readonly CloudFormationActionMode[] = ["CHANGE_SET_REPLACE", "CHANGE_SET_EXECUTE"];

/**
 * Props every deploy action takes. Only the manual approval action type accepts timeoutInMinutes
 * (API ActionDeclaration), so deploy actions leave it out.
 */
export type DeployActionCommonProps = Omit<CommonActionProps, "timeoutInMinutes">;

/**
 * Checks an `Artifact::path` value and that its artifact is one of the action's inputs; returns the
 * artifact name. Shared by the deploy actions.
 */
export function requireArtifactPath(where: string, field: string, value: string, inputs: readonly string[]): string {
  const match = ARTIFACT_PATH.exec(value);
  if (!match) throw new Error(`${where}: ${field} "${value}" must be "<InputArtifact>::<path/in/artifact>", e.g. "Build::template.yaml"`);
  const artifact = match[1]!;
  if (!inputs.includes(artifact)) {
    throw new Error(
      `${where}: ${field} reads artifact "${artifact}", which is not one of the action's inputs (${inputs.join(", ") || "none"}); add it to inputs`,
    );
  }
  return artifact;
}

/** Throws unless a literal is a CloudFormation stack, stack set or change set name. */
function requireCloudFormationName(where: string, field: string, value: string): void {
  if (!Token.isUnresolved(value) && !CLOUDFORMATION_NAME.test(value)) {
    throw new Error(`${where}: ${field} "${value}" must start with a letter and hold only letters, digits and hyphens (at most 128 characters)`);
  }
}

function requireRoleArn(where: string, field: string, value: string): void {
  if (!Token.isUnresolved(value) && !isRoleArn(value)) {
    throw new Error(`${where}: ${field} "${value}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
  }
}

function requireUnique<T>(where: string, field: string, values: readonly T[]): void {
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup !== undefined) throw new Error(`${where}: ${field} lists "${String(dup)}" twice; list each once`);
}

function requireValueLength(where: string, key: string, value: string | undefined): void {
  if (value !== undefined && !Token.isUnresolved(value) && value.length > CONFIGURATION_VALUE_MAX) {
    throw new Error(`${where}: ${key} is ${value.length} characters; CodePipeline accepts at most ${CONFIGURATION_VALUE_MAX} per configuration value`);
  }
}

// ---------------------------------------------------------------------------
// CloudFormation (stacks and change sets)
// ---------------------------------------------------------------------------

export interface CloudFormationDeployProps extends DeployActionCommonProps {
  /** What the action does with the stack. */
  readonly actionMode: CloudFormationActionMode;
  /** Existing or new stack: a letter, then letters, digits and hyphens (at most 128). */
  readonly stackName: string;
  /** The change set to create or execute. Required for CHANGE_SET_REPLACE and CHANGE_SET_EXECUTE, rejected otherwise. @default none */
  readonly changeSetName?: string;
  /**
   * The template, as `Artifact::path`; the artifact must be one of `inputs`. Required for CREATE_UPDATE,
   * REPLACE_ON_FAILURE and CHANGE_SET_REPLACE; rejected for DELETE_ONLY and CHANGE_SET_EXECUTE.
   * @default none
   */
  readonly templatePath?: string;
  /** A template configuration file (parameters, tags, stack policy), as `Artifact::path` of an input. @default none */
  readonly templateConfiguration?: string;
  /** Parameter values that override the template configuration; sent JSON-encoded (at most 1 KB). @default none */
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  /** Capabilities the template needs (IAM resources, macros). @default none */
  readonly capabilities?: readonly CloudFormationCapability[];
  /**
   * The CloudFormation execution role passed to CloudFormation (the `RoleArn` key), normally the target
   * account's execution role. Required for every mode but CHANGE_SET_EXECUTE, which runs with the role
   * the change set was created with and rejects it.
   * @default none
   */
  readonly deploymentRoleArn?: string;
  /** Writes the stack outputs to this JSON file in the one output artifact; the action then needs exactly one output. @default no output artifact */
  readonly outputFileName?: string;
}

/** Creates, updates, replaces or deletes a stack, or creates or executes a change set. */
export class CloudFormationDeployAction extends Action {
  constructor(private readonly props: CloudFormationDeployProps) {
    super(
      {
        category: "Deploy",
        owner: "AWS",
        provider: "CloudFormation",
        version: "1",
        artifactBounds: { minInputs: 0, maxInputs: 10, minOutputs: 0, maxOutputs: 1 },
      },
      props,
    );
    const where = `action "${props.actionName}"`;
    const mode = props.actionMode;
    if (!CLOUDFORMATION_ACTION_MODES.includes(mode)) {
      throw new Error(`${where}: actionMode "${mode}" must be one of ${CLOUDFORMATION_ACTION_MODES.join(", ")}`);
    }
    requireCloudFormationName(where, "stackName", props.stackName);

    if (CHANGE_SET_MODES.includes(mode)) {
      if (props.changeSetName === undefined) throw new Error(`${where}: actionMode ${mode} needs changeSetName; name the change set`);
      requireCloudFormationName(where, "changeSetName", props.changeSetName);
    } else if (props.changeSetName !== undefined) {
      throw new Error(`${where}: changeSetName is only used by CHANGE_SET_REPLACE and CHANGE_SET_EXECUTE; remove it for ${mode}`);
    }

    if (WITH_TEMPLATE.includes(mode)) {
      if (props.templatePath === undefined) throw new Error(`${where}: actionMode ${mode} needs templatePath ("<InputArtifact>::<template file>")`);
    } else {
      // DELETE_ONLY and CHANGE_SET_EXECUTE read no template: a template setting there is a mistake.
      const unused = (["templatePath", "templateConfiguration", "parameterOverrides", "capabilities"] as const).filter((k) => props[k] !== undefined);
      if (unused.length)
        throw new Error(`${where}: ${unused.join(", ")} ${unused.length > 1 ? "are" : "is"} not used by ${mode}; remove ${unused.length > 1 ? "them" : "it"}`);
    }
    const inputs = props.inputs ?? [];
    if (props.templatePath !== undefined) requireArtifactPath(where, "templatePath", props.templatePath, inputs);
    if (props.templateConfiguration !== undefined) requireArtifactPath(where, "templateConfiguration", props.templateConfiguration, inputs);

    if (WITH_ROLE.includes(mode)) {
      if (props.deploymentRoleArn === undefined) {
        throw new Error(`${where}: actionMode ${mode} needs deploymentRoleArn, the CloudFormation execution role of the target account`);
      }
      requireRoleArn(where, "deploymentRoleArn", props.deploymentRoleArn);
    } else if (props.deploymentRoleArn !== undefined) {
      throw new Error(`${where}: CHANGE_SET_EXECUTE does not apply deploymentRoleArn (the change set keeps the role it was created with); remove it`);
    }

    if (props.capabilities) {
      for (const c of props.capabilities) {
        if (!CLOUDFORMATION_CAPABILITIES.includes(c)) throw new Error(`${where}: capability "${c}" must be one of ${CLOUDFORMATION_CAPABILITIES.join(", ")}`);
      }
      requireUnique(where, "capabilities", props.capabilities);
    }
    if (props.parameterOverrides !== undefined) {
      const json = JSON.stringify(props.parameterOverrides);
      // limits.md: parameter overrides at most 1 KB; every configuration value at most 1000 characters.
      if (Buffer.byteLength(json, "utf8") > 1024 || json.length > CONFIGURATION_VALUE_MAX) {
        throw new Error(
          `${where}: parameterOverrides is ${json.length} characters as JSON; the limit is 1 KB (and 1000 characters per value); move parameters into a templateConfiguration file`,
        );
      }
    }

    const outputs = props.outputs ?? [];
    if (props.outputFileName !== undefined) {
      if (!/^[^\s:][^:]*$/.test(props.outputFileName))
        throw new Error(`${where}: outputFileName "${props.outputFileName}" must be a file name such as "outputs.json"`);
      if (outputs.length !== 1) throw new Error(`${where}: outputFileName needs exactly one output artifact to write to; got ${outputs.length}`);
    } else if (outputs.length > 0) {
      throw new Error(`${where}: an output artifact needs outputFileName (the file the stack outputs are written to); set it or remove the output`);
    }
  }

  override bind(): ActionBinding {
    const p = this.props;
    return {
      configuration: definedConfig({
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

  override runnerPermissions(where: { readonly account: string; readonly region: string }): PolicyStatement[] {
    const p = this.props;
    // Stack ARNs end in a generated id; change set operations are authorized on the stack, not on a
    // changeSet resource (only DescribeEvents and tagging take changeSet ARNs).
    const stack = `${arnPrefix(where.region)}:cloudformation:${where.region}:${where.account}:stack/${p.stackName}/*`;
    const statements: PolicyStatement[] = [];
    switch (p.actionMode) {
      case "CREATE_UPDATE":
        statements.push({
          Effect: "Allow",
          Action: [
            "cloudformation:CreateStack",
            "cloudformation:DescribeStackEvents",
            "cloudformation:DescribeStacks",
            "cloudformation:SetStackPolicy",
            "cloudformation:UpdateStack",
          ],
          Resource: stack,
        });
        break;
      case "REPLACE_ON_FAILURE":
        statements.push({
          Effect: "Allow",
          Action: [
            "cloudformation:CreateStack",
            "cloudformation:DeleteStack",
            "cloudformation:DescribeStackEvents",
            "cloudformation:DescribeStacks",
            "cloudformation:SetStackPolicy",
            "cloudformation:UpdateStack",
          ],
          Resource: stack,
        });
        break;
      case "DELETE_ONLY":
        statements.push({
          Effect: "Allow",
          Action: ["cloudformation:DeleteStack", "cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks"],
          Resource: stack,
        });
        break;
      case "CHANGE_SET_REPLACE":
      case "CHANGE_SET_EXECUTE":
        // Only the change set actions carry cloudformation:ChangeSetName (Service Authorization Reference,
        // AWS CloudFormation); DescribeStacks/DescribeStackEvents get a statement without it.
        statements.push(
          {
            Effect: "Allow",
            Action:
              p.actionMode === "CHANGE_SET_REPLACE"
                ? ["cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet", "cloudformation:DescribeChangeSet"]
                : ["cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet"],
            Resource: stack,
            Condition: { StringEqualsIfExists: { "cloudformation:ChangeSetName": p.changeSetName! } },
          },
          {
            Effect: "Allow",
            Action:
              p.actionMode === "CHANGE_SET_REPLACE"
                ? ["cloudformation:DescribeStacks"]
                : ["cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks"],
            Resource: stack,
          },
        );
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
  override outputVariables(): undefined {
    return undefined;
  }
}

export interface CloudFormationChangeSetPairProps
  extends Omit<CloudFormationDeployProps, "actionMode" | "actionName" | "changeSetName" | "namespace" | "outputs" | "outputFileName"> {
  /** Name of the CHANGE_SET_REPLACE action. */
  readonly prepareActionName: string;
  /** Name of the CHANGE_SET_EXECUTE action. */
  readonly executeActionName: string;
  /** The change set both actions use. */
  readonly changeSetName: string;
  /** Namespace of the execute action, whose variables are the stack outputs. @default none */
  readonly namespace?: string;
  /** Output artifact of the execute action (with `outputFileName`). @default none */
  readonly outputs?: string[];
  /** Stack outputs file of the execute action. @default none */
  readonly outputFileName?: string;
}

/**
 * The production deploy: create the change set at `runOrder` (default 1), execute it at `runOrder + 1`,
 * same stack and change set. The execute action gets no template settings and no `RoleArn`.
 */
export function cloudFormationChangeSetPair(props: CloudFormationChangeSetPairProps): [CloudFormationDeployAction, CloudFormationDeployAction] {
  const runOrder = requireInt(`action "${props.prepareActionName}": runOrder`, props.runOrder ?? 1, 1, 998);
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
const STACK_SET_OUTPUT_VARIABLES = ["StackSetId", "OperationId"] as const;

/**
 * Operation preferences shared by both StackSet actions. Only the percentage keys are documented as
 * action keys; FailureToleranceCount / MaxConcurrentCount are not, so they are not offered.
 */
export interface StackSetOperationProps {
  /** Percentage (0-100) of accounts per region whose failure stops the operation in that region. @default the service's (0) */
  readonly failureTolerancePercentage?: number;
  /** Percentage (0-100) of accounts deployed at the same time. @default the service's */
  readonly maxConcurrentPercentage?: number;
}

function validatePercentages(where: string, p: StackSetOperationProps): void {
  if (p.failureTolerancePercentage !== undefined) requireInt(`${where}: failureTolerancePercentage`, p.failureTolerancePercentage, 0, 100);
  if (p.maxConcurrentPercentage !== undefined) requireInt(`${where}: maxConcurrentPercentage`, p.maxConcurrentPercentage, 0, 100);
}

/** Literal `Key=Value` parameters as CodePipeline's shorthand (`ParameterKey=K,ParameterValue=V ...`). */
function shorthandParameters(where: string, field: string, params: Readonly<Record<string, string>>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) throw new Error(`${where}: ${field} is empty; remove it or give at least one parameter`);
  for (const [k, v] of entries) {
    if (!/^[A-Za-z0-9]{1,255}$/.test(k)) throw new Error(`${where}: ${field} key "${k}" must be a template parameter name (letters and digits)`);
    if (/[\s,]/.test(v))
      throw new Error(
        `${where}: ${field} value of "${k}" contains a space or comma, which the shorthand syntax cannot carry; use the matching *Path field with a JSON file`,
      );
  }
  const rendered = entries.map(([k, v]) => `ParameterKey=${k},ParameterValue=${v}`).join(" ");
  requireValueLength(where, field, rendered);
  return rendered;
}

function validateRegions(where: string, regions: readonly string[]): void {
  if (regions.length === 0) throw new Error(`${where}: regions is empty; list the regions to deploy stack instances to`);
  for (const r of regions)
    if (!Token.isUnresolved(r) && !REGION_NAME.test(r)) throw new Error(`${where}: regions entry "${r}" is not a region name such as "eu-west-1"`);
  requireUnique(where, "regions", regions);
}

function stackSetStatements(
  where: { readonly account: string; readonly region: string },
  stackSetName: string,
  actions: string[],
  instanceActions: string[],
): PolicyStatement[] {
  const stackSet = `${arnPrefix(where.region)}:cloudformation:${where.region}:${where.account}:stackset/${stackSetName}:*`;
  const statements: PolicyStatement[] = [{ Effect: "Allow", Action: actions, Resource: stackSet }];
  if (instanceActions.length) {
    // Instance operations are also authorized on the stackset-target (stack set id / target account or
    // OU) and on the template's resource types, both evaluated per *target* region, so their region is
    // "*". Type ARNs name resource types, not resources of another account; sources disagree on whether
    // their account field is set, hence "*" there too. The stackset resource above still pins the name.
    statements.push({
      Effect: "Allow",
      Action: instanceActions,
      Resource: [
        stackSet,
        `${arnPrefix(where.region)}:cloudformation:*:${where.account}:stackset-target/${stackSetName}:*`,
        `${arnPrefix(where.region)}:cloudformation:*:*:type/resource/*`,
      ],
    });
  }
  return statements;
}

export interface CloudFormationStackSetProps extends DeployActionCommonProps, StackSetOperationProps {
  /** A letter, then letters, digits and hyphens (at most 128); unique in the region. */
  readonly stackSetName: string;
  /** @default none */
  readonly description?: string;
  /** The template (at most 460,800 bytes), as `Artifact::path` of an input. */
  readonly templatePath: string;
  /** Template parameters as literal values (sent in CodePipeline's shorthand). Exclusive with `parametersPath`. @default none */
  readonly parameters?: Readonly<Record<string, string>>;
  /** A JSON parameters file, as `Artifact::path` of an input. Exclusive with `parameters`. @default none */
  readonly parametersPath?: string;
  /** @default none */
  readonly capabilities?: readonly StackSetCapability[];
  /** @default "SELF_MANAGED" */
  readonly permissionModel?: StackSetPermissionModel;
  /**
   * Self-managed only: the administration role CloudFormation uses.
   * @default the account's AWSCloudFormationStackSetAdministrationRole
   */
  readonly administrationRoleArn?: string;
  /** Self-managed only: the role name assumed in each target account. @default AWSCloudFormationStackSetExecutionRole */
  readonly executionRoleName?: string;
  /** Service-managed only: deploy to accounts that join the target OUs; exclusive with deploymentTargets/regions. @default the service's (Disabled) */
  readonly organizationsAutoDeployment?: OrganizationsAutoDeployment;
  /**
   * Where to create or update instances: 12-digit account ids (self-managed) or OU / root ids
   * (`ou-...`, `r-...`; service-managed). Needs `regions`.
   * @default no instances are created or updated by this action
   */
  readonly deploymentTargets?: readonly string[];
  /** Regions of the instances; needs `deploymentTargets`. @default none */
  readonly regions?: readonly string[];
}

/** Creates or updates a stack set (and, with targets, its instances). */
export class CloudFormationStackSetAction extends Action {
  private readonly permissionModel: StackSetPermissionModel;

  constructor(private readonly props: CloudFormationStackSetProps) {
    super(
      {
        category: "Deploy",
        owner: "AWS",
        provider: "CloudFormationStackSet",
        version: "1",
        artifactBounds: { minInputs: 1, maxInputs: 3, minOutputs: 0, maxOutputs: 0 },
      },
      props,
    );
    const where = `action "${props.actionName}"`;
    const inputs = props.inputs ?? [];
    requireCloudFormationName(where, "stackSetName", props.stackSetName);
    requireValueLength(where, "description", props.description);
    requireArtifactPath(where, "templatePath", props.templatePath, inputs);
    if (props.parameters !== undefined && props.parametersPath !== undefined) {
      throw new Error(`${where}: give parameters or parametersPath, not both`);
    }
    if (props.parametersPath !== undefined) requireArtifactPath(where, "parametersPath", props.parametersPath, inputs);
    if (props.parameters !== undefined) shorthandParameters(where, "parameters", props.parameters);
    if (props.capabilities) {
      for (const c of props.capabilities) {
        if (!STACK_SET_CAPABILITIES.includes(c))
          throw new Error(`${where}: capability "${c}" must be one of ${STACK_SET_CAPABILITIES.join(", ")} for stack sets`);
      }
      requireUnique(where, "capabilities", props.capabilities);
    }

    this.permissionModel = props.permissionModel ?? "SELF_MANAGED";
    if (this.permissionModel === "SERVICE_MANAGED") {
      if (props.administrationRoleArn !== undefined || props.executionRoleName !== undefined) {
        throw new Error(
          `${where}: administrationRoleArn and executionRoleName are for SELF_MANAGED stack sets; SERVICE_MANAGED uses the Organizations service roles, remove them`,
        );
      }
    } else {
      if (props.organizationsAutoDeployment !== undefined) {
        throw new Error(`${where}: organizationsAutoDeployment needs permissionModel SERVICE_MANAGED; set it or remove organizationsAutoDeployment`);
      }
      if (props.administrationRoleArn !== undefined) requireRoleArn(where, "administrationRoleArn", props.administrationRoleArn);
      if (props.executionRoleName !== undefined && !Token.isUnresolved(props.executionRoleName) && !/^[\w+=,.@-]{1,64}$/.test(props.executionRoleName)) {
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
      if (props.deploymentTargets.length === 0) throw new Error(`${where}: deploymentTargets is empty; list the accounts or OUs`);
      const form = this.permissionModel === "SELF_MANAGED" ? ACCOUNT_TARGET : OU_OR_ROOT_TARGET;
      const hint = this.permissionModel === "SELF_MANAGED" ? "12-digit account ids" : "OU ids (ou-...) or the root id (r-...)";
      for (const t of props.deploymentTargets) {
        if (!Token.isUnresolved(t) && !form.test(t))
          throw new Error(`${where}: deploymentTargets entry "${t}" is invalid; ${this.permissionModel} stack sets deploy to ${hint}`);
      }
      requireUnique(where, "deploymentTargets", props.deploymentTargets);
      requireValueLength(where, "DeploymentTargets", props.deploymentTargets.join(","));
      validateRegions(where, props.regions!);
    }
    validatePercentages(where, props);
  }

  override bind(): ActionBinding {
    const p = this.props;
    return {
      configuration: definedConfig({
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

  override runnerPermissions(where: { readonly account: string; readonly region: string }): PolicyStatement[] {
    const p = this.props;
    const statements = stackSetStatements(
      where,
      p.stackSetName,
      [
        "cloudformation:DescribeStackSet",
        "cloudformation:DescribeStackSetOperation",
        "cloudformation:ListStackInstances",
        "cloudformation:ListStackSetOperationResults",
        "cloudformation:UpdateStackSet",
      ],
      // Neither StackSet action deletes instances (create/update only), so no DeleteStackInstances.
      p.deploymentTargets ? ["cloudformation:CreateStackInstances"] : [],
    );
    // CreateStackSet has no resource-level permissions (Service Authorization Reference): "*" is required.
    statements.push({ Effect: "Allow", Action: "cloudformation:CreateStackSet", Resource: "*" });
    if (this.permissionModel === "SELF_MANAGED") {
      statements.push({
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: p.administrationRoleArn ?? iamRoleArn(partitionOfRegion(where.region), where.account, "AWSCloudFormationStackSetAdministrationRole"),
        Condition: { StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } },
      });
    }
    return statements;
  }

  override outputVariables(): readonly string[] {
    return STACK_SET_OUTPUT_VARIABLES;
  }
}

export interface CloudFormationStackInstancesProps extends DeployActionCommonProps, StackSetOperationProps {
  /** The existing stack set. */
  readonly stackSetName: string;
  /**
   * Accounts (12-digit ids) or OUs / root (`ou-...`, `r-...`) to create or update instances in, matching
   * the stack set's permission model.
   * @default none (the documentation marks it optional)
   */
  readonly deploymentTargets?: readonly string[];
  /** Regions of the instances (documented as required). */
  readonly regions: readonly string[];
  /** Literal parameter overrides for these instances (shorthand). Exclusive with `parameterOverridesPath`. @default none */
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  /** A JSON parameter overrides file, as `Artifact::path` of an input. @default none */
  readonly parameterOverridesPath?: string;
}

/** Creates or updates instances of an existing stack set. */
export class CloudFormationStackInstancesAction extends Action {
  constructor(private readonly props: CloudFormationStackInstancesProps) {
    super(
      {
        category: "Deploy",
        owner: "AWS",
        provider: "CloudFormationStackInstances",
        version: "1",
        artifactBounds: { minInputs: 0, maxInputs: 2, minOutputs: 0, maxOutputs: 0 },
      },
      props,
    );
    const where = `action "${props.actionName}"`;
    requireCloudFormationName(where, "stackSetName", props.stackSetName);
    if (props.deploymentTargets !== undefined) {
      if (props.deploymentTargets.length === 0) throw new Error(`${where}: deploymentTargets is empty; list the accounts or OUs, or remove it`);
      const literal = props.deploymentTargets.filter((t) => !Token.isUnresolved(t));
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
    if (props.parameterOverridesPath !== undefined) requireArtifactPath(where, "parameterOverridesPath", props.parameterOverridesPath, props.inputs ?? []);
    if (props.parameterOverrides !== undefined) shorthandParameters(where, "parameterOverrides", props.parameterOverrides);
    validatePercentages(where, props);
  }

  override bind(): ActionBinding {
    const p = this.props;
    return {
      configuration: definedConfig({
        StackSetName: p.stackSetName,
        DeploymentTargets: p.deploymentTargets?.join(","),
        Regions: p.regions.join(","),
        ParameterOverrides:
          p.parameterOverridesPath ?? (p.parameterOverrides ? shorthandParameters("", "parameterOverrides", p.parameterOverrides) : undefined),
        FailureTolerancePercentage: p.failureTolerancePercentage,
        MaxConcurrentPercentage: p.maxConcurrentPercentage,
      }),
    };
  }

  override runnerPermissions(where: { readonly account: string; readonly region: string }): PolicyStatement[] {
    return stackSetStatements(
      where,
      this.props.stackSetName,
      [
        "cloudformation:DescribeStackSet",
        "cloudformation:DescribeStackSetOperation",
        "cloudformation:ListStackInstances",
        "cloudformation:ListStackSetOperationResults",
      ],
      // Create for new instances, Update for existing ones and parameter overrides; it never deletes.
      ["cloudformation:CreateStackInstances", "cloudformation:UpdateStackInstances"],
    );
  }

  override outputVariables(): readonly string[] {
    return STACK_SET_OUTPUT_VARIABLES;
  }
}
