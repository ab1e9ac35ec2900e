/**
 * The pure parts of the rehearsal: which resources the emulator cannot create (and what must be left
 * out with them), the test-only override files, and the organisation's prerequisites. No I/O here,
 * so each rule has a unit test.
 */
import type { RemoteStateRead, SynthesizedStack, TerraformJson } from "../../synth/wiring";

/**
 * Resource types the emulator cannot create for the provider, with the reason and a probe: a Python
 * expression (`moto`, `importlib` and `inspect` in scope) that is true once the installed moto can.
 * The list may only shrink: the rehearsal evaluates every probe and fails when one is true.
 */
export const UNSUPPORTED_TYPES: Readonly<Record<string, { readonly reason: string; readonly probe: string }>> = {
  aws_chatbot_slack_channel_configuration: {
    reason: "moto has no AWS Chatbot API",
    probe: "importlib.util.find_spec('moto.chatbot') is not None",
  },
  aws_codestarnotifications_notification_rule: {
    reason: "moto has no CodeStar Notifications API",
    probe: "importlib.util.find_spec('moto.codestarnotifications') is not None",
  },
  aws_codepipeline_custom_action_type: {
    reason: "moto's CodePipeline has no CreateCustomActionType",
    probe: "hasattr(importlib.import_module('moto.codepipeline.responses').CodePipelineResponse, 'create_custom_action_type')",
  },
  aws_codepipeline: {
    reason:
      "moto's GetPipeline returns metadata.created/updated as ISO-8601 strings where the AWS JSON protocol has epoch seconds, so the provider cannot read a pipeline back (moto creates it)",
    probe: "'iso_8601_datetime_with_milliseconds(self._created)' not in inspect.getsource(importlib.import_module('moto.codepipeline.models'))",
  },
  aws_codebuild_project: {
    reason:
      "moto's CreateProject demands a source location for every source type; a CODEPIPELINE source has none (CodeBuild API reference: CodePipeline supplies the source), so moto refuses every project a pipeline builds with",
    probe: "'Project source location is required' not in inspect.getsource(importlib.import_module('moto.codebuild.responses'))",
  },
  aws_cloudwatch_metric_alarm: {
    reason: "the provider's CloudWatch client speaks the Smithy RPC v2 CBOR protocol, which moto does not route (404)",
    probe: "any('operation' in p for p in importlib.import_module('moto.cloudwatch.urls').url_paths)",
  },
};

/**
 * What stays in the emulator although Terraform deleted it, by inventory kind (verify/engines/inventory.py),
 * with the reason and a probe that is true once moto deletes it. Reported, never silently dropped.
 */
export const EMULATOR_LEFTOVERS: Readonly<Record<string, { readonly reason: string; readonly probe: string }>> = {
  trails: {
    reason: "moto's DeleteTrail matches the trail name only; AWS also takes the trail ARN, which is what the provider sends, so moto keeps the trail",
    probe: "'arn' in inspect.getsource(importlib.import_module('moto.cloudtrail.models').CloudTrailBackend.delete_trail)",
  },
};

/**
 * Attributes whose value moto does not keep, so a second plan shows them changing although the
 * configuration did not: `<resource type>.<attribute>` -> the reason and a probe that is true once moto
 * keeps it. A second-plan update excused by this list changes nothing else; it is reported, not hidden.
 */
export const EMULATOR_DIFFS: Readonly<Record<string, { readonly reason: string; readonly probe: string }>> = {
  "aws_s3_bucket.tags_all": {
    reason: "moto ignores the Tags of CreateBucketConfiguration, which the provider tags a new bucket with, so the bucket reads back untagged",
    probe: "s3_keeps_create_bucket_tags()",
  },
  "aws_s3_bucket_notification.eventbridge": {
    reason: "moto accepts an EventBridgeConfiguration but leaves it out of GetBucketNotificationConfiguration, so EventBridge delivery reads back off",
    probe: "s3_returns_eventbridge_configuration()",
  },
};

/** Second-plan changes that only touch attributes moto does not keep; `changed` are the attribute names that differ. */
export function emulatorDiff(type: string, actions: readonly string[], changed: readonly string[]): boolean {
  return actions.length === 1 && actions[0] === "update" && changed.length > 0 && changed.every((a) => EMULATOR_DIFFS[`${type}.${a}`] !== undefined);
}

