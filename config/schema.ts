import { z } from "zod";
import { entryArtifacts, pipelineSchema, stageOrPipelineName } from "./pipeline";
import { customActionTypeSchema, customActionWorkerRoleName, uniqueCustomActionTypes, WORKER_ROLE_NAME_MAX } from "./pipeline/custom-action-types";
import { CHATBOT_REGIONS, isLandingZoneRegion, landingZonePartition } from "./regions";
import { checkPartition, checkPartitionFeatures } from "./partition-check";
import { managedStackSets } from "./stack-sets";
import { ARTIFACT_FOLDER_LENGTH, PIPELINE_FOLDER_LENGTH } from "../modules/shared/artifact-layout";
import { accountId, BUCKET, name, POLICY_ARN, quote, region, regionList, ROLE_ARN, roleName, tagMap } from "./primitives";

export const toolsSchema = z
  .strictObject({
    accountId: accountId.describe("Account id of the tools account that hosts the pipelines."),
    primaryRegion: region.describe("Region of the pipelines, the pipeline role and the primary artifact store."),
    replicaRegions: regionList("replica")
      .default([])
      .describe("Further regions that get an artifact store, so pipeline actions can run there (cross-region actions need one per region)."),
    providerRoleName: roleName.optional().describe("Role the Terraform provider assumes in the tools account. Default: providerRole.name."),
  })
  .describe("The central tools account.");

export const targetSchema = z
  .strictObject({
    name: name("target name").describe("Short unique name of the target account, used in stack ids and resource names."),
    accountId: accountId.describe("Account id of the target account."),
    regions: regionList("target")
      .min(1, { error: "must list at least one region the account deploys to" })
      .describe("Regions pipelines deploy to in this account; each needs a tools artifact store."),
    tags: tagMap.optional().describe("Tags added to every resource of this target's stack."),
    providerRoleName: roleName.optional().describe("Role the Terraform provider assumes in this account. Default: providerRole.name."),
    cloudFormationExecutionPolicyArns: z
      .array(
        z.string().regex(POLICY_ARN, {
          error: (i) => `${quote(i.input)} is not an IAM managed policy ARN such as "arn:aws:iam::aws:policy/ReadOnlyAccess"`,
        }),
      )
      .default([])
      .describe("Managed policies attached to the CloudFormation execution role: what stacks deployed by pipelines may create. Default: none."),
    codeDeployInstanceRoleNames: z
      .array(roleName)
      .default([])
      .describe(
        "Roles of this account's EC2 or on-premises instances that run the CodeDeploy agent. The agent downloads each revision from the tools artifact store with these roles, so they get read access to exactly the revisions CodeDeploy actions here deploy (an inline policy on each role, and the store's bucket and key policies). The roles must exist before this target's stack is applied. Default: none.",
      ),
    trustPolicyQuota: z
      .number()
      .int()
      .min(2048, { error: (i) => `${quote(i.input)} is below IAM's default quota of 2048; leave it out, or give the value AWS raised it to for this account` })
      .max(8192, { error: (i) => `${quote(i.input)} is more than IAM allows for a trust policy (8192)` })
      .default(2048)
      .describe(
        'This account\'s IAM quota "Role trust policy length" (characters without white space). The action role trusts each pipeline that acts here by exact ARN; when that list outgrows the quota, synth fails. Raise it only after AWS raised the quota for this account. Default: 2048.',
      ),
  })
  .describe("An account pipelines deploy to.");

