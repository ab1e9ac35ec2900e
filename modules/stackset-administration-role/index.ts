import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { isRoleArn, policyJson, requireAccountId, requireRoleName } from "../shared/policy";
import { iamRoleArn, type Partition } from "../shared/partition";

// Self-managed StackSet permissions ("Grant self-managed permissions", AWS CloudFormation user guide,
// stacksets-prereqs-self-managed): CloudFormation assumes the administration role in the stack set's
// account, and that role assumes the execution role in each target account.

export interface StackSetAdministrationRoleProps {
  readonly roleName: string;
  /** The account that owns the stack sets (the role's own): only CloudFormation acting for it may assume the role. */
  readonly accountId: string;
  /** Partition of the account (`aws`, `aws-us-gov`, `aws-cn`), for the role's ARN. @default "aws" */
  readonly partition?: Partition;
  /** The execution roles, one per target account, that this role may assume (exact ARNs). */
  readonly executionRoleArns: string[];
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/** A StackSet administration role that reaches exactly the given execution roles. */
export class StackSetAdministrationRole extends Construct {
  readonly role: IamRole;
  /** Its policy (absent when it reaches no execution role yet). */
  readonly policy?: IamRolePolicy;
  /** Literal ARN, usable before the role exists. */
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: StackSetAdministrationRoleProps) {
    super(scope, id);
    requireRoleName("roleName", props.roleName);
    requireAccountId("accountId", props.accountId);
    for (const arn of props.executionRoleArns) {
      if (!isRoleArn(arn) || arn.includes("*"))
        throw new Error(`executionRoleArns: "${arn}" is not an exact IAM role ARN; name each target account's execution role`);
    }
    this.roleArn = iamRoleArn(props.partition ?? "aws", props.accountId, props.roleName);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Assumed by CloudFormation to run this account's self-managed stack set operations",
      // aws:SourceAccount keeps CloudFormation acting for another account out (confused deputy).
      assumeRolePolicy: policyJson({
        Sid: "CloudFormation",
        Effect: "Allow",
        Principal: { Service: "cloudformation.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
      }),
      tags: props.tags ?? {},
    });
    if (props.executionRoleArns.length > 0) {
      this.policy = new IamRolePolicy(this, "assume-execution-roles", {
        role: this.role.name,
        name: "assume-execution-roles",
        policy: policyJson({ Sid: "ExecutionRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [...props.executionRoleArns].sort() }),
      });
    }
  }
}
