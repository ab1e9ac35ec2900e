import { asList, PolicyDoc } from "../../synth/resolve";
import { SynthesizedStack } from "../../synth/wiring";
import { AccessResolver, blocks } from "./resolver";
import { arnPrefix, iamRoleArn, s3Arn } from "../../modules/shared/partition";

/**
 * What the access proof knows about a landing zone, read from its synthesized stacks only: roles
 * with every policy attached to them (wherever in the app that happens), artifact stores with
 * their bucket and key policies, pipelines and their actions, EventBridge targets, queues, topics
 * and notification rules. Every ARN is resolved across stacks (see {@link AccessResolver}).
 */

export interface NamedPolicy {
  readonly name: string;
  readonly policy: PolicyDoc;
}

export interface RoleModel {
  readonly stack: string;
  readonly resource: string;
  readonly account: string;
  readonly name: string;
  readonly arn: string;
  readonly trust?: PolicyDoc;
  /** Inline policies (role `inline_policy` blocks and `aws_iam_role_policy` from any stack of the role's account). */
  readonly inline: NamedPolicy[];
  /** Customer-managed policies attached to the role whose document is in the synth. */
  readonly managed: NamedPolicy[];
  /** Attached policy ARNs whose document is not in the synth (AWS managed, or created elsewhere). */
  readonly unresolvedManaged: string[];
  readonly boundary?: NamedPolicy;
  /** A permissions boundary ARN whose document is not in the synth. */
  readonly unresolvedBoundary?: string;
}

export interface KeyModel {
  readonly stack: string;
  readonly resource: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly policy?: PolicyDoc;
  /** True for `alias/aws/<service>` (AWS managed keys), whose policy AWS writes. */
  readonly awsManaged?: boolean;
}

export interface BucketModel {
  readonly stack: string;
  readonly resource: string;
  readonly name: string;
  readonly arn: string;
  /** The account of the stack that creates the bucket (an S3 ARN carries none). */
  readonly account: string;
  readonly region: string;
  readonly policy?: PolicyDoc;
  /** Default SSE-KMS key (`kms_master_key_id`), as written. */
  readonly sseKeyRef?: string;
}

export interface StoreModel {
  readonly region: string;
  readonly bucket: BucketModel;
  readonly key?: KeyModel;
  /** The key reference that could not be matched to a key in the synth, if any. */
  readonly unresolvedKey?: string;
}

export interface ActionModel {
  readonly stage: string;
  readonly name: string;
  readonly category: string;
  readonly provider: string;
  readonly region: string;
  readonly roleArn?: string;
  readonly configuration: Record<string, string>;
  /** Number of output artifacts: an action without any only reads artifacts. */
  readonly outputCount: number;
  /** Names of the input artifacts. */
  readonly inputs: string[];
  /** Names of the output artifacts. */
  readonly outputs: string[];
}

export interface PipelineModel {
  readonly stack: string;
  readonly resource: string;
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly roleArn: string;
  /** Artifact store per region. */
  readonly stores: Map<string, StoreModel>;
  readonly actions: ActionModel[];
}

export interface QueueModel {
  readonly stack: string;
  readonly resource: string;
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly account: string;
  readonly region: string;
  readonly policy?: PolicyDoc;
  readonly keyRef?: string;
  readonly key?: KeyModel;
}

export interface TopicModel {
  readonly stack: string;
  readonly resource: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly policy?: PolicyDoc;
  readonly keyRef?: string;
  readonly key?: KeyModel;
}

export interface RuleModel {
  readonly stack: string;
  readonly resource: string;
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
}

export interface EventTargetModel {
  readonly stack: string;
  readonly resource: string;
  readonly rule: RuleModel;
  readonly arn: string;
  readonly roleArn?: string;
  readonly deadLetterArn?: string;
}

export interface NotificationRuleModel {
  readonly stack: string;
  readonly resource: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly topicArns: string[];
}

export interface LambdaPermissionModel {
  readonly stack: string;
  readonly resource: string;
  readonly functionArn: string;
  readonly principal: string;
  readonly action: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  readonly statementId: string;
}

