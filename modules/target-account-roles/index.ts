import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { artifactIdentityStatements, ArtifactStoreRef } from "../shared/artifacts";
import { grantPrincipals, isRoleArn, policyJson, PolicyStatement, requireAccountId, requireRoleName } from "../shared/policy";


export interface TargetAccountRolesProps {
  /** The target account id (the account these roles live in). */
  readonly accountId: string;
  /** The tools account's shared pipeline role, allowed to assume the action role. */
  readonly pipelineRoleArn: string;
  /**
   * Further pipeline service roles (one per pipeline) allowed to assume the action role, by exact
   * ARN. Literal ARNs are trusted through `<account>:root` + `aws:PrincipalArn`, so the roles may be
   * created after this one (IAM rejects a trust policy naming a role that does not exist yet).
   * @default []
   */
  readonly pipelineServiceRoleArns?: string[];
  /**
   * Every role under this IAM path of this account may assume the action role (through the
   * account's root and `ArnLike aws:PrincipalArn`): a trust policy of constant size for any number
   * of pipelines. Keep the path for pipeline roles only; each pipeline role's own policy still limits
   * which action roles it assumes.
   * @default none
   */
  readonly pipelineServiceRolePath?: { readonly accountId: string; readonly path: string };
  /** Name of the cross-account action role. */
  readonly actionRoleName: string;
  /** Name of the CloudFormation execution role. */
  readonly cloudFormationExecutionRoleName: string;
  /**
   * The artifact stores of the regions this account deploys to; the roles may use these and no other.
   * At least one.
   */
  readonly artifactStores: ArtifactStoreRef[];
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

  constructor(scope: Construct, id: string, props: TargetAccountRolesProps) {
    super(scope, id);
    if (props.artifactStores.length === 0) {
      throw new Error("artifactStores: give the artifact store of every region this account deploys to (at least one)");
    }
    requireAccountId("accountId", props.accountId);
    requireRoleName("actionRoleName", props.actionRoleName);
    requireRoleName("cloudFormationExecutionRoleName", props.cloudFormationExecutionRoleName);
    if (!Token.isUnresolved(props.pipelineRoleArn) && !isRoleArn(props.pipelineRoleArn)) {
      throw new Error(`pipelineRoleArn: "${props.pipelineRoleArn}" is not an IAM role ARN; pass the tools account's pipeline role ARN`);
    }
    const byPath = props.pipelineServiceRolePath;
    if (byPath) {
      requireAccountId("pipelineServiceRolePath.accountId", byPath.accountId);
      if (!/^\/(?:[\w+=,.@-]+\/)+$/.test(byPath.path)) {
        throw new Error(`pipelineServiceRolePath.path: "${byPath.path}" must be a non-root IAM path such as /codepipeline/acme/ (the root path would trust every role of the account)`);
      }
    }
    const tags = props.tags ?? {};
    const boundary = props.permissionsBoundaryArn ? { permissionsBoundary: props.permissionsBoundaryArn } : {};

    this.actionRole = new IamRole(this, "action-role", {
      name: props.actionRoleName,
      description: "Assumed by the tools account's CodePipeline role to run actions in this account",
      assumeRolePolicy: policyJson(
        { Sid: "ToolsPipelineRole", Effect: "Allow", Principal: { AWS: props.pipelineRoleArn }, Action: "sts:AssumeRole" },
        ...grantPrincipals(props.pipelineServiceRoleArns ?? [], "pipelineServiceRoleArns").map(
          (g, i): PolicyStatement => ({
            Sid: `PipelineServiceRoles${i}`,
            Effect: "Allow",
            Principal: g.principal,
            Action: "sts:AssumeRole",
            ...(g.condition ? { Condition: g.condition } : {}),
          }),
        ),
        ...(byPath
          ? [
              {
                Sid: "PipelineServiceRolePath",
                Effect: "Allow" as const,
                Principal: { AWS: `arn:aws:iam::${byPath.accountId}:root` },
                Action: "sts:AssumeRole",
                Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${byPath.accountId}:role${byPath.path}*` } },
              },
            ]
          : []),
      ),
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

    new IamRolePolicy(this, "action-role-artifacts", {
      role: this.actionRole.name,
      name: "artifact-stores",
      policy: policyJson(...artifactIdentityStatements(props.artifactStores, "readWrite")),
    });
    const actionStatements = props.actionRoleStatements ?? [];
    if (actionStatements.length > 0) {
      new IamRolePolicy(this, "action-role-pipeline-actions", {
        role: this.actionRole.name,
        name: "pipeline-actions",
        policy: policyJson(...actionStatements),
      });
    }
    new IamRolePolicy(this, "cloudformation-execution-role-artifacts", {
      role: this.cloudFormationExecutionRole.name,
      name: "artifact-stores-read",
      policy: policyJson(...artifactIdentityStatements(props.artifactStores, "read")),
    });
    (props.cloudFormationExecutionPolicyArns ?? []).forEach((policyArn, i) => {
      new IamRolePolicyAttachment(this, `cloudformation-execution-policy-${i}`, {
        role: this.cloudFormationExecutionRole.name,
        policyArn,
      });
    });
  }
}