// Behaviour probes: moto in process (mock_aws), no server needed.
const PROBE_HELPERS = `
def _s3():
    import boto3
    return boto3.client("s3", region_name="eu-west-1", aws_access_key_id="probe", aws_secret_access_key="probe")

def s3_keeps_create_bucket_tags():
    from moto import mock_aws
    with mock_aws():
        s3 = _s3()
        s3.create_bucket(Bucket="probe", CreateBucketConfiguration={"LocationConstraint": "eu-west-1", "Tags": [{"Key": "k", "Value": "v"}]})
        try:
            return s3.get_bucket_tagging(Bucket="probe")["TagSet"] == [{"Key": "k", "Value": "v"}]
        except Exception:
            return False

def s3_returns_eventbridge_configuration():
    from moto import mock_aws
    with mock_aws():
        s3 = _s3()
        s3.create_bucket(Bucket="probe", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        s3.put_bucket_notification_configuration(Bucket="probe", NotificationConfiguration={"EventBridgeConfiguration": {}})
        return "EventBridgeConfiguration" in s3.get_bucket_notification_configuration(Bucket="probe")
`;

/** A Python program that prints the entries (types, leftover kinds, attributes) whose probe is true for the installed moto. */
export function emulatorProbeScript(): string {
  const probes = [...Object.entries(UNSUPPORTED_TYPES), ...Object.entries(EMULATOR_LEFTOVERS), ...Object.entries(EMULATOR_DIFFS)].map(([type, u]) => [
    type,
    u.probe,
  ]);
  return [
    "import importlib, importlib.util, inspect, json, moto",
    PROBE_HELPERS,
    `probes = ${JSON.stringify(probes)}`,
    "print(json.dumps([t for t, expr in probes if eval(expr)]))",
  ].join("\n");
}

/** Services the provider, the backend and the remote-state reads are pointed at the emulator for. */
export const EMULATED_SERVICES = [
  "cloudtrail",
  "cloudwatch",
  "codebuild",
  "codedeploy",
  "codepipeline",
  "events",
  "iam",
  "kms",
  "lambda",
  "logs",
  "s3",
  "s3control",
  "sns",
  "sqs",
  "sts",
  "chatbot",
  "codestarnotifications",
] as const;

/** The rehearsal's base identity: moto maps these static keys to its default account, the "CI account". */
export const CI_ACCOUNT = "123456789012";
export const STATIC_CREDENTIALS = { access_key: "rehearsal", secret_key: "rehearsal" } as const;

export interface Exclusion {
  readonly address: string;
  readonly reason: string;
}

export interface StackPlan {
  readonly stack: string;
  /** Resource addresses to apply; every other resource of the stack is excluded. */
  readonly included: readonly string[];
  readonly excluded: readonly Exclusion[];
  /** Outputs that cannot be produced because they depend on an excluded resource. */
  readonly missingOutputs: readonly string[];
}

const REF = /\$\{([^}]*)\}/g;
const ADDRESS = /\b(data\.[a-z0-9_]+\.[A-Za-z0-9_-]+|aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\.outputs\.([A-Za-z0-9_-]+))?/g;

/** Resource and data addresses an expression tree refers to, with the remote-state outputs it reads. */
export function references(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === "string") {
    for (const m of value.matchAll(REF)) {
      for (const a of m[1]!.matchAll(ADDRESS)) found.add(a[2] ? `${a[1]}.outputs.${a[2]}` : a[1]!);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v) => references(v, found));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "depends_on" && Array.isArray(v)) v.forEach((d) => typeof d === "string" && found.add(d));
      else references(v, found);
    }
  }
  return found;
}

function resources(json: TerraformJson): [string, Record<string, unknown>][] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as [string, Record<string, unknown>]),
  );
}

/**
 * What of one stack can be applied to the emulator. A resource is excluded when its type is
 * unsupported, when it refers to an excluded resource, or when it reads a remote-state output that an
 * earlier stack could not produce (`missingOutputsOf`: stack id -> its missing outputs).
 */
export function planStack(
  stack: SynthesizedStack,
  reads: readonly RemoteStateRead[],
  missingOutputsOf: ReadonlyMap<string, readonly string[]>,
  unsupported: Readonly<Record<string, { readonly reason: string }>> = UNSUPPORTED_TYPES,
): StackPlan {
  const all = resources(stack.json);
  const refs = new Map(all.map(([address, body]) => [address, references(body)]));
  const sourceOf = new Map(reads.filter((r) => r.stack === stack.id).map((r) => [`data.terraform_remote_state.${r.dataSource}`, r.sourceStack]));
  const excluded = new Map<string, string>();
  for (const [address] of all) {
    const type = address.split(".")[0]!;
    if (unsupported[type]) excluded.set(address, `${type}: ${unsupported[type].reason}`);
  }
  for (const [address, rs] of refs) {
    for (const r of rs) {
      const m = /^(data\.terraform_remote_state\.[^.]+)\.outputs\.(.+)$/.exec(r);
      const source = m ? sourceOf.get(m[1]!) : undefined;
      if (m && source && (missingOutputsOf.get(source) ?? []).includes(m[2]!)) {
        excluded.set(address, `reads output ${m[2]} of ${source}, which the emulator could not produce`);
      }
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [address, rs] of refs) {
      if (excluded.has(address)) continue;
      const dep = [...rs].find((r) => excluded.has(r));
      if (dep) {
        excluded.set(address, `depends on excluded ${dep}`);
        changed = true;
      }
    }
  }
  const missingOutputs = Object.entries(stack.json.output ?? {})
    .filter(([, o]) => [...references(o.value)].some((r) => excluded.has(r)))
    .map(([name]) => name);
  return {
    stack: stack.id,
    included: all.map(([a]) => a).filter((a) => !excluded.has(a)),
    excluded: [...excluded].map(([address, reason]) => ({ address, reason })),
    missingOutputs,
  };
}

