import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ArtifactAccess, artifactAccessStatements, artifactIdentityStatements, ArtifactStoreRef } from "../shared/artifacts";
import { grantPrincipals, isRoleArn, policyJson, PolicyStatement, requireAccountId, requireInt, requireRoleName } from "../shared/policy";

export interface TargetAccountRolesProps {
  /** The target account id (the account these roles live in). */
  readonly accountId: string;
  /**
   * A pipeline role to trust by reference (for example a shared role read from remote state).
   * Every pipeline that uses it can then run actions here.
   * @default none
   */
  readonly pipelineRoleArn?: string;
  /**
   * The pipeline service roles allowed to assume the action role, by exact ARN: those of the
   * pipelines that run actions in this account, and no other. Literal ARNs are trusted through
   * `<account>:root` + `ArnEquals aws:PrincipalArn`, so the roles may be created after this one
   * (IAM rejects a trust policy naming a role that does not exist yet). An IAM path is not an
   * authorization boundary, so roles are never trusted by path. With no trusted role at all, the
   * trust policy denies everyone.
   * @default []
   */
  readonly pipelineServiceRoleArns?: string[];
  /**
   * The account's "Role trust policy length" IAM quota, in characters without white space (2,048
   * unless AWS raised it for the account). A longer trust policy is an error at synth.
   * @default 2048
   */
  readonly trustPolicyQuota?: number;
  /** Name of the cross-account action role. */
  readonly actionRoleName: string;
  /** Name of the CloudFormation execution role. */
  readonly cloudFormationExecutionRoleName: string;
  /**
   * Whole artifact stores the action role reads and writes and the CloudFormation execution role
   * reads; when given, `actionRoleArtifacts` and `cloudFormationExecutionRoleArtifacts` are not
   * used. Prefer those, which scope both roles to object keys.
   * @default []
   */
  readonly artifactStores?: ArtifactStoreRef[];
  /**
   * What the action role may read and write in each store: the folders of the pipelines that act
   * here, and the folders of its own actions' output artifacts.
   * @default []
   */
  readonly actionRoleArtifacts?: ArtifactAccess[];
  /**
   * What the CloudFormation execution role may read (it never writes).
   * @default []
   */
  readonly cloudFormationExecutionRoleArtifacts?: ArtifactAccess[];
  /**
   * Managed policies for the CloudFormation execution role: what deployed stacks may create.
   * @default [] (stacks can only create resources that need no permission)
   */
  readonly cloudFormationExecutionPolicyArns?: string[];
  /**
   * What the pipelines' actions need in this account (CloudFormation on their stacks, CodeDeploy,
   * ECS, ... on the resources they name, iam:PassRole on their execution roles): the caller computes
   * them from the actions, so the role can do exactly that and nothing else.
   * @default [] (the role can only use the artifact stores)
   */
  readonly actionRoleStatements?: PolicyStatement[];
  /** Permissions boundary for both roles. @default none */
  readonly permissionsBoundaryArn?: string;
  /**
   * A StackSet execution role for self-managed stack sets: trusts exactly the given administration
   * roles (tools account) and gets `cloudFormationExecutionPolicyArns`, the same bound as what
   * CloudFormation deploys here through pipelines. @default none
   */
  readonly stackSetExecution?: { readonly roleName: string; readonly administrationRoleArns: string[] };
  /** Existing roles of instances running the CodeDeploy agent, and the revisions they download (read only). @default none */
  readonly instanceRoleArtifacts?: { readonly roleNames: string[]; readonly artifacts: ArtifactAccess[] };
  /** Tags on both roles. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The roles a target account needs to receive deployments from the tools account's pipelines:
 * a cross-account action role and a CloudFormation execution role.
 */
export class TargetAccountRoles extends Construct {
  readonly actionRole: IamRole;
  readonly cloudFormationExecutionRole: IamRole;
  readonly stackSetExecutionRole?: IamRole;

