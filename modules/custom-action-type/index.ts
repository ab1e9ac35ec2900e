import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { CodepipelineCustomActionType } from "@cdktf/provider-aws/lib/codepipeline-custom-action-type";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { grantPrincipals, isRoleArn, policyJson, PolicyStatement, requireRoleName } from "../shared/policy";
import { HEARTBEAT_METRIC_NAME, heartbeatDimensions, heartbeatNamespace } from "../../job-worker";

export type CustomActionCategory = "Source" | "Build" | "Test" | "Deploy" | "Approval" | "Invoke";

/** What identifies a custom action type in a pipeline's action declaration. */
export interface CustomActionTypeId {
  readonly category: CustomActionCategory;
  readonly owner: "Custom";
  readonly provider: string;
  readonly version: string;
}

/** One configuration property of a custom action type: a key of the action's configuration map. */
export interface CustomActionConfigurationProperty {
  /** The configuration key, 1-50 characters. */
  readonly name: string;
  /** Pipelines must set it. @default false */
  readonly required?: boolean;
  /** Whether the property is a key (identifies the job). @default false */
  readonly key?: boolean;
  /** Hidden from every call except GetJobDetails and PollForJobs (and the third-party variants). @default false */
  readonly secret?: boolean;
  /**
   * Job workers filter PollForJobs on it (`queryParam`). At most one per action type, and it
   * must be required and not secret. @default false
   */
  readonly queryable?: boolean;
  /** Shown to pipeline authors, 1-160 characters. @default none */
  readonly description?: string;
  /** @default none (the service treats it as a string) */
  readonly type?: "String" | "Number" | "Boolean";
}

/** How many artifacts an action of the type takes or produces (each 0-5). */
export interface ArtifactCountRange {
  readonly minimumCount: number;
  readonly maximumCount: number;
}

/** What a pipeline needs to know about a custom action type; {@link CustomActionType} is one. */
export interface CustomActionTypeDefinition {
  readonly actionTypeId: CustomActionTypeId;
  readonly configurationProperties: readonly CustomActionConfigurationProperty[];
  readonly inputArtifactDetails: ArtifactCountRange;
  readonly outputArtifactDetails: ArtifactCountRange;
  /**
   * The resource that creates the type, when this app creates it: pipelines that use the type wait
   * for it (CodePipeline rejects a pipeline whose action type does not exist yet).
   * @default none (the type exists already)
   */
  readonly resource?: ITerraformDependable;
}

/** Who runs the job worker: an AWS service (e.g. `ec2.amazonaws.com`) or one specific IAM role. */
export type WorkerPrincipal = { readonly service: string } | { readonly roleArn: string };

export interface CustomActionTypeProps {
  readonly category: CustomActionCategory;
  /** Provider name, 1-35 characters, e.g. "AcmeScanner". */
  readonly providerName: string;
  /** 1-9 letters, digits, - or _, e.g. "1". */
  readonly version: string;
  /**
   * Configuration properties (at most 10). URL templates may reference a property as
   * `{Config:<name>}` only if it is required and not secret.
   * @default []
   */
  readonly configurationProperties?: CustomActionConfigurationProperty[];
  /** @default { minimumCount: 0, maximumCount: 0 } */
  readonly inputArtifactDetails?: ArtifactCountRange;
  /** @default { minimumCount: 0, maximumCount: 0 } */
  readonly outputArtifactDetails?: ArtifactCountRange;
  /** Links the console shows for the action (templates with `{Config:<name>}`, `{ExternalExecutionId}`). @default none */
  readonly settings?: {
    /** Link to the provider's page for the resource, e.g. the project. @default none */
    readonly entityUrlTemplate?: string;
    /** Link to the details of one run. @default none */
    readonly executionUrlTemplate?: string;
    /** Link to the revision. @default none */
    readonly revisionUrlTemplate?: string;
    /** Link to the provider's configuration page. @default none */
    readonly thirdPartyConfigurationUrl?: string;
  };
  /** Name of the job-worker role this construct creates. */
  readonly workerRoleName: string;
  /** Who may assume the job-worker role; never "*". */
  readonly workerPrincipal: WorkerPrincipal;
  /**
   * The worker publishes its heartbeat (job-worker library) in `<prefix>/<Category>/<Provider>/<Version>`,
   * and its role may publish in exactly that namespace. @default none (no heartbeat permission)
   */
  readonly heartbeatNamespacePrefix?: string;
  /** Permissions boundary for the worker role. @default none */
  readonly permissionsBoundaryArn?: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

const CATEGORIES: readonly CustomActionCategory[] = ["Source", "Build", "Test", "Deploy", "Approval", "Invoke"];
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
export class CustomActionType extends Construct implements CustomActionTypeDefinition {
  readonly resource: CodepipelineCustomActionType;
  readonly actionTypeId: CustomActionTypeId;
  readonly configurationProperties: readonly CustomActionConfigurationProperty[];
  readonly inputArtifactDetails: ArtifactCountRange;
  readonly outputArtifactDetails: ArtifactCountRange;
  /** `arn:aws:codepipeline:<region>:<account>:actiontype:Custom/<Category>/<Provider>/<Version>`. */
  readonly actionTypeArn: string;
  /** The job worker's role: polls for exactly this action type's jobs and reports their results. */
  readonly workerRole: IamRole;
  /** Instance profile of the worker role, when the workers are EC2 instances. */
  readonly instanceProfile?: IamInstanceProfile;
  /** The CloudWatch namespace of the workers' heartbeat, when `heartbeatNamespacePrefix` is set. */
  readonly heartbeatNamespace?: string;

