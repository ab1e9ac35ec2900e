"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CustomActionType = void 0;
exports.workerStatements = workerStatements;
const iam_instance_profile_1 = require("@cdktf/provider-aws/lib/iam-instance-profile");
const codepipeline_custom_action_type_1 = require("@cdktf/provider-aws/lib/codepipeline-custom-action-type");
const iam_role_1 = require("@cdktf/provider-aws/lib/iam-role");
const iam_role_policy_1 = require("@cdktf/provider-aws/lib/iam-role-policy");
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const policy_1 = require("../shared/policy");
const CATEGORIES = ["Source", "Build", "Test", "Deploy", "Approval", "Invoke"];
const MAX_PROPERTIES = 10;
const CONFIG_REFERENCE = /\{Config:([^}]*)\}/g;
/**
 * A custom action type (owner "Custom") and the role its job worker uses to poll for and
 * complete jobs. Knows nothing of pipelines: pipelines use it through {@link CustomActionTypeDefinition}.
 *
 * A type cannot be changed: every argument but `tags` forces Terraform to replace it, and a deleted
 * version can only be restored with an identical definition (DeleteCustomActionType, CodePipeline
 * API reference). Give a changed definition a new `version`, and put the version in the construct
 * id, so that a bump creates the new type and deletes the old one instead of replacing it in place.
 */