export const externalPipelineSchema = z
  .strictObject({
    name: stageOrPipelineName("pipeline name").describe(
      "Name of the pipeline, defined in another cdktf app or repository (it must differ from every other pipeline within its first 20 characters).",
    ),
    roleArn: z
      .string()
      .regex(ROLE_ARN, { error: (i) => `${quote(i.input)} is not an IAM role ARN such as "arn:aws:iam::111111111111:role/orders-pipeline"` })
      .describe(
        "The pipeline's own service role in the tools account: trusted by the action roles of the targets below, and granted the artifact stores of their regions. Give each external pipeline a role of its own: every pipeline that uses the role gets what it is granted here.",
      ),
    buildRoleArns: z
      .array(z.string().regex(ROLE_ARN, { error: (i) => `${quote(i.input)} is not an IAM role ARN` }))
      .default([])
      .describe(
        "Service roles of the pipeline's CodeBuild projects in the tools account; they read and write the artifact stores of its regions. Default: none.",
      ),
    actions: z
      .array(
        z.strictObject({
          account: name("target name").describe("Target the pipeline runs actions in."),
          region: region.optional().describe("Region of those actions. Default: the tools primary region."),
          inputs: z.boolean().default(true).describe("Whether the actions there consume artifacts (the action role then reads the pipeline's folder)."),
          cloudFormation: z
            .boolean()
            .default(false)
            .describe("Whether CloudFormation actions there pass the account's execution role (it then reads the pipeline's folder)."),
        }),
      )
      .min(1, { error: "list at least one place the pipeline runs actions in" })
      .describe("Where the pipeline runs actions in target accounts."),
  })
  .describe(
    "A pipeline defined outside this file that deploys into its target accounts, declared so that they trust it and its artifacts are isolated like the file's own. Its actions in target accounts only read artifacts: the access proof cannot see such a pipeline, so nothing it cannot check is granted.",
  );

export const organizationSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^o-[a-z0-9]{10,32}$/, { error: (i) => `${quote(i.input)} is not an AWS Organizations id such as "o-a1b2c3d4e5"` })
      .describe("Id of the AWS organization every account of the landing zone belongs to."),
    paths: z
      .array(
        z.string().regex(/^o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}\/(?:ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\/)*$/, {
          error: (i) => `${quote(i.input)} is not an organization entity path such as "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/" (ending in "/")`,
        }),
      )
      .default([])
      .describe(
        "Organizational unit paths the target accounts sit under; organization-wide grants then also require aws:PrincipalOrgPaths (each path covers its child OUs). Default: the whole organization.",
      ),
    listAccountsUpTo: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(20)
      .describe(
        "Grants of one role name to at most this many accounts list each account; larger ones name the organization (aws:PrincipalOrgID with aws:PrincipalArn) so bucket, key and pipeline-role policies stop growing with the number of accounts. Default: 20.",
      ),
  })
  .describe("The AWS organization of the landing zone, for grants that reach many accounts.");

export const stateSchema = z
  .strictObject({
    bucket: z
      .string()
      .regex(BUCKET, { error: (i) => `${quote(i.input)} is not a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)` })
      .describe("S3 bucket that holds the Terraform state of every stack."),
    region: region.describe("Region of the state bucket."),
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*$/, {
        error: (i) => `${quote(i.input)} is not a valid key prefix; use path segments without leading or trailing "/"`,
      })
      .default("codepipeline-landing-zone")
      .describe("Prefix of the state object keys; each stack's key is <keyPrefix>/<stack id>.tfstate."),
    roleArn: z
      .string()
      .regex(ROLE_ARN, { error: (i) => `${quote(i.input)} is not an IAM role ARN such as "arn:aws:iam::123456789012:role/terraform-state"` })
      .optional()
      .describe("Role assumed to read and write state (backend and remote-state reads). Default: the caller's credentials."),
    useLockfile: z.boolean().default(true).describe("Lock state with an S3 lock file (use_lockfile)."),
    dynamodbTable: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: (i) => `${quote(i.input)} is not a valid DynamoDB table name` })
      .optional()
      .describe("Optional DynamoDB lock table, for Terraform versions that still need it alongside the lock file."),
    kmsKeyId: z
      .string()
      .regex(/^arn:aws(?:-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:(?:key|alias)\/[A-Za-z0-9/_-]+$/, {
        error: (i) => `${quote(i.input)} is not a KMS key or alias ARN`,
      })
      .optional()
      .describe("Optional KMS key ARN used to encrypt the state objects. Default: the bucket's default encryption."),
  })
  .refine((s) => s.useLockfile || s.dynamodbTable !== undefined, {
    error: "state locking is off; set useLockfile to true (or give a dynamodbTable)",
    path: ["useLockfile"],
  })
  .describe("The S3 backend that holds every stack's state.");