export interface AlarmModel {
  readonly stack: string;
  readonly resource: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  /** Alarm, OK and insufficient-data actions (topic ARNs, or other action ARNs). */
  readonly actions: string[];
}

/** A custom action type, its job-worker role and its heartbeat, tied by construct path (not by the role's policy). */
export interface CustomActionTypeModel {
  readonly stack: string;
  readonly resource: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  /** ARN of the role created beside the type (`<type construct>/worker-role`), if any. */
  readonly workerRoleArn?: string;
  /** Namespace the heartbeat alarm beside the type (`<type construct>/heartbeat-alarm`) watches, if any. */
  readonly heartbeatNamespace?: string;
}

export interface CodeBuildProjectModel {
  readonly stack: string;
  readonly resource: string;
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly roleArn: string;
}

export interface LandingZoneModel {
  readonly resolver: AccessResolver;
  readonly roles: Map<string, RoleModel>;
  /** Roles the stacks do not create but attach inline policies to (e.g. CodeDeploy instance roles), by ARN. */
  readonly existingRoles: Map<string, RoleModel>;
  readonly keys: KeyModel[];
  readonly buckets: BucketModel[];
  /** Artifact stores: every pipeline's `artifact_store` and every stack's `artifact_bucket_name`/`artifact_key_arn` outputs. */
  readonly stores: StoreModel[];
  /** Stores each stack reads through remote state (the stores of a target's regions). */
  readonly storesReadBy: Map<string, StoreModel[]>;
  readonly pipelines: PipelineModel[];
  readonly codebuildProjects: CodeBuildProjectModel[];
  readonly rules: RuleModel[];
  readonly eventTargets: EventTargetModel[];
  readonly queues: QueueModel[];
  readonly topics: TopicModel[];
  readonly notificationRules: NotificationRuleModel[];
  readonly lambdaPermissions: LambdaPermissionModel[];
  readonly alarms: AlarmModel[];
  readonly customActionTypes: CustomActionTypeModel[];
  /** The organization the policies name (aws:PrincipalOrgID, and the first aws:PrincipalOrgPaths), if any. */
  readonly organization?: { readonly id: string; readonly path?: string };
  /** Accounts of the landing zone: those of its stacks (members of {@link organization}). */
  readonly accounts: ReadonlySet<string>;
  /** Things the proof could not model (a role's policy that is not JSON, a store bucket created elsewhere, ...). */
  readonly notes: string[];
}