  constructor(scope: Construct, id: string, props: CustomActionTypeProps) {
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
      if (template === undefined || Token.isUnresolved(template)) continue;
      for (const m of template.matchAll(CONFIG_REFERENCE)) {
        const name = m[1]!;
        const property = properties.find((p) => p.name === name);
        if (!property) throw new Error(`${where}: settings.${field} references {Config:${name}}, which is no configuration property`);
        if (!property.required || property.secret) {
          throw new Error(`${where}: settings.${field} references {Config:${name}}; URL templates may only use properties that are required and not secret`);
        }
      }
    }
    requireRoleName(`${where}: workerRoleName`, props.workerRoleName);
    const trust = trustStatements(where, props.workerPrincipal);
    if (props.heartbeatNamespacePrefix !== undefined) {
      this.heartbeatNamespace = heartbeatNamespace(props.heartbeatNamespacePrefix, {
        category: props.category,
        provider: props.providerName,
        version: props.version,
      });
      // PutMetricData: "AWS/" is reserved; 1-255 characters (CloudWatch API reference, PutMetricData Namespace).
      if (props.heartbeatNamespacePrefix === "" || this.heartbeatNamespace.startsWith("AWS/") || this.heartbeatNamespace.length > 255) {
        throw new Error(
          `${where}: heartbeatNamespacePrefix "${props.heartbeatNamespacePrefix}" must be non-empty, not start with "AWS/", and keep the namespace within 255 characters`,
        );
      }
    }

    this.actionTypeId = { category: props.category, owner: "Custom", provider: props.providerName, version: props.version };
    this.configurationProperties = properties;
    this.inputArtifactDetails = inputs;
    this.outputArtifactDetails = outputs;
    const tags = props.tags ?? {};