export const providerRoleSchema = z
  .strictObject({
    name: roleName.describe("Role name the provider of every stack assumes in the stack's account."),
    sessionName: z
      .string()
      .regex(/^[\w+=,.@-]{2,64}$/, { error: (i) => `${quote(i.input)} is not a valid STS session name (2-64 characters)` })
      .default("codepipeline-landing-zone")
      .describe("STS session name, visible in CloudTrail."),
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, { error: (i) => `${quote(i.input)} is not a valid external id` })
      .optional()
      .describe("External id the role's trust policy requires, if any."),
  })
  .describe("The role each stack's provider assumes in its account.");

export const landingZoneSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path or URL of this file's JSON Schema, for editors."),
    name: name("landing-zone name").describe(
      "Short name of the landing zone; part of the name of everything the landing zone creates (roles, buckets, keys and aliases, queues, topics, rules, alarms, CodeBuild projects and their log groups), so two landing zones can share an account. Pipelines keep the names written in this file. 1-20 lowercase letters, digits, hyphens.",
    ),
    tools: toolsSchema,
    organization: organizationSchema
      .optional()
      .describe(
        "The AWS organization; needed once a grant reaches more accounts than policies can list (about 130 targets per region). Default: every account is listed.",
      ),
    targets: z.array(targetSchema).min(1, { error: "must list at least one target account" }).describe("Accounts pipelines deploy to."),
    state: stateSchema,
    providerRole: providerRoleSchema,
    keyAdministratorRoleNames: z
      .array(roleName)
      .default([])
      .describe(
        "Roles (by name, in each key's own account) that administer every KMS key besides the Terraform deploy role, e.g. a break-glass role; without one, losing the deploy role makes the keys unmanageable.",
      ),
    defaultTags: tagMap.default({}).describe("Tags on every resource of every stack (provider default_tags)."),
    pipelines: z.array(pipelineSchema).default([]).describe("Pipelines in the tools account's primary region; actions name target accounts and regions."),
    externalPipelines: z
      .array(externalPipelineSchema)
      .default([])
      .describe("Pipelines defined in other cdktf apps that run actions in target accounts. Default: none."),
    monitoring: z
      .strictObject({
        alarmEmails: z
          .array(z.email({ error: (i) => `${quote(i.input)} is not an email address` }))
          .default([])
          .describe("Subscribers of the alarm topic."),
        retryPolicy: z
          .strictObject({
            maximumEventAgeInSeconds: z.number().int().min(60).max(86400),
            maximumRetryAttempts: z.number().int().min(0).max(185),
          })
          .optional()
          .describe("Retry policy of every EventBridge target. Default: see the events module."),
        auditTrail: z.boolean().default(true).describe("A multi-region CloudTrail trail in the tools account, with its own encrypted log bucket."),
        auditTrailDataEvents: z
          .boolean()
          .default(true)
          .describe(
            "With auditTrail: the trail also records S3 write data events (PutObject, DeleteObject, ...) on every artifact bucket and every source bucket the landing zone creates, so a changed artifact can be traced to who wrote it. CloudTrail charges for data events; false turns them off. Default true.",
          ),
        chatbotRegion: region
          .optional()
          .describe(
            "Region of the AWS Chatbot Slack channels (the Chatbot API exists in us-east-2, us-west-2, ap-southeast-1, eu-west-1). Default: the primary region.",
          ),
        auditLogReaderRoleArns: z
          .array(z.string().regex(ROLE_ARN, { error: (i) => `${quote(i.input)} is not an IAM role ARN` }))
          .default([])
          .describe("Roles that may read and decrypt the audit trail's log files (security team, SIEM ingestion). Default: none."),
        queueConsumerRoleArns: z
          .array(
            z.string().regex(ROLE_ARN, { error: (i) => `${quote(i.input)} is not an IAM role ARN such as "arn:aws:iam::123456789012:role/platform-operator"` }),
          )
          .default([])
          .describe(
            "Roles that may read, redrive and delete messages of the dead-letter queues and the pipelines' event queues (their keys allow nobody else). Default: none.",
          ),
      })
      .default({ alarmEmails: [], auditTrail: true, auditTrailDataEvents: true, queueConsumerRoleArns: [], auditLogReaderRoleArns: [] })
      .describe("Alarms, retries and the audit trail."),
    guardrails: z
      .strictObject({
        suppressions: z
          .array(
            z.strictObject({
              ruleId: z.string().regex(/^CP-[A-Z0-9]+-\d+$/, { error: (i) => `${quote(i.input)} is not a guardrail rule id such as "CP-IAM-1"` }),
              constructPath: z.string().min(1).describe("Construct path, e.g. pipelines-eu-west-1/pipeline-orders-service; covers its children."),
              reason: z.string().min(10, { error: "give a reason of at least 10 characters" }).describe("Why the finding is acceptable."),
            }),
          )
          .default([]),
      })
      .default({ suppressions: [] })
      .describe("Suppressions of guardrail findings; one that matches nothing is an error."),
    customActionTypes: z
      .array(customActionTypeSchema)
      .superRefine(uniqueCustomActionTypes)
      .default([])
      .describe("Custom action types (and their job-worker roles) that `custom` actions use."),
  })
  .superRefine((lz, ctx) => {
    checkPartition(lz, ctx);
    checkPartitionFeatures(lz, ctx);
    const toolsRegions = [lz.tools.primaryRegion, ...lz.tools.replicaRegions];
    const primaryAt = lz.tools.replicaRegions.indexOf(lz.tools.primaryRegion);
    if (primaryAt >= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["tools", "replicaRegions", primaryAt],
        input: lz.tools.primaryRegion,
        message: `${quote(lz.tools.primaryRegion)} is the primary region; list only the other regions as replicas`,
      });
    }
    const names = new Map<string, number>();
    const ids = new Map<string, number>();
    lz.targets.forEach((t, i) => {
      if (t.accountId === lz.tools.accountId) {
        ctx.addIssue({
          code: "custom",
          path: ["targets", i, "accountId"],
          input: t.accountId,
          message: `${quote(t.accountId)} is the tools account; pipelines deploy to other accounts, so remove it from targets`,
        });
      }
      const sameName = names.get(t.name);
      if (sameName !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["targets", i, "name"],
          input: t.name,
          message: `${quote(t.name)} is already the name of targets[${sameName}]; target names must be unique`,
        });
      } else names.set(t.name, i);
      const sameId = ids.get(t.accountId);
      if (sameId !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["targets", i, "accountId"],
          input: t.accountId,
          message: `${quote(t.accountId)} is already the account of targets[${sameId}]; list each account once`,
        });
      } else ids.set(t.accountId, i);
      t.regions.forEach((r, j) => {
        // A region of another partition is reported once, by checkPartition: adding it to the replicas would be a second partition error.
        if (!toolsRegions.includes(r) && isLandingZoneRegion(lz, r)) {
          ctx.addIssue({
            code: "custom",
            path: ["targets", i, "regions", j],
            input: r,
            message: `${quote(r)} has no tools artifact store; add it to tools.replicaRegions (stores: ${toolsRegions.join(", ")})`,
          });
        }
      });
    });
    lz.organization?.paths.forEach((p, i) => {
      if (!p.startsWith(`${lz.organization!.id}/`)) {
        ctx.addIssue({
          code: "custom",
          path: ["organization", "paths", i],
          input: p,
          message: `${quote(p)} is not in organization ${lz.organization!.id}; start it with "${lz.organization!.id}/"`,
        });
      }
    });
    checkPipelinePlacement(lz, toolsRegions, ctx);
    checkArtifactFolders(lz.pipelines, lz.externalPipelines, ctx);
    checkProvenance(lz.pipelines, ctx);
    checkExternalPipelines(lz, toolsRegions, ctx);
    checkIamCapabilities(lz, ctx);
    for (const u of managedStackSets(lz).unknownAccounts) {
      ctx.addIssue({
        code: "custom",
        path: u.path,
        input: u.account,
        message: `${quote(u.account)} is not the account of any target, and the landing zone creates the StackSet execution role only in its targets; add the account to targets, or ${u.instancesOnly ? "on the cloudformation-stackset action that creates this stack set, " : ""}give administrationRoleArn and executionRoleName of roles you manage (they are then prerequisites)`,
      });
    }
    checkCreatedNames(lz, ctx);
    const chatbotRegion = lz.monitoring.chatbotRegion ?? lz.tools.primaryRegion;
    const slackAt = lz.pipelines.findIndex((p) => p.notifications?.slack);
    if (slackAt >= 0 && !CHATBOT_REGIONS.includes(chatbotRegion)) {
      ctx.addIssue({
        code: "custom",
        path: lz.monitoring.chatbotRegion ? ["monitoring", "chatbotRegion"] : ["pipelines", slackAt, "notifications", "slack"],
        input: chatbotRegion,
        message:
          landingZonePartition(lz) === "aws"
            ? `AWS Chatbot is not available in ${chatbotRegion}; set monitoring.chatbotRegion to one of ${CHATBOT_REGIONS.join(", ")}`
            : `AWS Chatbot (Amazon Q Developer in chat applications) has its API only in commercial regions (${CHATBOT_REGIONS.join(", ")}; https://docs.aws.amazon.com/chatbot/latest/APIReference/Welcome.html), not in ${landingZonePartition(lz)}; remove notifications.slack`,
      });
    }
  })
  .describe("A CodePipeline landing zone: the tools account, the target accounts and where their state lives.");