// Policies are JSON strings inside the stack JSON, so their quotes arrive escaped.
const ORG_ID = /aws:PrincipalOrgID\\*"\s*:\s*\\*"(o-[a-z0-9]{10,32})/;
const ORG_PATH = /aws:PrincipalOrgPaths\\*"\s*:\s*\[?\s*\\*"(o-[a-z0-9]{10,32}\/[^"\\*]*)/;

/** The organization the synthesized policies grant, read from their conditions. */
function organizationOf(stacks: readonly SynthesizedStack[]): LandingZoneModel["organization"] {
  const texts = stacks.map((s) => JSON.stringify(s.json));
  const id = texts.map((t) => ORG_ID.exec(t)?.[1]).find((x) => x !== undefined);
  if (!id) return undefined;
  const path = texts.map((t) => ORG_PATH.exec(t)?.[1]).find((x) => x !== undefined);
  return { id, ...(path ? { path } : {}) };
}

const stringMap = (r: AccessResolver, stack: string, value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((value && typeof value === "object" ? value : {}) as Record<string, unknown>)
      .filter(([, v]) => typeof v === "string")
      .map(([k, v]) => [k, r.str(stack, v as string)]),
  );

/** Reads the access-relevant model of a landing zone from its synthesized stacks. */
export function buildModel(stacks: readonly SynthesizedStack[]): LandingZoneModel {
  const r = new AccessResolver(stacks);
  const notes: string[] = [];

  // --- KMS keys and aliases ------------------------------------------------------------------
  const keyPolicies = new Map<string, PolicyDoc>();
  for (const [stack, name, body] of r.all("aws_kms_key_policy")) {
    const keyRef = r.attr(stack, body, "key_id");
    const policy = r.policy(stack, body.policy);
    if (keyRef && policy) keyPolicies.set(keyRef, policy);
    else notes.push(`${stack}: aws_kms_key_policy.${name} could not be read`);
  }
  const keys: KeyModel[] = r.all("aws_kms_key").map(([stack, name, body]) => {
    const arn = r.ref(stack, "aws_kms_key", name, "arn");
    const id = r.ref(stack, "aws_kms_key", name, "key_id");
    const policy = r.policy(stack, body.policy) ?? keyPolicies.get(arn) ?? keyPolicies.get(id);
    if (!policy) notes.push(`${stack}: aws_kms_key.${name} has no key policy in the synth (AWS would apply the default key policy)`);
    return { stack, resource: name, arn, account: r.account(stack), region: r.region(stack, body), ...(policy ? { policy } : {}) };
  });
  const aliases = r.all("aws_kms_alias").map(([stack, name, body]) => ({
    arn: r.ref(stack, "aws_kms_alias", name, "arn"),
    name: r.attr(stack, body, "name") ?? "",
    account: r.account(stack),
    region: r.region(stack, body),
    target: r.attr(stack, body, "target_key_id") ?? "",
  }));
  const findKey = (ref: string | undefined, account?: string, region?: string): KeyModel | undefined => {
    if (!ref) return undefined;
    const direct = keys.find((k) => k.arn === ref || k.arn.endsWith(`:key/${ref}`));
    if (direct) return direct;
    const alias = aliases.find((a) => a.arn === ref || (a.name === ref && a.account === account && a.region === region));
    if (alias) return findKey(alias.target, alias.account, alias.region);
    const awsManaged = /^(?:arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):)?(alias\/aws\/[\w-]+)$/.exec(ref);
    if (awsManaged) {
      const keyRegion = awsManaged[1] ?? region ?? "unknown-region";
      const keyAccount = awsManaged[2] ?? account ?? "000000000000";
      // Requests go to the key behind the alias; AWS picks its id.
      return {
        stack: "(AWS)",
        resource: awsManaged[3]!,
        arn: `${arnPrefix(keyRegion)}:kms:${keyRegion}:${keyAccount}:key/<${awsManaged[3]}>`,
        account: keyAccount,
        region: keyRegion,
        awsManaged: true,
      };
    }
    return undefined;
  };

  // --- IAM -------------------------------------------------------------------------------------
  const customerPolicies = new Map<string, NamedPolicy>();
  for (const [stack, name, body] of r.all("aws_iam_policy")) {
    const policy = r.policy(stack, body.policy);
    if (policy) customerPolicies.set(r.ref(stack, "aws_iam_policy", name, "arn"), { name: r.attr(stack, body, "name") ?? name, policy });
  }
  const inlineByRole = new Map<string, NamedPolicy[]>();
  const managedByRole = new Map<string, string[]>();
  const roleKey = (account: string, roleName: string) => `${account}/${roleName}`;
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  for (const [stack, name, body] of r.all("aws_iam_role_policy")) {
    const role = r.attr(stack, body, "role");
    const policy = r.policy(stack, body.policy);
    if (!role || !policy) {
      notes.push(`${stack}: aws_iam_role_policy.${name} could not be read`);
      continue;
    }
    push(inlineByRole, roleKey(r.account(stack), role), { name: r.attr(stack, body, "name") ?? name, policy });
  }
  for (const [stack, , body] of r.all("aws_iam_role_policy_attachment")) {
    const role = r.attr(stack, body, "role");
    const arn = r.attr(stack, body, "policy_arn");
    if (role && arn) push(managedByRole, roleKey(r.account(stack), role), arn);
  }
  for (const [stack, , body] of r.all("aws_iam_policy_attachment")) {
    const arn = r.attr(stack, body, "policy_arn");
    for (const role of asList(body.roles as string[] | undefined)) if (arn) push(managedByRole, roleKey(r.account(stack), r.str(stack, role)), arn);
  }
  const roles = new Map<string, RoleModel>();
  for (const [stack, name, body] of r.all("aws_iam_role")) {
    const account = r.account(stack);
    const roleName = r.attr(stack, body, "name") ?? `<${stack}:aws_iam_role.${name}>`;
    const arn = r.ref(stack, "aws_iam_role", name, "arn");
    const trust = r.policy(stack, body.assume_role_policy);
    const inline = [
      ...blocks(body.inline_policy).flatMap((b) => {
        const policy = r.policy(stack, b.policy);
        return policy ? [{ name: r.attr(stack, b, "name") ?? "inline", policy }] : [];
      }),
      ...(inlineByRole.get(roleKey(account, roleName)) ?? []),
    ];
    const managedArns = [
      ...asList(body.managed_policy_arns as string[] | undefined).map((a) => r.str(stack, a)),
      ...(managedByRole.get(roleKey(account, roleName)) ?? []),
    ];
    const managed = managedArns.flatMap((a) => (customerPolicies.has(a) ? [customerPolicies.get(a)!] : []));
    const unresolvedManaged = managedArns.filter((a) => !customerPolicies.has(a));
    const boundaryArn = r.attr(stack, body, "permissions_boundary");
    const boundary = boundaryArn ? customerPolicies.get(boundaryArn) : undefined;
    roles.set(arn, {
      stack,
      resource: name,
      account,
      name: roleName,
      arn,
      ...(trust ? { trust } : {}),
      inline,
      managed,
      unresolvedManaged,
      ...(boundary ? { boundary } : {}),
      ...(boundaryArn && !boundary ? { unresolvedBoundary: boundaryArn } : {}),
    });
  }

  const existingRoles = new Map<string, RoleModel>();
  const created = new Set([...roles.values()].map((x) => roleKey(x.account, x.name)));
  for (const [stack, name, body] of r.all("aws_iam_role_policy")) {
    const roleName = r.attr(stack, body, "role");
    const account = r.account(stack);
    if (!roleName || roleName.includes("${") || created.has(roleKey(account, roleName))) continue;
    const arn = iamRoleArn(r.region(stack, body), account, roleName);
    if (existingRoles.has(arn)) continue;
    existingRoles.set(arn, {
      stack,
      resource: name,
      account,
      name: roleName,
      arn,
      inline: inlineByRole.get(roleKey(account, roleName)) ?? [],
      managed: [],
      unresolvedManaged: [],
    });
  }

  // --- S3 buckets and artifact stores ----------------------------------------------------------
  const bucketPolicies = new Map<string, PolicyDoc>();
  for (const [stack, , body] of r.all("aws_s3_bucket_policy")) {
    const bucket = r.attr(stack, body, "bucket");
    const policy = r.policy(stack, body.policy);
    if (bucket && policy) bucketPolicies.set(bucket, policy);
  }
  const sseKeys = new Map<string, string>();
  for (const [stack, , body] of r.all("aws_s3_bucket_server_side_encryption_configuration")) {
    const bucket = r.attr(stack, body, "bucket");
    for (const rule of blocks(body.rule)) {
      for (const d of blocks(rule.apply_server_side_encryption_by_default)) {
        const key = r.attr(stack, d, "kms_master_key_id");
        if (bucket && key) sseKeys.set(bucket, key);
      }
    }
  }
  const buckets: BucketModel[] = r.all("aws_s3_bucket").map(([stack, name, body]) => {
    const bucketName = r.attr(stack, body, "bucket") ?? `<${stack}:aws_s3_bucket.${name}>`;
    const policy = bucketPolicies.get(bucketName) ?? r.policy(stack, body.policy);
    const sseKeyRef = sseKeys.get(bucketName);
    return {
      stack,
      resource: name,
      name: bucketName,
      arn: s3Arn(r.region(stack, body), bucketName),
      account: r.account(stack),
      region: r.region(stack, body),
      ...(policy ? { policy } : {}),
      ...(sseKeyRef ? { sseKeyRef } : {}),
    };
  });
  const storeByBucket = new Map<string, StoreModel>();
  const store = (bucketName: string, keyRef: string | undefined, where: string): StoreModel | undefined => {
    const existing = storeByBucket.get(bucketName);
    if (existing) return existing;
    const bucket = buckets.find((b) => b.name === bucketName);
    if (!bucket) {
      notes.push(`${where}: artifact bucket ${bucketName} is not created by these stacks; not proven`);
      return undefined;
    }
    const ref = keyRef ?? bucket.sseKeyRef;
    const key = findKey(ref, bucket.account, bucket.region);
    const s: StoreModel = { region: bucket.region, bucket, ...(key ? { key } : {}), ...(ref && !key ? { unresolvedKey: ref } : {}) };
    if (ref && !key) notes.push(`${where}: key ${ref} of artifact bucket ${bucketName} is not created by these stacks`);
    storeByBucket.set(bucketName, s);
    return s;
  };
  for (const s of stacks) {
    const out = s.json.output ?? {};
    const bucketOut = out.artifact_bucket_name?.value;
    const keyOut = out.artifact_key_arn?.value;
    if (typeof bucketOut === "string") store(r.str(s.id, bucketOut), typeof keyOut === "string" ? r.str(s.id, keyOut) : undefined, `${s.id} outputs`);
  }

  // --- pipelines ------------------------------------------------------------------------------
  const pipelines: PipelineModel[] = r.all("aws_codepipeline").map(([stack, name, body]) => {
    const region = r.region(stack, body);
    const stores = new Map<string, StoreModel>();
    for (const b of blocks(body.artifact_store)) {
      const location = r.attr(stack, b, "location");
      const keyRef = blocks(b.encryption_key).map((k) => r.attr(stack, k, "id"))[0];
      const s = location ? store(location, keyRef, `${stack}: aws_codepipeline.${name}`) : undefined;
      if (s) stores.set(r.attr(stack, b, "region") ?? region, s);
    }
    const actions: ActionModel[] = blocks(body.stage).flatMap((st) =>
      blocks(st.action).map((a) => {
        const roleArn = r.attr(stack, a, "role_arn");
        return {
          stage: r.attr(stack, st, "name") ?? "",
          name: r.attr(stack, a, "name") ?? "",
          category: r.attr(stack, a, "category") ?? "",
          provider: r.attr(stack, a, "provider") ?? "",
          region: r.attr(stack, a, "region") ?? region,
          ...(roleArn ? { roleArn } : {}),
          configuration: stringMap(r, stack, a.configuration),
          outputCount: Array.isArray(a.output_artifacts) ? a.output_artifacts.length : 0,
          inputs: (Array.isArray(a.input_artifacts) ? a.input_artifacts : []).map((x) => r.str(stack, x)),
          outputs: (Array.isArray(a.output_artifacts) ? a.output_artifacts : []).map((x) => r.str(stack, x)),
        };
      }),
    );
    return {
      stack,
      resource: name,
      name: r.attr(stack, body, "name") ?? name,
      arn: r.ref(stack, "aws_codepipeline", name, "arn"),
      account: r.account(stack),
      region,
      roleArn: r.attr(stack, body, "role_arn") ?? "",
      stores,
      actions,
    };
  });
  const stores = [...storeByBucket.values()];

  // Stores each stack reads through remote state (outputs excluded: re-exporting is not using).
  const storesReadBy = new Map<string, StoreModel[]>();
  for (const s of stacks) {
    const found = new Set<StoreModel>();
    const visit = (v: unknown): void => {
      if (typeof v === "string") {
        for (const m of v.matchAll(/data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+(?:\[\\*"[^\]"\\]+\\*"\]|\.[\w-]+)*/g)) {
          const value = r.str(s.id, `\${${m[0].replace(/\\/g, "")}}`);
          for (const st of stores) if ([st.bucket.name, st.bucket.arn, st.key?.arn].includes(value)) found.add(st);
        }
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === "object") Object.values(v).forEach(visit);
    };
    // Outputs excluded: re-exporting a store is not using it.
    visit({ ...s.json, data: undefined, output: undefined });
    storesReadBy.set(s.id, [...found]);
  }

  const codebuildProjects: CodeBuildProjectModel[] = r.all("aws_codebuild_project").map(([stack, name, body]) => ({
    stack,
    resource: name,
    name: r.attr(stack, body, "name") ?? name,
    arn: r.ref(stack, "aws_codebuild_project", name, "arn"),
    region: r.region(stack, body),
    roleArn: r.attr(stack, body, "service_role") ?? "",
  }));

  // --- EventBridge, SQS, SNS, notifications ------------------------------------------------------
  const rules: RuleModel[] = r.all("aws_cloudwatch_event_rule").map(([stack, name, body]) => ({
    stack,
    resource: name,
    name: r.attr(stack, body, "name") ?? name,
    arn: r.ref(stack, "aws_cloudwatch_event_rule", name, "arn"),
    account: r.account(stack),
    region: r.region(stack, body),
  }));
  const eventTargets: EventTargetModel[] = r.all("aws_cloudwatch_event_target").flatMap(([stack, name, body]) => {
    const ruleName = r.attr(stack, body, "rule") ?? "";
    const bus = r.attr(stack, body, "event_bus_name") ?? "default";
    const region = r.region(stack, body);
    const account = r.account(stack);
    const ruleArn = `${arnPrefix(region)}:events:${region}:${account}:rule/${bus === "default" ? "" : `${bus}/`}${ruleName}`;
    const rule = rules.find((x) => x.arn === ruleArn) ?? { stack, resource: "(not in synth)", name: ruleName, arn: ruleArn, account, region };
    const roleArn = r.attr(stack, body, "role_arn");
    const deadLetterArn = blocks(body.dead_letter_config).map((d) => r.attr(stack, d, "arn"))[0];
    return [
      { stack, resource: name, rule, arn: r.attr(stack, body, "arn") ?? "", ...(roleArn ? { roleArn } : {}), ...(deadLetterArn ? { deadLetterArn } : {}) },
    ];
  });

  const queuePolicies = new Map<string, PolicyDoc>();
  for (const [stack, , body] of r.all("aws_sqs_queue_policy")) {
    const url = r.attr(stack, body, "queue_url");
    const policy = r.policy(stack, body.policy);
    if (url && policy) queuePolicies.set(url, policy);
  }
  const queues: QueueModel[] = r.all("aws_sqs_queue").map(([stack, name, body]) => {
    const arn = r.ref(stack, "aws_sqs_queue", name, "arn");
    const url = r.ref(stack, "aws_sqs_queue", name, "url");
    const policy = queuePolicies.get(url) ?? queuePolicies.get(arn) ?? r.policy(stack, body.policy);
    const keyRef = r.attr(stack, body, "kms_master_key_id");
    const account = r.account(stack);
    const region = r.region(stack, body);
    const key = findKey(keyRef, account, region);
    return {
      stack,
      resource: name,
      name: r.attr(stack, body, "name") ?? name,
      arn,
      url,
      account,
      region,
      ...(policy ? { policy } : {}),
      ...(keyRef ? { keyRef } : {}),
      ...(key ? { key } : {}),
    };
  });

  const topicPolicies = new Map<string, PolicyDoc>();
  for (const [stack, , body] of r.all("aws_sns_topic_policy")) {
    const arn = r.attr(stack, body, "arn");
    const policy = r.policy(stack, body.policy);
    if (arn && policy) topicPolicies.set(arn, policy);
  }
  const topics: TopicModel[] = r.all("aws_sns_topic").map(([stack, name, body]) => {
    const arn = r.ref(stack, "aws_sns_topic", name, "arn");
    const policy = topicPolicies.get(arn) ?? r.policy(stack, body.policy);
    const keyRef = r.attr(stack, body, "kms_master_key_id");
    const account = r.account(stack);
    const region = r.region(stack, body);
    const key = findKey(keyRef, account, region);
    return { stack, resource: name, arn, account, region, ...(policy ? { policy } : {}), ...(keyRef ? { keyRef } : {}), ...(key ? { key } : {}) };
  });

  const notificationRules: NotificationRuleModel[] = r.all("aws_codestarnotifications_notification_rule").map(([stack, name, body]) => ({
    stack,
    resource: name,
    arn: r.ref(stack, "aws_codestarnotifications_notification_rule", name, "arn"),
    account: r.account(stack),
    region: r.region(stack, body),
    topicArns: blocks(body.target)
      .filter((t) => (r.attr(stack, t, "type") ?? "SNS") === "SNS")
      .map((t) => r.attr(stack, t, "address") ?? ""),
  }));

  const lambdaPermissions: LambdaPermissionModel[] = r.all("aws_lambda_permission").map(([stack, name, body]) => {
    const fn = r.attr(stack, body, "function_name") ?? "";
    const region = r.region(stack, body);
    const functionArn = fn.startsWith("arn:")
      ? fn.split(":").slice(0, 7).join(":")
      : `${arnPrefix(region)}:lambda:${region}:${r.account(stack)}:function:${fn}`;
    const sourceArn = r.attr(stack, body, "source_arn");
    const sourceAccount = r.attr(stack, body, "source_account");
    return {
      stack,
      resource: name,
      functionArn,
      principal: r.attr(stack, body, "principal") ?? "",
      action: r.attr(stack, body, "action") ?? "lambda:InvokeFunction",
      statementId: r.attr(stack, body, "statement_id") ?? name,
      ...(sourceArn ? { sourceArn } : {}),
      ...(sourceAccount ? { sourceAccount } : {}),
    };
  });

  const alarms: AlarmModel[] = r.all("aws_cloudwatch_metric_alarm").map(([stack, name, body]) => {
    const region = r.region(stack, body);
    const account = r.account(stack);
    const actions = ["alarm_actions", "ok_actions", "insufficient_data_actions"].flatMap((k) =>
      asList(body[k] as string[] | undefined).map((a) => r.str(stack, a)),
    );
    return {
      stack,
      resource: name,
      arn: `${arnPrefix(region)}:cloudwatch:${region}:${account}:alarm:${r.attr(stack, body, "alarm_name") ?? name}`,
      account,
      region,
      actions: [...new Set(actions)],
    };
  });

  // The construct that creates a type also creates its worker role and heartbeat alarm (modules/custom-action-type).
  const constructOf = (body: Record<string, unknown>, leaf: string): string | undefined => {
    const path = (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
    return path?.endsWith(`/${leaf}`) ? path.slice(0, -leaf.length - 1) : undefined;
  };
  const byConstruct = (type: string, leaf: string) =>
    new Map<string, { stack: string; name: string; body: Record<string, unknown> }>(
      r.all(type).flatMap(([stack, name, body]) => (constructOf(body, leaf) ? [[`${stack}|${constructOf(body, leaf)}`, { stack, name, body }] as const] : [])),
    );
  const workerRoles = byConstruct("aws_iam_role", "worker-role");
  const heartbeatAlarms = byConstruct("aws_cloudwatch_metric_alarm", "heartbeat-alarm");
  const customActionTypes: CustomActionTypeModel[] = r.all("aws_codepipeline_custom_action_type").map(([stack, name, body]) => {
    const key = `${stack}|${constructOf(body, "type")}`;
    const role = workerRoles.get(key);
    const alarm = heartbeatAlarms.get(key);
    const namespace = alarm ? r.attr(alarm.stack, alarm.body, "namespace") : undefined;
    return {
      stack,
      resource: name,
      arn: r.ref(stack, "aws_codepipeline_custom_action_type", name, "arn"),
      account: r.account(stack),
      region: r.region(stack, body),
      ...(role ? { workerRoleArn: r.ref(role.stack, "aws_iam_role", role.name, "arn") } : {}),
      ...(namespace ? { heartbeatNamespace: namespace } : {}),
    };
  });

  const organization = organizationOf(stacks);
  return {
    resolver: r,
    roles,
    existingRoles,
    keys,
    buckets,
    stores,
    storesReadBy,
    pipelines,
    codebuildProjects,
    rules,
    eventTargets,
    queues,
    topics,
    notificationRules,
    lambdaPermissions,
    alarms,
    customActionTypes,
    ...(organization ? { organization } : {}),
    accounts: new Set(stacks.map((s) => r.account(s.id))),
    notes,
  };
}