  constructor(scope: Construct, id: string, props: TargetAccountRolesProps) {
    super(scope, id);
    requireAccountId("accountId", props.accountId);
    requireRoleName("actionRoleName", props.actionRoleName);
    requireRoleName("cloudFormationExecutionRoleName", props.cloudFormationExecutionRoleName);
    if (props.pipelineRoleArn !== undefined && !Token.isUnresolved(props.pipelineRoleArn) && !isRoleArn(props.pipelineRoleArn)) {
      throw new Error(`pipelineRoleArn: "${props.pipelineRoleArn}" is not an IAM role ARN; pass the tools account's pipeline role ARN`);
    }
    const quota = requireInt("trustPolicyQuota", props.trustPolicyQuota ?? 2048, 2048, 8192);
    const tags = props.tags ?? {};
    const boundary = props.permissionsBoundaryArn ? { permissionsBoundary: props.permissionsBoundaryArn } : {};

    const trusted: PolicyStatement[] = [
      ...(props.pipelineRoleArn
        ? [{ Sid: "PipelineRole", Effect: "Allow" as const, Principal: { AWS: props.pipelineRoleArn }, Action: "sts:AssumeRole" }]
        : []),
      ...grantPrincipals(props.pipelineServiceRoleArns ?? [], "pipelineServiceRoleArns").map(
        (g, i): PolicyStatement => ({
          Sid: `PipelineServiceRoles${i}`,
          Effect: "Allow",
          Principal: g.principal,
          Action: "sts:AssumeRole",
          ...(g.condition ? { Condition: g.condition } : {}),
        }),
      ),
    ];
    const trust = policyJson(
      ...(trusted.length ? trusted : [{ Sid: "NoPipelineActsHere", Effect: "Deny" as const, Principal: { AWS: "*" }, Action: "sts:AssumeRole" }]),
    );
    const trustLength = trust.replace(/\s+/g, "").length;
    if (!Token.isUnresolved(trust) && trustLength > quota) {
      throw new Error(
        `pipelineServiceRoleArns: the trust policy of ${props.actionRoleName} would be ${trustLength} characters, over the account's IAM quota of ${quota} ("Role trust policy length"); trust fewer pipeline roles here, or raise the quota and pass trustPolicyQuota`,
      );
    }
    this.actionRole = new IamRole(this, "action-role", {
      name: props.actionRoleName,
      description: "Assumed by the tools account's CodePipeline role to run actions in this account",
      assumeRolePolicy: trust,
      ...boundary,
      tags,
    });

    this.cloudFormationExecutionRole = new IamRole(this, "cloudformation-execution-role", {
      name: props.cloudFormationExecutionRoleName,
      description: "Passed to CloudFormation by pipeline actions to create the deployed stacks",
      assumeRolePolicy: policyJson({
        Sid: "CloudFormation",
        Effect: "Allow",
        Principal: { Service: "cloudformation.amazonaws.com" },
        Action: "sts:AssumeRole",
      }),
      ...boundary,
      tags,
    });

    const stores = props.artifactStores ?? [];
    const actionArtifacts = stores.length ? artifactIdentityStatements(stores, "readWrite") : artifactAccessStatements(props.actionRoleArtifacts ?? []);
    if (actionArtifacts.length > 0) {
      new IamRolePolicy(this, "action-role-artifacts", { role: this.actionRole.name, name: "artifact-stores", policy: policyJson(...actionArtifacts) });
    }
    const actionStatements = props.actionRoleStatements ?? [];
    if (actionStatements.length > 0) {
      new IamRolePolicy(this, "action-role-pipeline-actions", {
        role: this.actionRole.name,
        name: "pipeline-actions",
        policy: policyJson(...actionStatements),
      });
    }
    const cfnArtifacts = stores.length
      ? artifactIdentityStatements(stores, "read")
      : artifactAccessStatements((props.cloudFormationExecutionRoleArtifacts ?? []).map((a) => ({ store: a.store, read: a.read })));
    if (cfnArtifacts.length > 0) {
      new IamRolePolicy(this, "cloudformation-execution-role-artifacts", {
        role: this.cloudFormationExecutionRole.name,
        name: "artifact-stores-read",
        policy: policyJson(...cfnArtifacts),
      });
    }
    (props.cloudFormationExecutionPolicyArns ?? []).forEach((policyArn, i) => {
      new IamRolePolicyAttachment(this, `cloudformation-execution-policy-${i}`, {
        role: this.cloudFormationExecutionRole.name,
        policyArn,
      });
    });

    const instances = props.instanceRoleArtifacts;
    const instanceStatements = instances ? artifactAccessStatements(instances.artifacts.map((a) => ({ store: a.store, read: a.read }))) : [];
    if (instances && instanceStatements.length) {
      instances.roleNames.forEach((roleName, i) => {
        requireRoleName(`instanceRoleArtifacts.roleNames[${i}]`, roleName);
        // CodeDeploy agents download the revision with the instance profile's role (cross-account: its own policy and the store's both allow it).
        new IamRolePolicy(this, `codedeploy-instance-artifacts-${i}`, {
          role: roleName,
          name: "codepipeline-revisions-read",
          policy: policyJson(...instanceStatements),
        });
      });
    }

    const ss = props.stackSetExecution;
    if (ss) {
      requireRoleName("stackSetExecution.roleName", ss.roleName);
      if (ss.administrationRoleArns.length === 0) throw new Error("stackSetExecution.administrationRoleArns: give the administration roles that deploy here");
      // Exact trust: the administration roles are named through aws:PrincipalArn, so they may be created later.
      const trustStatements = grantPrincipals(ss.administrationRoleArns, "stackSetExecution.administrationRoleArns").map(
        (g, i): PolicyStatement => ({
          Sid: `StackSetAdministration${i}`,
          Effect: "Allow",
          Principal: g.principal,
          Action: "sts:AssumeRole",
          ...(g.condition ? { Condition: g.condition } : {}),
        }),
      );
      const role = new IamRole(this, "stackset-execution-role", {
        name: ss.roleName,
        description: "Assumed by the tools account's StackSet administration roles to deploy stack instances here",
        assumeRolePolicy: policyJson(...trustStatements),
        ...boundary,
        tags,
      });
      this.stackSetExecutionRole = role;
      (props.cloudFormationExecutionPolicyArns ?? []).forEach((policyArn, i) => {
        new IamRolePolicyAttachment(this, `stackset-execution-policy-${i}`, { role: role.name, policyArn });
      });
    }
  }
}