type Ctx = z.core.$RefinementCtx<unknown>;

// What a target account's action produces (an artifact, or variables in its namespace), and whatever
// is derived from it in the tools account, must not be consumed by an action in another target:
// the grants can be exact and dev would still decide what prod deploys.
function checkProvenance(pipelines: { stages: { actions: object[] }[] }[], ctx: Ctx): void {
  pipelines.forEach((p, pi) => {
    const artifacts = new Map<string, Set<string>>();
    const namespaces = new Map<string, Set<string>>();
    p.stages.forEach((s, si) => {
      const order = s.actions
        .map((entry, ai) => ({ a: entry as Record<string, unknown>, ai }))
        .sort((x, y) => Number(x.a.runOrder ?? 1) - Number(y.a.runOrder ?? 1));
      for (const { a, ai } of order) {
        const account = typeof a.account === "string" ? a.account : undefined;
        const { inputs, outputs } = entryArtifacts(a);
        const referenced = [...JSON.stringify(a).matchAll(/#\{([A-Za-z0-9@_-]+)\./g)]
          .map((m) => m[1]!)
          .filter((n) => n !== "variables" && n !== "codepipeline");
        const from = new Set<string>();
        const origin: string[] = [];
        const take = (what: string, taint: Set<string> | undefined) => {
          for (const t of taint ?? []) {
            from.add(t);
            if (account !== undefined && t !== account) origin.push(`${what} comes from target "${t}"`);
          }
        };
        inputs.forEach((i) => take(`artifact "${i}"`, artifacts.get(i)));
        referenced.forEach((n) => take(`#{${n}.*}`, namespaces.get(n)));
        if (origin.length > 0) {
          ctx.addIssue({
            code: "custom",
            path: ["pipelines", pi, "stages", si, "actions", ai],
            input: a.name,
            message: `runs in target "${account}" but ${[...new Set(origin)].join(", ")}, so that account would decide what this one deploys; consume only what the tools account builds from source (for example the build's output), not another target's outputs or variables`,
          });
        }
        if (account !== undefined) from.add(account);
        outputs.forEach((o) => artifacts.set(o, new Set(from)));
        if (typeof a.namespace === "string") namespaces.set(a.namespace, new Set(from));
      }
    });
  });
}

// Names of resources the file names itself carry the landing-zone name first, like every name the
// stacks derive (stacks/naming.ts), so two landing zones in one account cannot collide.
function checkCreatedNames(
  lz: { name: string; pipelines: { stages: { actions: object[] }[] }[]; customActionTypes: { providerName: string; version: string }[] },
  ctx: Ctx,
): void {
  const prefix = `${lz.name}-`;
  lz.customActionTypes.forEach((t, i) => {
    const role = customActionWorkerRoleName(lz.name, t.providerName, t.version);
    if (role.length > WORKER_ROLE_NAME_MAX) {
      const over = role.length - WORKER_ROLE_NAME_MAX;
      ctx.addIssue({
        code: "custom",
        path: ["customActionTypes", i, "providerName"],
        input: t.providerName,
        message: `the job-worker role name ${quote(role)} would have ${role.length} characters, more than IAM's ${WORKER_ROLE_NAME_MAX}; shorten providerName or version (or the landing-zone name) by ${over} character${over === 1 ? "" : "s"}`,
      });
    }
  });
  lz.pipelines.forEach((p, pi) =>
    p.stages.forEach((s, si) =>
      s.actions.forEach((entry, ai) => {
        const a = entry as { type?: string; projectName?: string; bucket?: { create?: boolean; bucketName?: string } };
        const at = ["pipelines", pi, "stages", si, "actions", ai];
        if (a.type === "codebuild" && a.projectName !== undefined && !a.projectName.startsWith(prefix)) {
          ctx.addIssue({
            code: "custom",
            path: [...at, "projectName"],
            input: a.projectName,
            message: `${quote(a.projectName)} does not start with the landing-zone name; name it ${quote(prefix + a.projectName)} or leave projectName out`,
          });
        }
        if (a.type === "s3-source" && a.bucket?.create === true && a.bucket.bucketName !== undefined && !a.bucket.bucketName.startsWith(prefix)) {
          ctx.addIssue({
            code: "custom",
            path: [...at, "bucket", "bucketName"],
            input: a.bucket.bucketName,
            message: `${quote(a.bucket.bucketName)} does not start with the landing-zone name; start the name of a bucket the landing zone creates with ${quote(prefix)}`,
          });
        }
      }),
    ),
  );
}

function checkExternalPipelines(
  lz: {
    tools: { accountId: string; primaryRegion: string };
    targets: { name: string; regions: string[] }[];
    externalPipelines: { name: string; roleArn: string; actions: { account: string; region?: string | undefined }[] }[];
  },
  toolsRegions: string[],
  ctx: Ctx,
): void {
  lz.externalPipelines.forEach((e, ei) => {
    const at = ["externalPipelines", ei];
    if (!e.roleArn.startsWith(`arn:${landingZonePartition(lz)}:iam::${lz.tools.accountId}:role/`) && e.roleArn.startsWith(`arn:${landingZonePartition(lz)}:`)) {
      ctx.addIssue({
        code: "custom",
        path: [...at, "roleArn"],
        input: e.roleArn,
        message: `pipelines run in the tools account; give a role of account ${lz.tools.accountId}`,
      });
    }
    e.actions.forEach((a, ai) => {
      const target = lz.targets.find((t) => t.name === a.account);
      const r = a.region ?? lz.tools.primaryRegion;
      if (!target) {
        ctx.addIssue({
          code: "custom",
          path: [...at, "actions", ai, "account"],
          input: a.account,
          message: `${quote(a.account)} is not a target; use one of ${lz.targets.map((t) => t.name).join(", ")}`,
        });
      } else if (isLandingZoneRegion(lz, r) && (!target.regions.includes(r) || !toolsRegions.includes(r))) {
        // (A region of another partition is reported once, by checkPartition, with its fix.)
        const offered = offeredRegions(lz, target);
        ctx.addIssue({
          code: "custom",
          path: [...at, "actions", ai, a.region ? "region" : "account"],
          input: r,
          message: `target ${quote(target.name)} does not deploy to ${r}; ${offered.length ? `use one of ${offered.join(", ")}` : "add it to targets[].regions"}`,
        });
      }
    });
  });
}

/** The regions of a target that a fix may offer: those of the landing zone's partition (checkPartition reports the others). */
function offeredRegions(lz: { tools: { primaryRegion: string } }, target: { regions: string[] }): string[] {
  return target.regions.filter((r) => isLandingZoneRegion(lz, r));
}

// CodePipeline stores a pipeline's artifacts under the first 20 characters of its name and each
// artifact under the first 10 of the artifact's (modules/shared/artifacts.ts); grants scoped to those
// folders isolate pipelines and writers only when the folders differ.
function checkArtifactFolders(pipelines: { name: string; stages: { actions: object[] }[] }[], external: { name: string }[], ctx: Ctx): void {
  const folders = new Map<string, { label: string; name: string }>();
  const named = [
    ...pipelines.map((p, i) => ({ name: p.name, label: `pipelines[${i}]`, path: ["pipelines", i, "name"] })),
    ...external.map((e, i) => ({ name: e.name, label: `externalPipelines[${i}]`, path: ["externalPipelines", i, "name"] })),
  ];
  for (const { name, label, path } of named) {
    const folder = name.slice(0, PIPELINE_FOLDER_LENGTH);
    const same = folders.get(folder);
    if (same !== undefined) {
      ctx.addIssue({
        code: "custom",
        path,
        input: name,
        message: `${quote(name)} and ${same.label} (${quote(same.name)}) share their first ${PIPELINE_FOLDER_LENGTH} characters, so CodePipeline would store their artifacts in one folder and neither could be isolated from the other; make the names differ within the first ${PIPELINE_FOLDER_LENGTH} characters`,
      });
    } else folders.set(folder, { label, name });
  }
  pipelines.forEach((p, pi) => {
    const outputs = new Map<string, string>();
    p.stages.forEach((s, si) =>
      s.actions.forEach((entry, ai) => {
        const field = "output" in entry ? "output" : "outputs";
        entryArtifacts(entry).outputs.forEach((n) => {
          const prefix = n.slice(0, ARTIFACT_FOLDER_LENGTH);
          const other = outputs.get(prefix);
          if (other !== undefined && other !== n) {
            ctx.addIssue({
              code: "custom",
              path: ["pipelines", pi, "stages", si, "actions", ai, field],
              input: n,
              message: `output artifact ${quote(n)} shares its first ${ARTIFACT_FOLDER_LENGTH} characters with ${quote(other)}, so CodePipeline would store both in one folder and the writer of one could overwrite the other; rename one so they differ within the first ${ARTIFACT_FOLDER_LENGTH} characters`,
            });
          } else outputs.set(prefix, n);
        });
      }),
    );
  });
}

// Where each action runs must exist: a known target, a region with an artifact store that the target deploys to.
function checkPipelinePlacement(
  lz: {
    tools: { primaryRegion: string };
    targets: { name: string; regions: string[] }[];
    pipelines: { name: string; stages: { actions: object[] }[]; events: { deadLetterQueueRegion?: string | undefined }[] }[];
    customActionTypes: { category: string; providerName: string; version: string }[];
  },
  toolsRegions: string[],
  ctx: Ctx,
): void {
  const names = new Map<string, number>();
  lz.pipelines.forEach((p, pi) => {
    const same = names.get(p.name.toLowerCase());
    if (same !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["pipelines", pi, "name"],
        input: p.name,
        message: `${quote(p.name)} is already the name of pipelines[${same}] (ignoring case, as IAM role names do); pipeline names must be unique`,
      });
    } else names.set(p.name.toLowerCase(), pi);
    p.events.forEach((e, ei) => {
      if (e.deadLetterQueueRegion !== undefined && e.deadLetterQueueRegion !== lz.tools.primaryRegion) {
        ctx.addIssue({
          code: "custom",
          path: ["pipelines", pi, "events", ei, "deadLetterQueueRegion"],
          input: e.deadLetterQueueRegion,
          message: `the dead-letter queue must be in the rule's region (${lz.tools.primaryRegion}, where the pipeline runs); EventBridge cannot send to a queue in ${e.deadLetterQueueRegion}`,
        });
      }
    });
    // The pipeline module splits a stage of more than 50 actions into consecutive stages.
    const emitted = p.stages.reduce((n, s) => n + Math.max(1, Math.ceil(s.actions.length / 50)), 0);
    if (emitted > 50) {
      ctx.addIssue({
        code: "custom",
        path: ["pipelines", pi, "stages"],
        input: p.stages.length,
        message:
          `needs ${emitted} stages once stages of more than 50 actions are split, and CodePipeline allows 50 per pipeline. ` +
          "Fix: split the fan-out across several pipelines (each with its own source stage and at most 2,450 deploy actions), for example one per group of target accounts; " +
          "or, to deploy one CloudFormation template to many accounts and regions, use one cloudformation-stackset action (its deploymentTargets list accounts, or organizational units with permissionModel SERVICE_MANAGED) and let CloudFormation fan out",
      });
    }
    p.stages.forEach((s, si) =>
      s.actions.forEach((entry, ai) => {
        const a = entry as { account?: string; region?: string; type?: string; actionType?: { category: string; provider: string; version: string } };
        const at = ["pipelines", pi, "stages", si, "actions", ai];
        if (a.type === "custom" && a.actionType) {
          const id = a.actionType;
          if (!lz.customActionTypes.some((c) => c.category === id.category && c.providerName === id.provider && c.version === id.version)) {
            ctx.addIssue({
              code: "custom",
              path: [...at, "actionType"],
              input: id,
              message: `custom action type ${id.category}/${id.provider}/${id.version} is not declared; add it to customActionTypes`,
            });
          }
        }
        const region = a.region ?? lz.tools.primaryRegion;
        // A region of another partition is reported once, by checkPartition, with its fix; it needs no artifact store.
        if (a.region !== undefined && !isLandingZoneRegion(lz, a.region)) return;
        if (a.region !== undefined && !toolsRegions.includes(a.region)) {
          ctx.addIssue({
            code: "custom",
            path: [...at, "region"],
            input: a.region,
            message: `${quote(a.region)} has no tools artifact store; add it to tools.replicaRegions (stores: ${toolsRegions.join(", ")})`,
          });
          return;
        }
        if (a.account === undefined) return;
        const target = lz.targets.find((t) => t.name === a.account);
        if (!target) {
          ctx.addIssue({
            code: "custom",
            path: [...at, "account"],
            input: a.account,
            message: `${quote(a.account)} is not a target; use one of ${lz.targets.map((t) => t.name).join(", ")}`,
          });
        } else if (!target.regions.includes(region)) {
          const offered = offeredRegions(lz, target);
          ctx.addIssue({
            code: "custom",
            path: [...at, a.region === undefined ? "account" : "region"],
            input: region,
            message: `target ${quote(target.name)} does not deploy to ${region}; add it to targets[].regions${offered.length ? ` or set the action's region to one of ${offered.join(", ")}` : ""}`,
          });
        }
      }),
    );
  });
}

