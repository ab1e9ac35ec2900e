/**
 * The pure parts of the rehearsal: which resources the emulator cannot create (and what must be left
 * out with them), the test-only override files, and the organisation's prerequisites. No I/O here,
 * so each rule has a unit test.
 */
import type { RemoteStateRead, SynthesizedStack, TerraformJson } from "../wiring";

/**
 * Resource types moto cannot create, with the reason and the probe that proves it: the moto operation
 * the type would need (Python module, and the response handler's method). The list may only shrink:
 * the rehearsal runs every probe against the installed moto and fails when one finds the operation.
 */
export const UNSUPPORTED_TYPES: Readonly<Record<string, { readonly reason: string; readonly probe: { readonly module: string; readonly method?: string } }>> = {
  aws_chatbot_slack_channel_configuration: { reason: "moto has no AWS Chatbot API", probe: { module: "moto.chatbot" } },
  aws_codestarnotifications_notification_rule: { reason: "moto has no CodeStar Notifications API", probe: { module: "moto.codestarnotifications" } },
  aws_codepipeline_custom_action_type: {
    reason: "moto's CodePipeline implements pipelines only (no CreateCustomActionType)",
    probe: { module: "moto.codepipeline.responses", method: "create_custom_action_type" },
  },
};

/** A Python program that prints the types whose probe finds the operation in the installed moto. */
export function unsupportedProbeScript(): string {
  const probes = Object.entries(UNSUPPORTED_TYPES).map(([type, u]) => [type, u.probe.module, u.probe.method ?? ""]);
  return [
    "import importlib, inspect, json",
    `probes = ${JSON.stringify(probes)}`,
    "found = []",
    "for t, mod, method in probes:",
    "    try:",
    "        m = importlib.import_module(mod)",
    "    except ImportError:",
    "        continue",
    "    if not method or any(hasattr(c, method) for _, c in inspect.getmembers(m, inspect.isclass)):",
    "        found.append(t)",
    "print(json.dumps(found))",
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
  readonly functions: readonly { readonly account: string; readonly region: string; readonly name: string }[];
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
  const functions = [...new Set([...text.matchAll(/arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([\w-]+)/g)].map((m) => `${m[2]}|${m[1]}|${m[3]}`))].map((k) => {
    const [account, region, name] = k.split("|") as [string, string, string];
    return { account, region, name };
  });
  return {
    stateBucket: { account: lzFile.tools.accountId, region: lzFile.state.region, name: lzFile.state.bucket },
    roles: [...roles.values()],
    policies,
    functions,
  };
}

/** The prerequisites as a Terraform root module (local state), one provider per account and region. */
export function prerequisitesModule(p: Prerequisites, endpoint: string, lambdaZip: string): Record<string, unknown> {
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
    const role = id("fnrole", f.account, f.name);
    resource.aws_iam_role![role] = { provider: home(f.account), name: `${f.name}-function`, assume_role_policy: lambdaTrust };
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
    terraform: { required_providers: { aws: { source: "hashicorp/aws" } } },
    provider: { aws: [...providers.values()] },
    resource,
  };
}