    this.resource = new CodepipelineCustomActionType(this, "type", {
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

    this.workerRole = new IamRole(this, "worker-role", {
      name: props.workerRoleName,
      description: `Job worker of CodePipeline custom action ${props.category}/${props.providerName}/${props.version}`,
      assumeRolePolicy: policyJson(...trust),
      ...(props.permissionsBoundaryArn ? { permissionsBoundary: props.permissionsBoundaryArn } : {}),
      tags,
    });
    new IamRolePolicy(this, "worker-policy", {
      role: this.workerRole.name,
      name: "codepipeline-job-worker",
      policy: policyJson(...workerStatements(this.actionTypeArn, this.heartbeatNamespace)),
    });
    // EC2 can use a role only through an instance profile.
    if ("service" in props.workerPrincipal && props.workerPrincipal.service === "ec2.amazonaws.com") {
      this.instanceProfile = new IamInstanceProfile(this, "worker-instance-profile", { name: props.workerRoleName, role: this.workerRole.name, tags });
    }
  }

  /**
   * An alarm that fires when the workers have not published a heartbeat for `missingMinutes`
   * consecutive minutes: no worker is polling, so this type's jobs wait until CodePipeline times
   * them out. Missing data is breaching: a worker that never started alarms too.
   */
  alarmOnMissingHeartbeat(props: HeartbeatAlarmProps): CloudwatchMetricAlarm {
    const where = `custom action type "${this.actionTypeId.category}/${this.actionTypeId.provider}/${this.actionTypeId.version}"`;
    if (!this.heartbeatNamespace) throw new Error(`${where}: set heartbeatNamespacePrefix to alarm on the heartbeat`);
    // Periods under an hour: Period x EvaluationPeriods <= 86400 s (CloudWatch API reference, PutMetricAlarm).
    if (!Number.isInteger(props.missingMinutes) || props.missingMinutes < 3 || props.missingMinutes > 1440) {
      throw new Error(`${where}: missingMinutes ${props.missingMinutes} must be a whole number from 3 to 1440`);
    }
    if (!Token.isUnresolved(props.alarmName) && (props.alarmName.length < 1 || props.alarmName.length > 255)) {
      throw new Error(`${where}: alarmName "${props.alarmName}" must be 1-255 characters (CloudWatch PutMetricAlarm)`);
    }
    return new CloudwatchMetricAlarm(this, "heartbeat-alarm", {
      ...(props.region ? { region: props.region } : {}),
      alarmName: props.alarmName,
      alarmDescription: `No job worker of CodePipeline custom action ${this.actionTypeId.category}/${this.actionTypeId.provider}/${this.actionTypeId.version} has polled for ${props.missingMinutes} minutes: its jobs wait until they time out. Start or fix the workers.`,
      namespace: this.heartbeatNamespace,
      metricName: HEARTBEAT_METRIC_NAME,
      dimensions: Object.fromEntries(heartbeatDimensions(this.actionTypeId).map((d) => [d.Name, d.Value])),
      statistic: "SampleCount",
      // One-minute periods, all of them empty: a worker beats at most once a minute, after a poll.
      period: 60,
      evaluationPeriods: props.missingMinutes,
      datapointsToAlarm: props.missingMinutes,
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "breaching",
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
      tags: props.tags ?? {},
    });
  }
}

export interface HeartbeatAlarmProps {
  /** 1-255 characters, unique in the account and region. */
  readonly alarmName: string;
  /** Topic the alarm notifies (when it fires and when it clears). */
  readonly alarmTopicArn: string;
  /** Minutes without a heartbeat before the alarm fires, 3-1440. */
  readonly missingMinutes: number;
  /** Region of the alarm: the region of the action type. @default the provider's */
  readonly region?: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/** The job worker's permissions for one action type (and its heartbeat namespace, if any). @internal */
export function workerStatements(actionTypeArn: string, heartbeatNamespace?: string): PolicyStatement[] {
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
    ...(heartbeatNamespace !== undefined
      ? [
          {
            Sid: "PublishHeartbeat",
            Effect: "Allow" as const,
            // PutMetricData has no required resource type and one condition key, cloudwatch:namespace
            // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html).
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": heartbeatNamespace } },
          },
        ]
      : []),
  ];
}

function validateProperties(where: string, properties: readonly CustomActionConfigurationProperty[]): void {
  if (properties.length > MAX_PROPERTIES) {
    throw new Error(`${where}: ${properties.length} configurationProperties; an action type has at most ${MAX_PROPERTIES}`);
  }
  const names = new Set<string>();
  for (const p of properties) {
    if (p.name.length < 1 || p.name.length > 50) throw new Error(`${where}: configuration property name "${p.name}" must be 1-50 characters`);
    if (names.has(p.name)) throw new Error(`${where}: configuration property "${p.name}" is defined twice`);
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

function validateRange(where: string, field: string, range: ArtifactCountRange | undefined): ArtifactCountRange {
  const r = range ?? { minimumCount: 0, maximumCount: 0 };
  for (const [k, v] of Object.entries(r)) {
    if (!Number.isInteger(v) || v < 0 || v > 5) throw new Error(`${where}: ${field}.${k} ${v} must be a whole number from 0 to 5`);
  }
  if (r.minimumCount > r.maximumCount) throw new Error(`${where}: ${field}.minimumCount ${r.minimumCount} is above maximumCount ${r.maximumCount}`);
  return { minimumCount: r.minimumCount, maximumCount: r.maximumCount };
}

function trustStatements(where: string, principal: WorkerPrincipal): PolicyStatement[] {
  if ("service" in principal) {
    if (!/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(principal.service)) {
      throw new Error(`${where}: workerPrincipal.service "${principal.service}" is not an AWS service principal such as "ec2.amazonaws.com"`);
    }
    return [{ Sid: "JobWorker", Effect: "Allow", Principal: { Service: principal.service }, Action: "sts:AssumeRole" }];
  }
  if (!Token.isUnresolved(principal.roleArn) && !isRoleArn(principal.roleArn)) {
    throw new Error(
      `${where}: workerPrincipal.roleArn "${principal.roleArn}" is not an IAM role ARN; name the one role that runs the worker, never "*" or an account root`,
    );
  }
  // A literal role becomes its account root restricted by aws:PrincipalArn, so the trust policy is
  // valid before the worker's role exists.
  return grantPrincipals([principal.roleArn], `${where}: workerPrincipal.roleArn`).map((g, i) => ({
    Sid: `JobWorker${i}`,
    Effect: "Allow",
    Principal: g.principal,
    Action: "sts:AssumeRole",
    ...(g.condition ? { Condition: g.condition } : {}),
  }));
}