function endpoints(endpoint: string): Record<string, string> {
  return Object.fromEntries(EMULATED_SERVICES.map((s) => [s, endpoint]));
}

/** Test-only settings shared by the S3 backend and the remote-state reads (Terraform >= 1.6 argument names). */
function s3BackendTestSettings(endpoint: string): Record<string, unknown> {
  return {
    endpoints: { s3: endpoint, sts: endpoint, iam: endpoint },
    use_path_style: true,
    ...STATIC_CREDENTIALS,
    skip_metadata_api_check: true,
    skip_region_validation: true,
  };
}

/**
 * The override file of one stack: the provider, the backend and every remote-state read pointed at
 * the emulator with static credentials. Everything else in the stack stays as synthesized; the
 * backend and the remote-state `config` are copied whole because an override replaces them whole.
 */
export function rehearsalOverride(json: TerraformJson, endpoint: string): Record<string, unknown> {
  const backend = json.terraform?.backend?.s3;
  if (!backend) throw new Error("the stack has no S3 backend; the rehearsal keeps state in the emulator's S3");
  const remote = (json.data as Record<string, Record<string, { backend: string; config: Record<string, unknown> }>> | undefined)?.terraform_remote_state ?? {};
  return {
    terraform: { backend: { s3: { ...backend, ...s3BackendTestSettings(endpoint) } } },
    provider: {
      aws: [
        {
          ...STATIC_CREDENTIALS,
          skip_metadata_api_check: true,
          s3_use_path_style: true,
          endpoints: [endpoints(endpoint)],
        },
      ],
    },
    ...(Object.keys(remote).length > 0
      ? {
          data: {
            terraform_remote_state: Object.fromEntries(
              Object.entries(remote).map(([name, d]) => [name, { config: { ...d.config, ...s3BackendTestSettings(endpoint) } }]),
            ),
          },
        }
      : {}),
  };
}

/** What the organisation has before the first apply, taken from the landing-zone file. */
export interface Prerequisites {
  readonly stateBucket: { readonly account: string; readonly region: string; readonly name: string };
  /** Roles by account: the deploy role everywhere, the state role, and every role ARN the file names. */
  readonly roles: readonly { readonly account: string; readonly path: string; readonly name: string; readonly admin: boolean }[];
  readonly policies: readonly { readonly account: string; readonly path: string; readonly name: string }[];
  /** Lambda functions the file names, with the execution role named by a `functionRoleName` next to them. */
  readonly functions: readonly { readonly account: string; readonly region: string; readonly name: string; readonly roleName?: string }[];
}

interface LandingZoneFile {
  tools: { accountId: string; primaryRegion: string };
  targets: { accountId: string }[];
  state: { bucket: string; region: string; roleArn?: string };
  providerRole: { name: string };
}

function splitIamName(resource: string): { path: string; name: string } {
  const parts = resource.split("/");
  const name = parts.pop()!;
  return { path: parts.length > 0 ? `/${parts.join("/")}/` : "/", name };
}