/** The landing zone as written in the file (defaults not yet applied). */
export type LandingZoneInput = z.input<typeof landingZoneSchema>;
/** The validated landing zone, defaults applied. */
export type LandingZone = z.output<typeof landingZoneSchema>;
export type TargetAccount = LandingZone["targets"][number];
export type ToolsAccountConfig = LandingZone["tools"];
export type StateBackendConfig = LandingZone["state"];

// PowerUserAccess allows everything except IAM, Organizations and account management (its NotAction),
// so CloudFormation cannot create the IAM resources that CAPABILITY_IAM / CAPABILITY_NAMED_IAM acknowledge.
// Compared without the partition (arn:<partition>:iam::aws:policy/PowerUserAccess in each).
const NO_IAM_POLICIES = [":iam::aws:policy/PowerUserAccess"];

function checkIamCapabilities(
  lz: {
    targets: { name: string; accountId: string; cloudFormationExecutionPolicyArns?: string[] | undefined }[];
    pipelines: { stages: { actions: object[] }[] }[];
  },
  ctx: Ctx,
): void {
  const withoutIam = (t: { cloudFormationExecutionPolicyArns?: string[] | undefined }) =>
    (t.cloudFormationExecutionPolicyArns ?? []).length > 0 &&
    (t.cloudFormationExecutionPolicyArns ?? []).every((p) => NO_IAM_POLICIES.some((n) => p.endsWith(n) && /^arn:[\w-]+$/.test(p.slice(0, -n.length))));
  lz.pipelines.forEach((p, pi) =>
    p.stages.forEach((s, si) =>
      s.actions.forEach((entry, ai) => {
        const a = entry as {
          account?: string;
          capabilities?: string[];
          deploymentTargets?: string[];
          deploymentRoleArn?: string;
          administrationRoleArn?: string;
        };
        if (!(a.capabilities ?? []).some((c) => c.includes("IAM")) || a.deploymentRoleArn !== undefined || a.administrationRoleArn !== undefined) return;
        const targets = lz.targets.filter((t) => t.name === a.account || (a.deploymentTargets ?? []).includes(t.accountId));
        const blocked = targets.find(withoutIam);
        if (!blocked) return;
        ctx.addIssue({
          code: "custom",
          path: ["pipelines", pi, "stages", si, "actions", ai, "capabilities"],
          input: a.capabilities,
          message: `acknowledges IAM resources, but target ${quote(blocked.name)} gives CloudFormation only PowerUserAccess, which denies IAM; attach a policy that allows the IAM actions the template needs to targets[${lz.targets.indexOf(blocked)}].cloudFormationExecutionPolicyArns, or remove the capability`,
        });
      }),
    ),
  );
}
