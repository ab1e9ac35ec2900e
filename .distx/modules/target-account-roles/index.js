"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TargetAccountRoles = void 0;
const iam_role_1 = require("@cdktf/provider-aws/lib/iam-role");
const iam_role_policy_1 = require("@cdktf/provider-aws/lib/iam-role-policy");
const iam_role_policy_attachment_1 = require("@cdktf/provider-aws/lib/iam-role-policy-attachment");
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const artifacts_1 = require("../shared/artifacts");
const policy_1 = require("../shared/policy");
/**
 * The roles a target account needs to receive deployments from the tools account's pipelines:
 * a cross-account action role and a CloudFormation execution role.
 */
class TargetAccountRoles extends constructs_1.Construct {
    actionRole;
    cloudFormationExecutionRole;
    stackSetExecutionRole;
    constructor(scope, id, props) {
        super(scope, id);
        (0, policy_1.requireAccountId)("accountId", props.accountId);
        (0, policy_1.requireRoleName)("actionRoleName", props.actionRoleName);
        (0, policy_1.requireRoleName)("cloudFormationExecutionRoleName", props.cloudFormationExecutionRoleName);
        if (props.pipelineRoleArn !== undefined && !cdktf_1.Token.isUnresolved(props.pipelineRoleArn) && !(0, policy_1.isRoleArn)(props.pipelineRoleArn)) {
            throw new Error(`pipelineRoleArn: "${props.pipelineRoleArn}" is not an IAM role ARN; pass the tools account's pipeline role ARN`);
        }
        const quota = (0, policy_1.requireInt)("trustPolicyQuota", props.trustPolicyQuota ?? 2048, 2048, 8192);
        const tags = props.tags ?? {};
        const boundary = props.permissionsBoundaryArn ? { permissionsBoundary: props.permissionsBoundaryArn } : {};
        const trusted = [
            ...(props.pipelineRoleArn ? [{ Sid: "PipelineRole", Effect: "Allow", Principal: { AWS: props.pipelineRoleArn }, Action: "sts:AssumeRole" }] : []),
            ...(0, policy_1.grantPrincipals)(props.pipelineServiceRoleArns ?? [], "pipelineServiceRoleArns").map((g, i) => ({
                Sid: `PipelineServiceRoles${i}`,
                Effect: "Allow",
                Principal: g.principal,
                Action: "sts:AssumeRole",
                ...(g.condition ? { Condition: g.condition } : {}),
            })),
        ];
        const trust = (0, policy_1.policyJson)(...(trusted.length ? trusted : [{ Sid: "NoPipelineActsHere", Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }]));
        const trustLength = trust.replace(/\s+/g, "").length;
        if (!cdktf_1.Token.isUnresolved(trust) && trustLength > quota) {
            throw new Error(`pipelineServiceRoleArns: the trust policy of ${props.actionRoleName} would be ${trustLength} characters, over the account's IAM quota of ${quota} ("Role trust policy length"); trust fewer pipeline roles here, or raise the quota and pass trustPolicyQuota`);
        }
        this.actionRole = new iam_role_1.IamRole(this, "action-role", {
            name: props.actionRoleName,
            description: "Assumed by the tools account's CodePipeline role to run actions in this account",
            assumeRolePolicy: trust,
            ...boundary,
            tags,
        });
        this.cloudFormationExecutionRole = new iam_role_1.IamRole(this, "cloudformation-execution-role", {
            name: props.cloudFormationExecutionRoleName,
            description: "Passed to CloudFormation by pipeline actions to create the deployed stacks",
            assumeRolePolicy: (0, policy_1.policyJson)({
                Sid: "CloudFormation",
                Effect: "Allow",
                Principal: { Service: "cloudformation.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
            ...boundary,
            tags,
        });
        const stores = props.artifactStores ?? [];
        const actionArtifacts = stores.length ? (0, artifacts_1.artifactIdentityStatements)(stores, "readWrite") : (0, artifacts_1.artifactAccessStatements)(props.actionRoleArtifacts ?? []);
        if (actionArtifacts.length > 0) {
            new iam_role_policy_1.IamRolePolicy(this, "action-role-artifacts", { role: this.actionRole.name, name: "artifact-stores", policy: (0, policy_1.policyJson)(...actionArtifacts) });
        }
        const actionStatements = props.actionRoleStatements ?? [];
        if (actionStatements.length > 0) {
            new iam_role_policy_1.IamRolePolicy(this, "action-role-pipeline-actions", {
                role: this.actionRole.name,
                name: "pipeline-actions",
                policy: (0, policy_1.policyJson)(...actionStatements),
            });
        }
        const cfnArtifacts = stores.length
            ? (0, artifacts_1.artifactIdentityStatements)(stores, "read")
            : (0, artifacts_1.artifactAccessStatements)((props.cloudFormationExecutionRoleArtifacts ?? []).map((a) => ({ store: a.store, read: a.read })));
        if (cfnArtifacts.length > 0) {
            new iam_role_policy_1.IamRolePolicy(this, "cloudformation-execution-role-artifacts", {
                role: this.cloudFormationExecutionRole.name,
                name: "artifact-stores-read",
                policy: (0, policy_1.policyJson)(...cfnArtifacts),
            });
        }
        (props.cloudFormationExecutionPolicyArns ?? []).forEach((policyArn, i) => {
            new iam_role_policy_attachment_1.IamRolePolicyAttachment(this, `cloudformation-execution-policy-${i}`, {
                role: this.cloudFormationExecutionRole.name,
                policyArn,
            });
        });
        const instances = props.instanceRoleArtifacts;
        const instanceStatements = instances ? (0, artifacts_1.artifactAccessStatements)(instances.artifacts.map((a) => ({ store: a.store, read: a.read }))) : [];
        if (instances && instanceStatements.length) {
            instances.roleNames.forEach((roleName, i) => {
                (0, policy_1.requireRoleName)(`instanceRoleArtifacts.roleNames[${i}]`, roleName);
                // CodeDeploy agents download the revision with the instance profile's role (cross-account: its own policy and the store's both allow it).
                new iam_role_policy_1.IamRolePolicy(this, `codedeploy-instance-artifacts-${i}`, { role: roleName, name: "codepipeline-revisions-read", policy: (0, policy_1.policyJson)(...instanceStatements) });
            });
        }
        const ss = props.stackSetExecution;
        if (ss) {
            (0, policy_1.requireRoleName)("stackSetExecution.roleName", ss.roleName);
            if (ss.administrationRoleArns.length === 0)
                throw new Error("stackSetExecution.administrationRoleArns: give the administration roles that deploy here");
            // Exact trust: the administration roles are named through aws:PrincipalArn, so they may be created later.
            const trustStatements = (0, policy_1.grantPrincipals)(ss.administrationRoleArns, "stackSetExecution.administrationRoleArns").map((g, i) => ({ Sid: `StackSetAdministration${i}`, Effect: "Allow", Principal: g.principal, Action: "sts:AssumeRole", ...(g.condition ? { Condition: g.condition } : {}) }));
            const role = new iam_role_1.IamRole(this, "stackset-execution-role", {
                name: ss.roleName,
                description: "Assumed by the tools account's StackSet administration roles to deploy stack instances here",
                assumeRolePolicy: (0, policy_1.policyJson)(...trustStatements),
                ...boundary,
                tags,
            });
            this.stackSetExecutionRole = role;
            (props.cloudFormationExecutionPolicyArns ?? []).forEach((policyArn, i) => {
                new iam_role_policy_attachment_1.IamRolePolicyAttachment(this, `stackset-execution-policy-${i}`, { role: role.name, policyArn });
            });
        }
    }
}
exports.TargetAccountRoles = TargetAccountRoles;