export function prerequisites(lzFile: LandingZoneFile): Prerequisites {
  const text = JSON.stringify(lzFile);
  const accounts = [lzFile.tools.accountId, ...lzFile.targets.map((t) => t.accountId)];
  const roles = new Map<string, { account: string; path: string; name: string; admin: boolean }>();
  const addRole = (account: string, resource: string, admin: boolean) => {
    const { path, name } = splitIamName(resource);
    const key = `${account}:${name}`;
    roles.set(key, { account, path, name, admin: admin || (roles.get(key)?.admin ?? false) });
  };
  for (const a of accounts) addRole(a, lzFile.providerRole.name, true);
  for (const m of text.matchAll(/arn:aws:iam::(\d{12}):role\/([\w+=,.@/-]+)/g)) addRole(m[1]!, m[2]!, m[0] === lzFile.state.roleArn);
  const policies = [...new Set([...text.matchAll(/arn:aws:iam::(\d{12}):policy\/([\w+=,.@/-]+)/g)].map((m) => `${m[1]}|${m[2]}`))].map((k) => {
    const [account, resource] = k.split("|") as [string, string];
    return { account, ...splitIamName(resource) };
  });
  // A Lambda action's `functionRoleName` is the execution role of its function, in the pipeline's account.
  const roleOfFunction = new Map<string, string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.functionRoleName === "string") {
        addRole(lzFile.tools.accountId, o.functionRoleName, false);
        if (typeof o.functionName === "string") roleOfFunction.set(o.functionName.split(":").slice(0, 7).join(":"), o.functionRoleName);
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(lzFile);
  const functions = [...new Set([...text.matchAll(/arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([\w-]+)/g)].map((m) => m[0]))].map((arn) => {
    const [, , , region, account, , name] = arn.split(":") as [string, string, string, string, string, string, string];
    const roleName = roleOfFunction.get(arn);
    return { account, region, name, ...(roleName ? { roleName } : {}) };
  });
  return {
    stateBucket: { account: lzFile.tools.accountId, region: lzFile.state.region, name: lzFile.state.bucket },
    roles: [...roles.values()],
    policies,
    functions,
  };
}

/** The prerequisites as a Terraform root module (local state), one provider per account and region, on `providerVersion`. */
export function prerequisitesModule(p: Prerequisites, endpoint: string, lambdaZip: string, providerVersion: string): Record<string, unknown> {
  const providers = new Map<string, Record<string, unknown>>();
  const provider = (account: string, region: string) => {
    const alias = `a${account}_${region.replace(/-/g, "_")}`;
    providers.set(alias, {
      alias,
      region,
      ...STATIC_CREDENTIALS,
      skip_metadata_api_check: true,
      s3_use_path_style: true,
      endpoints: [endpoints(endpoint)],
      // What an organisation's account vending gives its platform team in every account.
      assume_role: [{ role_arn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, session_name: "bootstrap" }],
      allowed_account_ids: [account],
    });
    return `aws.${alias}`;
  };
  const home = (account: string) => provider(account, p.stateBucket.region);
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${CI_ACCOUNT}:root` }, Action: "sts:AssumeRole" }],
  });
  const lambdaTrust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  });
  const id = (...parts: string[]) => parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
  const resource: Record<string, Record<string, unknown>> = {
    aws_iam_role: {},
    aws_iam_role_policy_attachment: {},
    aws_iam_policy: {},
    aws_s3_bucket: {},
    aws_s3_bucket_versioning: {},
    aws_lambda_function: {},
  };
  for (const r of p.roles) {
    const key = id("role", r.account, r.name);
    resource.aws_iam_role![key] = { provider: home(r.account), name: r.name, path: r.path, assume_role_policy: trust };
    if (r.admin) {
      resource.aws_iam_role_policy_attachment![key] = {
        provider: home(r.account),
        role: `\${aws_iam_role.${key}.name}`,
        policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess",
      };
    }
  }
  for (const pol of p.policies) {
    resource.aws_iam_policy![id("policy", pol.account, pol.name)] = {
      provider: home(pol.account),
      name: pol.name,
      path: pol.path,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "cloudformation:DescribeStacks", Resource: "*" }] }),
    };
  }
  const b = p.stateBucket;
  resource.aws_s3_bucket!.state = { provider: provider(b.account, b.region), bucket: b.name };
  resource.aws_s3_bucket_versioning!.state = {
    provider: provider(b.account, b.region),
    bucket: "${aws_s3_bucket.state.id}",
    versioning_configuration: [{ status: "Enabled" }],
  };
  for (const f of p.functions) {
    let role = id("role", f.account, f.roleName ?? "");
    if (!f.roleName || !resource.aws_iam_role![role]) {
      role = id("fnrole", f.account, f.name);
      resource.aws_iam_role![role] = { provider: home(f.account), name: `${f.name}-function`, assume_role_policy: lambdaTrust };
    } else {
      resource.aws_iam_role![role] = { ...(resource.aws_iam_role![role] as Record<string, unknown>), assume_role_policy: lambdaTrust };
    }
    resource.aws_lambda_function![id("fn", f.account, f.name)] = {
      provider: provider(f.account, f.region),
      function_name: f.name,
      role: `\${aws_iam_role.${role}.arn}`,
      runtime: "python3.12",
      handler: "index.handler",
      filename: lambdaZip,
    };
  }
  for (const [type, byName] of Object.entries(resource)) if (Object.keys(byName).length === 0) delete resource[type];
  return {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: providerVersion } } },
    provider: { aws: [...providers.values()] },
    resource,
  };
}
