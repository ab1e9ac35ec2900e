"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.StackSetAdministrationRole = void 0;
const iam_role_1 = require("@cdktf/provider-aws/lib/iam-role");
const iam_role_policy_1 = require("@cdktf/provider-aws/lib/iam-role-policy");
const constructs_1 = require("constructs");
const policy_1 = require("../shared/policy");
/** A StackSet administration role that reaches exactly the given execution roles. */
class StackSetAdministrationRole extends constructs_1.Construct {
    role;
    /** Its policy (absent when it reaches no execution role yet). */
    policy;
    /** Literal ARN, usable before the role exists. */
    roleArn;
    constructor(scope, id, props) {
        super(scope, id);
        (0, policy_1.requireRoleName)("roleName", props.roleName);
        (0, policy_1.requireAccountId)("accountId", props.accountId);
        for (const arn of props.executionRoleArns) {
            if (!(0, policy_1.isRoleArn)(arn) || arn.includes("*"))
                throw new Error(`executionRoleArns: "${arn}" is not an exact IAM role ARN; name each target account's execution role`);
        }
        this.roleArn = `arn:aws:iam::${props.accountId}:role/${props.roleName}`;
        this.role = new iam_role_1.IamRole(this, "role", {
            name: props.roleName,
            description: "Assumed by CloudFormation to run this account's self-managed stack set operations",
            // aws:SourceAccount keeps CloudFormation acting for another account out (confused deputy).
            assumeRolePolicy: (0, policy_1.policyJson)({
                Sid: "CloudFormation",
                Effect: "Allow",
                Principal: { Service: "cloudformation.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
            }),
            tags: props.tags ?? {},
        });
        if (props.executionRoleArns.length > 0) {
            this.policy = new iam_role_policy_1.IamRolePolicy(this, "assume-execution-roles", {
                role: this.role.name,
                name: "assume-execution-roles",
                policy: (0, policy_1.policyJson)({ Sid: "ExecutionRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [...props.executionRoleArns].sort() }),
            });
        }
    }
}
exports.StackSetAdministrationRole = StackSetAdministrationRole;