class CustomActionType extends constructs_1.Construct {
    resource;
    actionTypeId;
    configurationProperties;
    inputArtifactDetails;
    outputArtifactDetails;
    /** `arn:aws:codepipeline:<region>:<account>:actiontype:Custom/<Category>/<Provider>/<Version>`. */
    actionTypeArn;
    /** The job worker's role: polls for exactly this action type's jobs and reports their results. */
    workerRole;
    /** Instance profile of the worker role, when the workers are EC2 instances. */
    instanceProfile;
    constructor(scope, id, props) {
        super(scope, id);
        const where = `custom action type "${props.category}/${props.providerName}/${props.version}"`;
        if (!CATEGORIES.includes(props.category)) {
            throw new Error(`${where}: category must be one of ${CATEGORIES.join(", ")}`);
        }
        if (props.providerName.length < 1 || props.providerName.length > 35) {
            throw new Error(`${where}: providerName must be 1-35 characters`);
        }
        if (!/^[0-9A-Za-z_-]{1,9}$/.test(props.version)) {
            throw new Error(`${where}: version must be 1-9 letters, digits, - or _`);
        }
        const properties = props.configurationProperties ?? [];
        validateProperties(where, properties);
        const inputs = validateRange(where, "inputArtifactDetails", props.inputArtifactDetails);
        const outputs = validateRange(where, "outputArtifactDetails", props.outputArtifactDetails);
        const settings = props.settings ?? {};
        // "{Config:name}" may only name required, non-secret properties (CfnCustomActionType docs).
        for (const [field, template] of Object.entries(settings)) {
            if (template === undefined || cdktf_1.Token.isUnresolved(template))
                continue;
            for (const m of template.matchAll(CONFIG_REFERENCE)) {
                const name = m[1];
                const property = properties.find((p) => p.name === name);
                if (!property)
                    throw new Error(`${where}: settings.${field} references {Config:${name}}, which is no configuration property`);
                if (!property.required || property.secret) {
                    throw new Error(`${where}: settings.${field} references {Config:${name}}; URL templates may only use properties that are required and not secret`);
                }
            }
        }
        (0, policy_1.requireRoleName)(`${where}: workerRoleName`, props.workerRoleName);
        const trust = trustStatements(where, props.workerPrincipal);
        this.actionTypeId = { category: props.category, owner: "Custom", provider: props.providerName, version: props.version };
        this.configurationProperties = properties;
        this.inputArtifactDetails = inputs;
        this.outputArtifactDetails = outputs;
        const tags = props.tags ?? {};
        this.resource = new codepipeline_custom_action_type_1.CodepipelineCustomActionType(this, "type", {
            category: props.category,
            providerName: props.providerName,
            version: props.version,
            configurationProperty: properties.map((p) => ({
                name: p.name,
                key: p.key ?? false,
                required: p.required ?? false,
                secret: p.secret ?? false,
                queryable: p.queryable ?? false,
                ...(p.description !== undefined ? { description: p.description } : {}),
                ...(p.type !== undefined ? { type: p.type } : {}),
            })),
            inputArtifactDetails: inputs,
            outputArtifactDetails: outputs,
            ...(Object.values(settings).some((v) => v !== undefined)
                ? {
                    settings: {
                        ...(settings.entityUrlTemplate !== undefined ? { entityUrlTemplate: settings.entityUrlTemplate } : {}),
                        ...(settings.executionUrlTemplate !== undefined ? { executionUrlTemplate: settings.executionUrlTemplate } : {}),
                        ...(settings.revisionUrlTemplate !== undefined ? { revisionUrlTemplate: settings.revisionUrlTemplate } : {}),
                        ...(settings.thirdPartyConfigurationUrl !== undefined ? { thirdPartyConfigurationUrl: settings.thirdPartyConfigurationUrl } : {}),
                    },
                }
                : {}),
            tags,
        });
        this.actionTypeArn = this.resource.arn;
        this.workerRole = new iam_role_1.IamRole(this, "worker-role", {
            name: props.workerRoleName,
            description: `Job worker of CodePipeline custom action ${props.category}/${props.providerName}/${props.version}`,
            assumeRolePolicy: (0, policy_1.policyJson)(...trust),
            ...(props.permissionsBoundaryArn ? { permissionsBoundary: props.permissionsBoundaryArn } : {}),
            tags,
        });
        new iam_role_policy_1.IamRolePolicy(this, "worker-policy", {
            role: this.workerRole.name,
            name: "codepipeline-job-worker",
            policy: (0, policy_1.policyJson)(...workerStatements(this.actionTypeArn)),
        });
        // EC2 can use a role only through an instance profile.
        if ("service" in props.workerPrincipal && props.workerPrincipal.service === "ec2.amazonaws.com") {
            this.instanceProfile = new iam_instance_profile_1.IamInstanceProfile(this, "worker-instance-profile", { name: props.workerRoleName, role: this.workerRole.name, tags });
        }
    }
}
exports.CustomActionType = CustomActionType;
/** The job worker's permissions for one action type. */
function workerStatements(actionTypeArn) {
    return [
        // PollForJobs takes the action-type ARN (AWS user guide, identity-based policy example 5).
        { Sid: "PollThisActionType", Effect: "Allow", Action: "codepipeline:PollForJobs", Resource: actionTypeArn },
        {
            Sid: "WorkOnJobs",
            Effect: "Allow",
            // Job operations name a job id, not an ARN, and support no resource-level permissions:
            // AcknowledgeJob supports only "*" (CodePipeline permissions reference); PutJobSuccessResult
            // and PutJobFailureResult require all resources (same reference, cited by aws/serverless-
            // application-model#548); GetJobDetails' row was not retrieved (partly UNVERIFIED), and the
            // AWSCodePipelineCustomActionAccess managed policy grants it on "*" too. Jobs of other action
            // types can only be learned through PollForJobs, which is scoped above.
            Action: ["codepipeline:AcknowledgeJob", "codepipeline:GetJobDetails", "codepipeline:PutJobFailureResult", "codepipeline:PutJobSuccessResult"],
            Resource: "*",
        },
    ];
}
function validateProperties(where, properties) {
    if (properties.length > MAX_PROPERTIES) {
        throw new Error(`${where}: ${properties.length} configurationProperties; an action type has at most ${MAX_PROPERTIES}`);
    }
    const names = new Set();
    for (const p of properties) {
        if (p.name.length < 1 || p.name.length > 50)
            throw new Error(`${where}: configuration property name "${p.name}" must be 1-50 characters`);
        if (names.has(p.name))
            throw new Error(`${where}: configuration property "${p.name}" is defined twice`);
        names.add(p.name);
        if (p.description !== undefined && (p.description.length < 1 || p.description.length > 160)) {
            throw new Error(`${where}: configuration property "${p.name}" description must be 1-160 characters`);
        }
        if (p.type !== undefined && !["String", "Number", "Boolean"].includes(p.type)) {
            throw new Error(`${where}: configuration property "${p.name}" type must be String, Number or Boolean`);
        }
    }
    // API ActionConfigurationProperty.queryable: "an action can have up to one queryable property.
    // If it has one, that property must be both required and not secret."
    const queryable = properties.filter((p) => p.queryable);
    if (queryable.length > 1) {
        throw new Error(`${where}: ${queryable.map((p) => `"${p.name}"`).join(" and ")} are queryable; an action type may have at most one queryable property`);
    }
    const q = queryable[0];
    if (q && (!q.required || q.secret)) {
        throw new Error(`${where}: queryable property "${q.name}" must be required and not secret`);
    }
}
function validateRange(where, field, range) {
    const r = range ?? { minimumCount: 0, maximumCount: 0 };
    for (const [k, v] of Object.entries(r)) {
        if (!Number.isInteger(v) || v < 0 || v > 5)
            throw new Error(`${where}: ${field}.${k} ${v} must be a whole number from 0 to 5`);
    }
    if (r.minimumCount > r.maximumCount)
        throw new Error(`${where}: ${field}.minimumCount ${r.minimumCount} is above maximumCount ${r.maximumCount}`);
    return { minimumCount: r.minimumCount, maximumCount: r.maximumCount };
}
function trustStatements(where, principal) {
    if ("service" in principal) {
        if (!/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(principal.service)) {
            throw new Error(`${where}: workerPrincipal.service "${principal.service}" is not an AWS service principal such as "ec2.amazonaws.com"`);
        }
        return [{ Sid: "JobWorker", Effect: "Allow", Principal: { Service: principal.service }, Action: "sts:AssumeRole" }];
    }
    if (!cdktf_1.Token.isUnresolved(principal.roleArn) && !(0, policy_1.isRoleArn)(principal.roleArn)) {
        throw new Error(`${where}: workerPrincipal.roleArn "${principal.roleArn}" is not an IAM role ARN; name the one role that runs the worker, never "*" or an account root`);
    }
    // A literal role becomes its account root restricted by aws:PrincipalArn, so the trust policy is
    // valid before the worker's role exists.
    return (0, policy_1.grantPrincipals)([principal.roleArn], `${where}: workerPrincipal.roleArn`).map((g, i) => ({
        Sid: `JobWorker${i}`,
        Effect: "Allow",
        Principal: g.principal,
        Action: "sts:AssumeRole",
        ...(g.condition ? { Condition: g.condition } : {}),
    }));
}
