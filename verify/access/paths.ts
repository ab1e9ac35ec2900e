import { wildcardMatch } from "../../guardrails/policy";
import { asList, PolicyDoc } from "../../synth/resolve";
import { KeyModel, LandingZoneModel, PipelineModel, RoleModel, StoreModel } from "./model";
import { arnAccount, arnRegion } from "./resolver";
import { artifactKeys, pipelineArtifactKeys } from "../../modules/shared/artifact-layout";
import { iamRoleArn, partitionOfArn, serviceEndpoint } from "../../modules/shared/partition";
import { AccessCheck, Caller, CallerOrganization, Expectation } from "./simulate";

/** An account no landing zone names: the outside world. */
export const OTHER_ACCOUNT = "999999999999";
/** Name of the made-up role used for "another role" paths. */
export const OTHER_ROLE = "some-other-role";

/** A path the proof cannot evaluate (a referenced role or key missing from the synth); it fails. */
export interface UnprovablePath {
  readonly kind: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly expected: Expectation;
  readonly reason: string;
}

export interface PathPlan {
  readonly checks: AccessCheck[];
  readonly unprovable: UnprovablePath[];
}

/** What the made-up roles may do by their own identity policy: everything the proof asks about. */
const BROAD_IDENTITY: PolicyDoc = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["s3:*", "kms:*", "sts:AssumeRole", "sns:Publish", "sqs:SendMessage", "codepipeline:StartPipelineExecution", "lambda:InvokeFunction"],
      Resource: "*",
    },
  ],
};

export function roleCaller(role: RoleModel, org?: CallerOrganization): Caller {
  return {
    ...(org ? { org } : {}),
    type: "role",
    arn: role.arn,
    account: role.account,
    name: role.name,
    identity: [...role.inline, ...role.managed],
    unresolvedManaged: role.unresolvedManaged,
    ...(role.boundary ? { boundary: role.boundary } : {}),
  };
}

/** `arn:aws:iam::<account>:role/some-other-role`, whose identity policy allows s3:*, kms:*, ... on *. */
export function otherRole(account: string, name = OTHER_ROLE, org?: CallerOrganization, partition = "aws"): Caller {
  return {
    ...(org ? { org } : {}),
    type: "role",
    arn: iamRoleArn(partition, account, name),
    account,
    name,
    identity: [{ name: "broad identity policy (s3:*, kms:*, sts:AssumeRole, ... on *)", policy: BROAD_IDENTITY }],
  };
}

/** The documented policy of an AWS managed key (`alias/aws/<service>`): usable only through that service by principals of the account. */
export function awsManagedKeyPolicy(key: KeyModel): PolicyDoc {
  const service = key.resource.replace(/^alias\/aws\//, "");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowThroughServiceForAccountPrincipals",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "kms:CallerAccount": key.account, "kms:ViaService": serviceEndpoint(service, key.region) } },
      },
    ],
  };
}

function keyPolicy(key: KeyModel): PolicyDoc | undefined {
  return key.awsManaged ? awsManagedKeyPolicy(key) : key.policy;
}

const callerAccount = (c: Caller): string | undefined => (c.type === "role" || c.type === "root" ? c.account : undefined);

export function principalLabel(c: Caller): string {
  switch (c.type) {
    case "role":
      return c.arn;
    case "root":
      return `arn:${c.partition ?? "aws"}:iam::${c.account}:root`;
    case "service":
      return c.service;
    case "anonymous":
      return "anonymous";
  }
}

/** Builds every access path (intended and unintended) of a landing zone from its model. */
export function planPaths(m: LandingZoneModel): PathPlan {
  const checks: AccessCheck[] = [];
  const unprovable: UnprovablePath[] = [];
  const add = (c: AccessCheck) => checks.push(c);
  // Accounts of the landing zone are members of the organization its policies name; others are not.
  const orgOf = (account: string): CallerOrganization | undefined => (m.organization && m.accounts.has(account) ? m.organization : undefined);
  const member = (r: RoleModel): Caller => roleCaller(r, orgOf(r.account));
  // One partition per landing zone: callers outside it are built in the same one.
  const partition = partitionOfArn([...m.roles.values()][0]?.arn ?? "") ?? "aws";
  const stranger = (account: string, name = OTHER_ROLE): Caller => otherRole(account, name, orgOf(account), partition);

  // --- S3 / KMS request builders for an artifact store ----------------------------------------
  type StoreAction = "s3:GetObject" | "s3:PutObject" | "s3:ListBucket" | "kms:Decrypt" | "kms:GenerateDataKey";
  interface StoreOpts {
    readonly secureTransport?: boolean;
    readonly noEncryptionHeader?: boolean;
    readonly mustBeDeniedByResourcePolicy?: boolean;
    readonly via?: string;
    /** Object key of an S3 object request. @default "some/key" */
    readonly key?: string;
  }
  const storeCheck = (kind: string, caller: Caller, store: StoreModel, action: StoreAction, expected: Expectation, o: StoreOpts = {}): void => {
    const b = store.bucket;
    const common = {
      kind,
      caller,
      action,
      expected,
      region: store.region,
      ...(o.via ? { via: o.via } : {}),
      ...(o.mustBeDeniedByResourcePolicy ? { mustBeDeniedByResourcePolicy: true } : {}),
    };
    if (action.startsWith("kms:")) {
      const key = store.key;
      if (!key) {
        unprovable.push({
          kind,
          principal: principalLabel(caller),
          action,
          resource: store.unresolvedKey ?? `(no key for ${b.name})`,
          expected,
          reason: "the store's key is not in the synth",
        });
        return;
      }
      const account = callerAccount(caller);
      add({
        ...common,
        resource: key.arn,
        resourceAccount: key.account,
        ...(keyPolicy(key) ? { resourcePolicy: keyPolicy(key)! } : {}),
        context: {
          ...(account ? { "kms:CallerAccount": account } : {}),
          "kms:ViaService": serviceEndpoint("s3", store.region),
        },
      });
      return;
    }
    const qualifiers: string[] = [];
    if (o.secureTransport === false) qualifiers.push("no TLS");
    if (o.noEncryptionHeader) qualifiers.push("no SSE-KMS header");
    add({
      ...common,
      resource: action === "s3:ListBucket" ? b.arn : `${b.arn}/${o.key ?? "some/key"}`,
      resourceAccount: b.account,
      ...(b.policy ? { resourcePolicy: b.policy } : {}),
      ...(o.secureTransport === false ? { secureTransport: false } : {}),
      ...(qualifiers.length ? { qualifier: qualifiers.join(", ") } : {}),
      ...(action === "s3:PutObject" && !o.noEncryptionHeader
        ? {
            context: {
              "s3:x-amz-server-side-encryption": "aws:kms",
              ...(store.key ? { "s3:x-amz-server-side-encryption-aws-kms-key-id": store.key.arn } : {}),
            },
          }
        : {}),
    });
  };
  /**
   * Organization-wide grants (Principal "*" with aws:PrincipalOrgID and aws:PrincipalArn) admit every
   * account of the organization that has the role name; per-account denials do not apply there.
   * Resource patterns of such grants to `roleName` in `policy`, for `action`.
   */
  type WideGrant = { names: string[]; actions: string[]; resources: string[]; org: boolean };
  const wideCache = new Map<PolicyDoc, WideGrant[]>();
  /** Allows to Principal "*" narrowed by aws:PrincipalArn role names; `org` when an organization condition holds too. */
  const wideGrants = (policy: PolicyDoc): WideGrant[] => {
    let grants = wideCache.get(policy);
    if (!grants) {
      grants = policy.Statement.filter(
        (st) => st.Effect === "Allow" && (st.Principal === "*" || asList((st.Principal as { AWS?: string | string[] } | undefined)?.AWS).includes("*")),
      ).flatMap((st) => {
        const arns = Object.values(st.Condition ?? {}).flatMap((block) => asList((block as Record<string, string | string[]>)["aws:PrincipalArn"]));
        if (arns.length === 0) return [];
        const org = JSON.stringify(st.Condition ?? {}).includes("aws:PrincipalOrg");
        return [{ names: arns.map((a) => a.replace(/^.*:role\//, "")), actions: asList(st.Action), resources: asList(st.Resource), org }];
      });
      wideCache.set(policy, grants);
    }
    return grants;
  };
  const orgWide = (policy: PolicyDoc | undefined, roleName: string, action: string, resource: string): boolean =>
    !!policy &&
    wideGrants(policy).some(
      (g) =>
        g.org && g.names.includes(roleName) && g.actions.some((a) => wildcardMatch(a, action, true)) && g.resources.some((x) => wildcardMatch(x, resource)),
    );
  /** Whether a store grants `roleName` organization-wide what `action` on `key` needs. */
  const storeOrgWide = (store: StoreModel, roleName: string, action: StoreAction, key = "some/key"): boolean =>
    action.startsWith("kms:")
      ? orgWide(store.key?.policy, roleName, action, "*")
      : orgWide(store.bucket.policy, roleName, action, `${store.bucket.arn}/${key}`);
  const orgWideNotes = new Set<string>();
  const readWrite: StoreAction[] = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "kms:Decrypt", "kms:GenerateDataKey"];

  const role = (arn: string): RoleModel | undefined => m.roles.get(arn);
  const missingRole = (kind: string, arn: string, action: string, resource: string, what: string) =>
    unprovable.push({ kind, principal: arn, action, resource, expected: "ALLOWED", reason: `${what} ${arn} is not created by these stacks` });

  // --- who is who ------------------------------------------------------------------------------
  const pipelineRoleArns = [...new Set(m.pipelines.map((p) => p.roleArn))].sort();
  // Indexed once: a per-role scan of every action would grow with accounts x actions.
  const actionUses = new Map<string, { pipeline: PipelineModel; region: string; inputs: string[]; outputs: string[] }[]>();
  for (const p of m.pipelines) {
    for (const a of p.actions) {
      if (a.roleArn) actionUses.set(a.roleArn, [...(actionUses.get(a.roleArn) ?? []), { pipeline: p, region: a.region, inputs: a.inputs, outputs: a.outputs }]);
    }
  }
  const trusts = (r: RoleModel, test: (principal: { AWS: string[]; Service: string[] }) => boolean) =>
    (r.trust?.Statement ?? []).some(
      (st) =>
        st.Effect === "Allow" &&
        asList(st.Action).some((a) => /^sts:(AssumeRole|\*)$|^\*$/.test(a)) &&
        st.Principal !== undefined &&
        st.Principal !== "*" &&
        test({ AWS: asList(st.Principal.AWS), Service: asList(st.Principal.Service) }),
    );
  const actionRoleArns = new Set<string>(actionUses.keys());
  // Roles that trust a pipeline role, by name or through its account root + aws:PrincipalArn.
  const namesPipelineRole = (r: RoleModel) =>
    (r.trust?.Statement ?? []).some(
      (st) =>
        st.Effect === "Allow" &&
        (asList((st.Principal as { AWS?: string | string[] } | undefined)?.AWS).some((a) => pipelineRoleArns.includes(a)) ||
          Object.values(st.Condition ?? {}).some((block) =>
            asList((block as Record<string, string | string[]>)["aws:PrincipalArn"]).some((a) => pipelineRoleArns.includes(a)),
          )),
    );
  for (const r of m.roles.values()) if (namesPipelineRole(r)) actionRoleArns.add(r.arn);
  const actionRoleStacks = new Set([...actionRoleArns].flatMap((a) => (role(a) ? [role(a)!.stack] : [])));
  const cfnUses = new Map<string, { pipeline: PipelineModel; region: string; inputs: string[] }[]>();
  for (const p of m.pipelines) {
    for (const a of p.actions) {
      const arn = a.configuration.RoleArn;
      if (arn && role(arn) && trusts(role(arn)!, (x) => x.Service.includes("cloudformation.amazonaws.com"))) {
        cfnUses.set(arn, [...(cfnUses.get(arn) ?? []), { pipeline: p, region: a.region, inputs: a.inputs }]);
      }
    }
  }
  const cfnRoleArns = new Set<string>(cfnUses.keys());
  for (const r of m.roles.values()) {
    if (actionRoleStacks.has(r.stack) && trusts(r, (p) => p.Service.includes("cloudformation.amazonaws.com"))) cfnRoleArns.add(r.arn);
  }
  // --- 1. the pipeline role assumes each action role its pipelines use -------------------------
  const kAssume = "pipeline role assumes the action roles of its pipelines";
  for (const p of m.pipelines) {
    const roleArns = [...new Set(p.actions.flatMap((a) => (a.roleArn ? [a.roleArn] : [])))].sort();
    for (const arn of roleArns) {
      const pr = role(p.roleArn);
      const ar = role(arn);
      if (!pr) missingRole(kAssume, p.roleArn, "sts:AssumeRole", arn, "pipeline role");
      else if (!ar) missingRole(kAssume, pr.arn, "sts:AssumeRole", arn, "action role");
      else {
        add({
          kind: kAssume,
          caller: member(pr),
          via: `pipeline ${p.name}`,
          action: "sts:AssumeRole",
          resource: ar.arn,
          resourceAccount: ar.account,
          ...(ar.trust ? { resourcePolicy: ar.trust } : {}),
          expected: "ALLOWED",
        });
      }
    }
  }

  // --- 2. action roles read their pipelines' artifacts and write only their own outputs ---------
  // CodePipeline keys: <pipeline name, 20 characters>/<artifact name, 10 characters>/<id>.
  const kAction = "action role reads the artifacts its actions consume and writes the ones they produce";
  const kOtherPipeline = "a target role reads or writes another pipeline's artifacts";
  const kNoOutput = "a target role writes an artifact its actions do not produce";
  const kCfnWrite = "a CloudFormation execution role writes artifacts";
  const grantedTo = new Map<string, Set<StoreModel>>();
  const grant = (account: string, stores: StoreModel[]) => {
    const set = grantedTo.get(account) ?? new Set<StoreModel>();
    stores.forEach((s) => set.add(s));
    grantedTo.set(account, set);
  };
  const objectKey = (pattern: string) => pattern.replace(/\*$/, "artifact-id");
  /** Per store: the pipelines (by name) a role acts for there, what they consume and what they produce. */
  interface StoreUse {
    readonly store: StoreModel;
    readonly pipelines: Map<PipelineModel, { inputs: Set<string>; outputs: Set<string> }>;
  }
  const usesOf = (actions: { pipeline: PipelineModel; region: string; inputs: string[]; outputs: string[] }[], r: RoleModel): StoreUse[] => {
    const byStore = new Map<StoreModel, StoreUse>();
    for (const u of actions) {
      const store = u.pipeline.stores.get(u.region);
      if (!store) {
        m.notes.push(`pipeline ${u.pipeline.name}: no artifact store for region ${u.region}, used by ${r.arn}`);
        continue;
      }
      const use = byStore.get(store) ?? { store, pipelines: new Map() };
      byStore.set(store, use);
      const p = use.pipelines.get(u.pipeline) ?? { inputs: new Set<string>(), outputs: new Set<string>() };
      use.pipelines.set(u.pipeline, p);
      u.inputs.forEach((i) => p.inputs.add(i));
      u.outputs.forEach((o) => p.outputs.add(o));
    }
    return [...byStore.values()].sort((a, b) => a.store.bucket.name.localeCompare(b.store.bucket.name));
  };
  // Pipelines by store, to name "another pipeline" without scanning every pipeline per role.
  const pipelinesByStore = new Map<StoreModel, PipelineModel[]>();
  for (const p of m.pipelines) for (const st of new Set(p.stores.values())) pipelinesByStore.set(st, [...(pipelinesByStore.get(st) ?? []), p]);
  const artifacts = new Map<PipelineModel, string[]>();
  const artifactsOf = (p: PipelineModel): string[] => {
    let found = artifacts.get(p);
    if (!found) artifacts.set(p, (found = [...new Set(p.actions.flatMap((a) => a.outputs))]));
    return found;
  };
  /**
   * Must-deny paths of a target role in the stores it uses: other pipelines, and writes it has no
   * output for. The target account owns the role and may widen its policy, so the role is taken
   * with a broad identity policy: the tools account's bucket and key policies must deny on their own.
   */
  const isolation = (role: RoleModel, uses: StoreUse[], canWrite: boolean) => {
    const r = { name: role.name, account: role.account };
    const member = (x: { name: string; account: string }) => stranger(x.account, x.name);
    // Every store of the landing zone: those it uses (other pipelines' folders) and the others (all folders).
    const used = new Set(uses.map((u) => u.store));
    const all = [...uses, ...m.stores.filter((st) => !used.has(st)).map((store): StoreUse => ({ store, pipelines: new Map() }))];
    for (const { store, pipelines } of all) {
      for (const q of pipelinesByStore.get(store) ?? []) {
        if (pipelines.has(q)) continue;
        const key = objectKey(artifactKeys(q.name, artifactsOf(q)[0] ?? "artifact"));
        for (const action of ["s3:GetObject", "s3:PutObject"] as StoreAction[]) {
          if (storeOrgWide(store, r.name, action, key)) {
            orgWideNotes.add(
              `${store.bucket.name}: ${action} on ${pipelineArtifactKeys(q.name)} is granted to role name ${r.name} organization-wide (aws:PrincipalOrgID), so every account of the organization with that role reaches it; the proof checks outsiders of the organization instead`,
            );
            continue;
          }
          storeCheck(kOtherPipeline, member(r), store, action, "DENIED", { key, via: `pipeline ${q.name}` });
        }
      }
      let writes = false;
      for (const [p, use] of pipelines) {
        const own = new Set([...use.outputs].map((o) => artifactKeys(p.name, o)));
        if (canWrite && own.size > 0) writes = true;
        for (const a of artifactsOf(p)) {
          const k = artifactKeys(p.name, a);
          if (canWrite && own.has(k)) continue;
          storeCheck(canWrite ? kNoOutput : kCfnWrite, member(r), store, "s3:PutObject", "DENIED", {
            key: objectKey(k),
            via: `pipeline ${p.name}, artifact ${a}`,
          });
        }
      }
      if (!writes && used.has(store)) storeCheck(canWrite ? kNoOutput : kCfnWrite, member(r), store, "kms:GenerateDataKey", "DENIED");
    }
  };
  const actionStores = new Map<string, StoreModel[]>();
  const actionUseKeys = new Map<string, { store: StoreModel; read?: string; write?: string }[]>();
  for (const arn of [...actionRoleArns].sort()) {
    const r = role(arn);
    if (!r) {
      missingRole(kAction, arn, "s3:GetObject", "(artifact stores)", "action role");
      continue;
    }
    const actions = actionUses.get(arn) ?? [];
    const uses = usesOf(actions, r);
    const stores = uses.map((u) => u.store);
    actionStores.set(arn, stores);
    actionUseKeys.set(
      arn,
      uses.map(({ store, pipelines }) => {
        const [p, use] = [...pipelines].find(([, u]) => u.inputs.size > 0) ?? [];
        const [q, out] = [...pipelines].find(([, u]) => u.outputs.size > 0) ?? [];
        return {
          store,
          ...(p && use ? { read: objectKey(artifactKeys(p.name, [...use.inputs][0]!)) } : {}),
          ...(q && out ? { write: objectKey(artifactKeys(q.name, [...out.outputs][0]!)) } : {}),
        };
      }),
    );
    grant(r.account, stores);
    for (const { store, pipelines } of uses) {
      for (const [p, use] of pipelines) {
        for (const i of use.inputs) {
          storeCheck(kAction, member(r), store, "s3:GetObject", "ALLOWED", { key: objectKey(artifactKeys(p.name, i)), via: `pipeline ${p.name}` });
          storeCheck(kAction, member(r), store, "kms:Decrypt", "ALLOWED", { via: `pipeline ${p.name}` });
        }
        for (const o of use.outputs) {
          storeCheck(kAction, member(r), store, "s3:PutObject", "ALLOWED", { key: objectKey(artifactKeys(p.name, o)), via: `pipeline ${p.name}` });
          storeCheck(kAction, member(r), store, "kms:GenerateDataKey", "ALLOWED", { via: `pipeline ${p.name}` });
        }
      }
    }
    isolation(r, uses, true);
  }

  // --- 3. CloudFormation execution roles read the templates of their pipelines, and write nothing --
  const kCfn = "CloudFormation execution role reads its pipelines' artifacts (read only)";
  const cfnStores = new Map<string, StoreModel[]>();
  for (const arn of [...cfnRoleArns].sort()) {
    const r = role(arn)!;
    const actions = (cfnUses.get(arn) ?? []).map((u) => ({ ...u, outputs: [] }));
    const uses = usesOf(actions, r);
    const stores = uses.map((u) => u.store);
    cfnStores.set(arn, stores);
    grant(r.account, stores);
    for (const { store, pipelines } of uses) {
      for (const [p, use] of pipelines) {
        for (const i of use.inputs) {
          storeCheck(kCfn, member(r), store, "s3:GetObject", "ALLOWED", { key: objectKey(artifactKeys(p.name, i)), via: `pipeline ${p.name}` });
          storeCheck(kCfn, member(r), store, "kms:Decrypt", "ALLOWED", { via: `pipeline ${p.name}` });
        }
      }
    }
    isolation(r, uses, false);
  }

  // --- 4. each pipeline's role uses its folder of the stores of its regions, and nothing else ---
  const kPipeline = "pipeline role uses its folder of the artifact stores of its regions";
  const kPipelineOther = "pipeline role cannot use other regions' stores, nor other pipelines' folders";
  const folderKey = (p: PipelineModel, artifact = artifactsOf(p)[0] ?? "artifact") => objectKey(artifactKeys(p.name, artifact));
  for (const arn of pipelineRoleArns) {
    const r = role(arn);
    if (!r) {
      missingRole(kPipeline, arn, "s3:GetObject", "(artifact stores)", "pipeline role");
      continue;
    }
    const mine = m.pipelines.filter((p) => p.roleArn === arn);
    const own = new Set(mine.flatMap((p) => [...p.stores.values()]));
    for (const p of mine) {
      for (const s of new Set(p.stores.values()))
        for (const a of readWrite) storeCheck(kPipeline, member(r), s, a, "ALLOWED", { key: folderKey(p), via: `pipeline ${p.name}` });
    }
    for (const s of m.stores.filter((x) => !own.has(x))) storeCheck(kPipelineOther, member(r), s, "kms:Decrypt", "DENIED");
    // Another pipeline's folder, in the stores it shares (inside the tools account its own policy decides).
    for (const s of own) {
      for (const q of (pipelinesByStore.get(s) ?? []).filter((x) => x.roleArn !== arn)) {
        storeCheck(kPipelineOther, member(r), s, "s3:PutObject", "DENIED", { key: folderKey(q), via: `pipeline ${q.name}` });
      }
    }
  }

  // --- 5. CodeBuild project roles read their pipeline's folder and write only their outputs ------
  const kBuild = "CodeBuild project role reads its pipeline's folder and writes its own outputs";
  const kBuildReadOnly = "CodeBuild project role cannot write what it does not produce";
  for (const p of m.pipelines) {
    for (const a of p.actions.filter((x) => x.provider === "CodeBuild")) {
      const project = m.codebuildProjects.find((c) => c.name === a.configuration.ProjectName && c.region === a.region);
      const s = p.stores.get(a.region);
      if (!project || !s) continue;
      const r = role(project.roleArn);
      if (!r) {
        missingRole(kBuild, project.roleArn, "s3:GetObject", s.bucket.arn, "CodeBuild service role");
        continue;
      }
      const via = `${p.name}/${a.name}`;
      for (const i of a.inputs) storeCheck(kBuild, member(r), s, "s3:GetObject", "ALLOWED", { key: folderKey(p, i), via });
      storeCheck(kBuild, member(r), s, "kms:Decrypt", "ALLOWED", { via });
      for (const o of a.outputs) storeCheck(kBuild, member(r), s, "s3:PutObject", "ALLOWED", { key: folderKey(p, o), via });
      if (a.outputs.length) storeCheck(kBuild, member(r), s, "kms:GenerateDataKey", "ALLOWED", { via });
      // A project without outputs (tests) only reads; none overwrites its inputs (e.g. the build that prod deploys).
      for (const i of a.inputs.filter((x) => !a.outputs.includes(x)))
        storeCheck(kBuildReadOnly, member(r), s, "s3:PutObject", "DENIED", { key: folderKey(p, i), via });
      if (!a.outputs.length) storeCheck(kBuildReadOnly, member(r), s, "kms:GenerateDataKey", "DENIED", { via });
    }
  }

  // --- 6. S3 source actions: the pipeline role reads the source object --------------------------
  const kSource = "pipeline role reads its S3 source object";
  for (const p of m.pipelines) {
    const pr = role(p.roleArn);
    for (const a of p.actions.filter((x) => x.provider === "S3" && x.category === "Source")) {
      const b = m.buckets.find((x) => x.name === a.configuration.S3Bucket);
      if (!b || !pr) continue;
      add({
        kind: kSource,
        caller: member(pr),
        via: `pipeline ${p.name}`,
        action: "s3:GetObject",
        resource: `${b.arn}/${a.configuration.S3ObjectKey ?? "some/key"}`,
        resourceAccount: b.account,
        region: b.region,
        ...(b.policy ? { resourcePolicy: b.policy } : {}),
        expected: "ALLOWED",
      });
      const key = m.keys.find((k) => k.arn === b.sseKeyRef);
      if (key) {
        add({
          kind: kSource,
          caller: member(pr),
          via: `pipeline ${p.name}`,
          action: "kms:Decrypt",
          resource: key.arn,
          resourceAccount: key.account,
          region: key.region,
          ...(key.policy ? { resourcePolicy: key.policy } : {}),
          context: { "kms:CallerAccount": pr.account, "kms:ViaService": serviceEndpoint("s3", b.region) },
          expected: "ALLOWED",
        });
      }
    }
  }

  // --- 7. manual approvals: the pipeline role publishes to the approval topic -------------------
  const kApproval = "pipeline role publishes to its approval topics";
  const kApprovalOther = "another principal publishes to an approval topic";
  for (const p of m.pipelines) {
    const pr = role(p.roleArn);
    for (const a of p.actions.filter((x) => x.category === "Approval" && x.configuration.NotificationArn)) {
      const t = m.topics.find((x) => x.arn === a.configuration.NotificationArn);
      if (!t || !pr) continue;
      const publish = (kind: string, caller: Caller, expected: Expectation, via?: string) =>
        add({
          kind,
          caller,
          action: "sns:Publish",
          resource: t.arn,
          resourceAccount: t.account,
          region: t.region,
          ...(t.policy ? { resourcePolicy: t.policy } : {}),
          expected,
          ...(via ? { via } : {}),
        });
      publish(kApproval, member(pr), "ALLOWED", `pipeline ${p.name}`);
      if (t.key) {
        for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
          add({
            kind: kApproval,
            caller: member(pr),
            via: `topic ${t.arn.split(":").pop()}`,
            action,
            resource: t.key.arn,
            resourceAccount: t.key.account,
            region: t.key.region,
            ...(keyPolicy(t.key) ? { resourcePolicy: keyPolicy(t.key)! } : {}),
            context: { "kms:CallerAccount": pr.account, "kms:ViaService": serviceEndpoint("sns", t.region) },
            expected: "ALLOWED",
          });
        }
      }
      publish(kApprovalOther, stranger(t.account), "DENIED");
      publish(kApprovalOther, stranger(OTHER_ACCOUNT), "DENIED");
      publish(kApprovalOther, { type: "anonymous" }, "DENIED");
    }
  }

  // --- 8. EventBridge targets: DLQs, queues, topics, pipelines (via a role), Lambda -------------
  const kDlq = "EventBridge sends undeliverable events to the rule's DLQ";
  const kQueue = "EventBridge delivers to a queue target";
  const kTopic = "EventBridge publishes to a topic target";
  const kRuleRole = "EventBridge rule role starts its pipeline";
  const kLambda = "EventBridge invokes a Lambda target";
  const kWrongRule = "another rule uses a rule's DLQ, queue, role or function";
  const kAnonEvents = "an anonymous caller uses an EventBridge queue or topic";
  const events = (rule: { arn: string; account: string }): Caller => ({
    type: "service",
    service: "events.amazonaws.com",
    sourceArn: rule.arn,
    sourceAccount: rule.account,
  });
  const notRegistered = (ruleArn: string) => `${ruleArn}-not-registered`;
  const wrongRules = (own: Set<string>, sample: { arn: string; account: string }) => {
    const others = m.rules.filter((x) => !own.has(x.arn)).map((x) => ({ arn: x.arn, account: x.account }));
    return [{ arn: notRegistered(sample.arn), account: sample.account }, ...others];
  };
  const keyChecks = (kind: string, caller: Caller, key: KeyModel | undefined, service: string, region: string, via: string) => {
    if (!key) return;
    for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
      add({
        kind,
        caller,
        via,
        action,
        resource: key.arn,
        resourceAccount: key.account,
        region,
        ...(keyPolicy(key) ? { resourcePolicy: keyPolicy(key)! } : {}),
        context: { "kms:ViaService": serviceEndpoint(service, region) },
        expected: "ALLOWED",
      });
    }
  };
  // Rules that use each queue / role / function (as DLQ or target).
  const queueRules = new Map<string, Set<string>>();
  const roleRules = new Map<string, Set<string>>();
  const fnRules = new Map<string, Set<string>>();
  const addTo = (map: Map<string, Set<string>>, key: string, rule: string) => map.set(key, (map.get(key) ?? new Set()).add(rule));
  for (const t of m.eventTargets) {
    if (t.deadLetterArn) addTo(queueRules, t.deadLetterArn, t.rule.arn);
    if (m.queues.some((q) => q.arn === t.arn)) addTo(queueRules, t.arn, t.rule.arn);
    if (t.roleArn) addTo(roleRules, t.roleArn, t.rule.arn);
    if (t.arn.includes(":lambda:")) addTo(fnRules, t.arn.split(":").slice(0, 7).join(":"), t.rule.arn);
  }
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && !!seen.add(key);
  for (const t of m.eventTargets) {
    const rule = t.rule;
    const via = `rule ${rule.arn.split(":rule/")[1] ?? rule.name}`;
    const sendTo = (kind: string, queueArn: string) => {
      const q = m.queues.find((x) => x.arn === queueArn);
      if (!q) {
        unprovable.push({
          kind,
          principal: "events.amazonaws.com",
          action: "sqs:SendMessage",
          resource: queueArn,
          expected: "ALLOWED",
          reason: "the queue is not created by these stacks",
        });
        return;
      }
      const send = (caller: Caller, expected: Expectation, k = kind, v = via) =>
        add({
          kind: k,
          caller,
          via: v,
          action: "sqs:SendMessage",
          resource: q.arn,
          resourceAccount: q.account,
          region: q.region,
          ...(q.policy ? { resourcePolicy: q.policy } : {}),
          expected,
        });
      if (!once(`${kind}|${q.arn}|${rule.arn}`)) return;
      send(events(rule), "ALLOWED");
      keyChecks(kind, events(rule), q.key, "sqs", q.region, via);
      if (once(`wrong|${q.arn}`)) {
        for (const w of wrongRules(queueRules.get(q.arn) ?? new Set(), rule)) send(events(w), "DENIED", kWrongRule, `rule ${w.arn.split(":rule/")[1]}`);
        send({ type: "anonymous" }, "DENIED", kAnonEvents, "");
      }
    };
    if (t.deadLetterArn) sendTo(kDlq, t.deadLetterArn);
    if (m.queues.some((q) => q.arn === t.arn)) sendTo(kQueue, t.arn);

    const topic = m.topics.find((x) => x.arn === t.arn);
    if (topic && once(`topic|${topic.arn}|${rule.arn}`)) {
      add({
        kind: kTopic,
        caller: events(rule),
        via,
        action: "sns:Publish",
        resource: topic.arn,
        resourceAccount: topic.account,
        region: topic.region,
        ...(topic.policy ? { resourcePolicy: topic.policy } : {}),
        expected: "ALLOWED",
      });
      keyChecks(kTopic, events(rule), topic.key, "sns", topic.region, via);
      if (once(`anon|${topic.arn}`)) {
        add({
          kind: kAnonEvents,
          caller: { type: "anonymous" },
          action: "sns:Publish",
          resource: topic.arn,
          resourceAccount: topic.account,
          region: topic.region,
          ...(topic.policy ? { resourcePolicy: topic.policy } : {}),
          expected: "DENIED",
        });
      }
    }

    const pipeline = m.pipelines.find((p) => p.arn === t.arn);
    if (pipeline && t.roleArn && once(`role|${t.roleArn}|${rule.arn}|${pipeline.arn}`)) {
      const r = role(t.roleArn);
      if (!r) {
        missingRole(kRuleRole, t.roleArn, "codepipeline:StartPipelineExecution", pipeline.arn, "rule role");
      } else {
        add({
          kind: kRuleRole,
          caller: member(r),
          via,
          action: "codepipeline:StartPipelineExecution",
          resource: pipeline.arn,
          resourceAccount: pipeline.account,
          region: pipeline.region,
          expected: "ALLOWED",
        });
        add({
          kind: kRuleRole,
          caller: events(rule),
          via,
          action: "sts:AssumeRole",
          resource: r.arn,
          resourceAccount: r.account,
          ...(r.trust ? { resourcePolicy: r.trust } : {}),
          expected: "ALLOWED",
        });
        if (once(`wrong-role|${r.arn}`)) {
          for (const w of wrongRules(roleRules.get(r.arn) ?? new Set(), rule)) {
            add({
              kind: kWrongRule,
              caller: events(w),
              via: `rule ${w.arn.split(":rule/")[1]}`,
              action: "sts:AssumeRole",
              resource: r.arn,
              resourceAccount: r.account,
              ...(r.trust ? { resourcePolicy: r.trust } : {}),
              expected: "DENIED",
            });
          }
          const own = new Set(m.eventTargets.filter((x) => x.roleArn === r.arn).map((x) => x.arn));
          for (const other of m.pipelines.filter((p) => !own.has(p.arn))) {
            add({
              kind: kWrongRule,
              caller: member(r),
              via: "a pipeline its rule does not target",
              action: "codepipeline:StartPipelineExecution",
              resource: other.arn,
              resourceAccount: other.account,
              region: other.region,
              expected: "DENIED",
            });
          }
        }
      }
    }

    if (t.arn.includes(":lambda:")) {
      const fn = t.arn.split(":").slice(0, 7).join(":");
      const perms = m.lambdaPermissions.filter((p) => p.functionArn === fn);
      const policy: PolicyDoc = {
        Version: "2012-10-17",
        Statement: perms.map((p) => ({
          Sid: p.statementId,
          Effect: "Allow",
          Principal: /^\d{12}$|^arn:/.test(p.principal) ? { AWS: p.principal } : { Service: p.principal },
          Action: p.action,
          Resource: p.functionArn,
          ...(p.sourceArn || p.sourceAccount
            ? {
                Condition: {
                  ...(p.sourceArn ? { ArnLike: { "AWS:SourceArn": p.sourceArn } } : {}),
                  ...(p.sourceAccount ? { StringEquals: { "AWS:SourceAccount": p.sourceAccount } } : {}),
                },
              }
            : {}),
        })),
      };
      const invoke = (caller: Caller, expected: Expectation, kind: string, v: string) =>
        add({
          kind,
          caller,
          via: v,
          action: "lambda:InvokeFunction",
          resource: fn,
          resourceAccount: arnAccount(fn) ?? rule.account,
          region: arnRegion(fn) ?? rule.region,
          ...(perms.length ? { resourcePolicy: policy } : {}),
          expected,
        });
      if (once(`fn|${fn}|${rule.arn}`)) invoke(events(rule), "ALLOWED", kLambda, via);
      if (once(`wrong-fn|${fn}`)) {
        for (const w of wrongRules(fnRules.get(fn) ?? new Set(), rule)) invoke(events(w), "DENIED", kWrongRule, `rule ${w.arn.split(":rule/")[1]}`);
      }
    }
  }

  // --- 9. CodeStar Notifications publishes to its topics -----------------------------------------
  const kNotify = "CodeStar Notifications publishes to its topic";
  for (const n of m.notificationRules) {
    for (const arn of n.topicArns) {
      const t = m.topics.find((x) => x.arn === arn);
      if (!t) {
        unprovable.push({
          kind: kNotify,
          principal: "codestar-notifications.amazonaws.com",
          action: "sns:Publish",
          resource: arn,
          expected: "ALLOWED",
          reason: "the topic is not created by these stacks",
        });
        continue;
      }
      const caller: Caller = { type: "service", service: "codestar-notifications.amazonaws.com", sourceArn: n.arn, sourceAccount: n.account };
      const via = `notification rule ${n.resource}`;
      add({
        kind: kNotify,
        caller,
        via,
        action: "sns:Publish",
        resource: t.arn,
        resourceAccount: t.account,
        region: t.region,
        ...(t.policy ? { resourcePolicy: t.policy } : {}),
        expected: "ALLOWED",
      });
      keyChecks(kNotify, caller, t.key, "sns", t.region, via);
    }
  }

  // --- 10. CloudWatch alarms publish to their topics --------------------------------------------
  const kAlarm = "CloudWatch alarm publishes to its topic";
  for (const a of m.alarms) {
    for (const arn of a.actions) {
      const t = m.topics.find((x) => x.arn === arn);
      if (!t) continue; // Auto Scaling / SSM actions, or a topic outside the landing zone
      const caller: Caller = { type: "service", service: "cloudwatch.amazonaws.com", sourceArn: a.arn, sourceAccount: a.account };
      const via = `alarm ${a.arn.split(":alarm:")[1]}`;
      add({
        kind: kAlarm,
        caller,
        via,
        action: "sns:Publish",
        resource: t.arn,
        resourceAccount: t.account,
        region: t.region,
        ...(t.policy ? { resourcePolicy: t.policy } : {}),
        expected: "ALLOWED",
      });
      keyChecks(kAlarm, caller, t.key, "sns", t.region, via);
    }
  }

  // --- 11. custom action job workers: their own type's jobs and heartbeat, nothing else ----------
  const kWorker = "a job worker role polls for its own custom action type, works on its jobs and publishes its heartbeat";
  const kWorkerOther = "a job worker role polls for another action type, or publishes outside its heartbeat namespace";
  for (const t of m.customActionTypes) {
    if (!t.workerRoleArn) continue;
    const r = role(t.workerRoleArn);
    if (!r) {
      missingRole(kWorker, t.workerRoleArn, "codepipeline:PollForJobs", t.arn, "job worker role");
      continue;
    }
    const via = `action type ${t.arn.split(":actiontype:")[1] ?? t.arn}`;
    const call = (kind: string, action: string, resource: string, expected: Expectation, context?: Record<string, string>, qualifier?: string) =>
      add({
        kind,
        caller: member(r),
        via,
        action,
        resource,
        resourceAccount: t.account,
        region: t.region,
        expected,
        ...(context ? { context } : {}),
        ...(qualifier ? { qualifier } : {}),
      });
    call(kWorker, "codepipeline:PollForJobs", t.arn, "ALLOWED");
    // Job calls name a job id; AWS supports no resource scoping for them (modules/custom-action-type).
    for (const a of ["codepipeline:AcknowledgeJob", "codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult"]) call(kWorker, a, "*", "ALLOWED");
    // Every other type of the landing zone, and made-up neighbours of this one (another provider, another version).
    const [prefix, id] = t.arn.split(":actiontype:");
    const [category, provider, version] = (id ?? "").split("/").slice(1);
    const others = new Set([
      ...m.customActionTypes.filter((x) => x !== t).map((x) => x.arn),
      `${prefix}:actiontype:Custom/${category}/SomeOtherProvider/${version}`,
      `${prefix}:actiontype:Custom/${category}/${provider}/${version}0`,
    ]);
    for (const arn of [...others].sort()) call(kWorkerOther, "codepipeline:PollForJobs", arn, "DENIED");
    if (!t.heartbeatNamespace) continue;
    const ns = (n: string) => ({ "cloudwatch:namespace": n });
    call(kWorker, "cloudwatch:PutMetricData", "*", "ALLOWED", ns(t.heartbeatNamespace), `namespace ${t.heartbeatNamespace}`);
    const foreign = new Set([
      ...m.customActionTypes.filter((x) => x !== t && x.heartbeatNamespace).map((x) => x.heartbeatNamespace!),
      `${t.heartbeatNamespace}/Other`,
      t.heartbeatNamespace.slice(0, t.heartbeatNamespace.lastIndexOf("/")),
      "AWS/CodePipeline",
      "SomeApplication",
    ]);
    for (const n of [...foreign].sort()) call(kWorkerOther, "cloudwatch:PutMetricData", "*", "DENIED", ns(n), `namespace ${n}`);
  }

  // --- unintended: nobody else reaches the artifacts -------------------------------------------
  const kOtherTarget = "another role of an account reads the artifact stores";
  const kNotGranted = "a landing-zone role uses a store its account is not granted";
  const kOutside = "another AWS account uses the artifact stores";
  const kOutsideOrg = "a role of the same name outside the organization uses an organization-wide grant";
  // (checked on every grant to Principal "*" by role name, so dropping its organization condition shows)
  const kAnon = "an anonymous caller uses the artifact stores";
  const kTls = "an otherwise allowed role without TLS";
  const kSse = "an otherwise allowed role uploads without SSE-KMS";
  const kOtherAssume = "another principal assumes an action role";
  const kOtherPipelineAssume = "a pipeline without actions in an account assumes its action role";

  const accounts = [...new Set([...actionRoleArns, ...cfnRoleArns].flatMap((a) => (role(a) ? [role(a)!.account] : [])))].sort();
  const storeAccounts = [...new Set(m.stores.map((s) => s.bucket.account))].sort();
  for (const account of [...new Set([...accounts, ...storeAccounts])].sort()) {
    const caller = stranger(account);
    for (const s of m.stores) {
      // Inside the bucket's own account an identity policy alone opens S3 (AWS semantics); the
      // artifacts stay sealed by the key, whose policy trusts no one in that account but the grantees.
      const actions: StoreAction[] = s.bucket.account === account ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["s3:GetObject", "s3:PutObject", "kms:Decrypt"];
      for (const a of actions) storeCheck(kOtherTarget, caller, s, a, "DENIED");
    }
  }
  const notGranted = (arn: string, granted: StoreModel[]) => {
    const r = role(arn);
    if (!r) return;
    const mine = grantedTo.get(r.account) ?? new Set();
    for (const s of m.stores.filter((x) => !granted.includes(x) && !mine.has(x))) {
      for (const a of ["s3:GetObject", "kms:Decrypt"] as StoreAction[]) {
        if (storeOrgWide(s, r.name, a)) {
          orgWideNotes.add(`${s.bucket.name}: ${a} is granted to role name ${r.name} organization-wide, so it is not denied per account`);
          continue;
        }
        storeCheck(kNotGranted, member(r), s, a, "DENIED");
      }
    }
  };
  for (const [arn, stores] of actionStores) notGranted(arn, stores);
  for (const [arn, stores] of cfnStores) notGranted(arn, stores);
  for (const s of m.stores) {
    for (const caller of [stranger(OTHER_ACCOUNT), { type: "root", account: OTHER_ACCOUNT, partition } as Caller]) {
      for (const a of ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "kms:Decrypt"] as StoreAction[]) storeCheck(kOutside, caller, s, a, "DENIED");
    }
    for (const a of ["s3:GetObject", "s3:ListBucket"] as StoreAction[]) storeCheck(kAnon, { type: "anonymous" }, s, a, "DENIED");
    // Every organization-wide grant: the same role name in an account outside the organization.
    for (const policy of [s.bucket.policy, s.key?.policy]) {
      if (!policy) continue;
      for (const g of wideGrants(policy)) {
        for (const name of g.names) {
          const key = g.resources
            .find((x) => x.startsWith(`${s.bucket.arn}/`))
            ?.slice(s.bucket.arn.length + 1)
            .replace(/\*$/, "x/artifact-id");
          const actions: StoreAction[] =
            policy === s.key?.policy ? ["kms:Decrypt"] : !key ? ["s3:ListBucket"] : g.actions.includes("s3:PutObject") ? ["s3:PutObject"] : ["s3:GetObject"];
          for (const a of actions) storeCheck(kOutsideOrg, otherRole(OTHER_ACCOUNT, name, undefined, partition), s, a, "DENIED", key ? { key } : {});
        }
      }
    }
  }
  // On keys the role may otherwise use, so that only the resource policy's own deny stops the request.
  const tlsAndSse = (r: RoleModel, uses: { store: StoreModel; read?: string; write?: string }[]) => {
    for (const { store, read, write } of uses) {
      if (read) storeCheck(kTls, member(r), store, "s3:GetObject", "DENIED", { secureTransport: false, mustBeDeniedByResourcePolicy: true, key: read });
      if (write) {
        storeCheck(kTls, member(r), store, "s3:PutObject", "DENIED", { secureTransport: false, mustBeDeniedByResourcePolicy: true, key: write });
        storeCheck(kSse, member(r), store, "s3:PutObject", "DENIED", { noEncryptionHeader: true, mustBeDeniedByResourcePolicy: true, key: write });
      }
    }
  };
  for (const p of m.pipelines) {
    if (role(p.roleArn))
      tlsAndSse(
        role(p.roleArn)!,
        [...new Set(p.stores.values())].map((store) => ({ store, read: folderKey(p), write: folderKey(p) })),
      );
  }
  for (const [arn, uses] of actionUseKeys) tlsAndSse(role(arn)!, uses);

  for (const arn of [...actionRoleArns].sort()) {
    const r = role(arn);
    if (!r) continue;
    const callers = new Map<string, Caller>();
    for (const account of [...pipelineRoleArns.flatMap((p) => (role(p) ? [role(p)!.account] : [])), r.account, OTHER_ACCOUNT]) {
      callers.set(`role ${account}`, stranger(account));
    }
    callers.set("root", { type: "root", account: OTHER_ACCOUNT, partition });
    // A role that shares the pipeline roles' IAM path (and name shape) but is none of them.
    for (const p of pipelineRoleArns.flatMap((x) => (role(x) ? [role(x)!] : []))) {
      const path = /:role(\/.*\/)[^/]+$/.exec(p.arn)?.[1] ?? "/";
      const impostor = `${path.slice(1)}not-a-pipeline-role`;
      callers.set(`impostor ${p.account}${path}`, stranger(p.account, impostor));
    }
    for (const caller of callers.values()) {
      add({
        kind: kOtherAssume,
        caller,
        action: "sts:AssumeRole",
        resource: r.arn,
        resourceAccount: r.account,
        ...(r.trust ? { resourcePolicy: r.trust } : {}),
        expected: "DENIED",
      });
    }
    // Pipelines without an action here: their roles are not trusted.
    const users = new Set((actionUses.get(arn) ?? []).map((u) => u.pipeline.roleArn));
    for (const p of pipelineRoleArns.filter((x) => !users.has(x) && role(x))) {
      // With a broad policy of its own (as a tools-account administrator could give it): the trust decides.
      const withPath = p.slice(p.indexOf(":role/") + ":role/".length);
      add({
        kind: kOtherPipelineAssume,
        caller: stranger(role(p)!.account, withPath),
        action: "sts:AssumeRole",
        resource: r.arn,
        resourceAccount: r.account,
        ...(r.trust ? { resourcePolicy: r.trust } : {}),
        expected: "DENIED",
      });
    }
  }
  // --- CodeDeploy instances download their revisions, and nothing else -------------------------
  const kInstance = "a CodeDeploy instance role reads exactly the revisions deployed to its account";
  const kInstanceDenied = "a CodeDeploy instance role writes, or reads what is not its account's revision";
  for (const r of [...m.existingRoles.values()].sort((a, b) => a.arn.localeCompare(b.arn))) {
    const deploys = m.pipelines.flatMap((p) =>
      p.actions.filter((a) => a.provider === "CodeDeploy" && a.roleArn && arnAccount(a.roleArn) === r.account).map((a) => ({ p, a })),
    );
    for (const { p, a } of deploys) {
      const store = p.stores.get(a.region);
      if (!store) continue;
      for (const input of a.inputs) {
        const key = objectKey(artifactKeys(p.name, input));
        storeCheck(kInstance, member(r), store, "s3:GetObject", "ALLOWED", { key, via: `pipeline ${p.name} action ${a.name}` });
        storeCheck(kInstance, member(r), store, "kms:Decrypt", "ALLOWED", { key, via: `pipeline ${p.name} action ${a.name}` });
        storeCheck(kInstanceDenied, member(r), store, "s3:PutObject", "DENIED", { key, via: `pipeline ${p.name} action ${a.name}` });
      }
      // Another artifact of the same pipeline, and another pipeline's folder.
      storeCheck(kInstanceDenied, member(r), store, "s3:GetObject", "DENIED", {
        key: objectKey(artifactKeys(p.name, "NotDeployed")),
        via: `pipeline ${p.name}`,
      });
      storeCheck(kInstanceDenied, member(r), store, "s3:GetObject", "DENIED", { key: "another-pipeline/Artifact/artifact-id", via: "another pipeline" });
    }
  }

  // --- StackSets: CloudFormation -> administration role -> execution roles of the targets --------
  const kStackSet = "a StackSet administration role reaches exactly the execution roles of its targets";
  const kStackSetDenied = "a StackSet execution role trusts only the administration roles that deploy there";
  const admins = new Map<string, { pipeline: PipelineModel; executionRoleName: string; accounts: Set<string> }>();
  for (const p of m.pipelines) {
    for (const a of p.actions) {
      const arn = a.configuration.AdministrationRoleArn;
      if (a.provider !== "CloudFormationStackSet" || !arn || !a.configuration.ExecutionRoleName) continue;
      const entry = admins.get(arn) ?? { pipeline: p, executionRoleName: a.configuration.ExecutionRoleName, accounts: new Set<string>() };
      for (const t of asList(a.configuration.DeploymentTargets?.split(","))) entry.accounts.add(t);
      // Stack instances added later to the same stack set go through the same administration role.
      for (const i of p.actions) {
        if (i.provider === "CloudFormationStackInstances" && i.configuration.StackSetName === a.configuration.StackSetName) {
          for (const t of asList(i.configuration.DeploymentTargets?.split(","))) entry.accounts.add(t);
        }
      }
      admins.set(arn, entry);
    }
  }
  const executionRoles = [...m.roles.values()].filter((r) => [...admins.values()].some((x) => x.executionRoleName === r.name));
  for (const [arn, use] of [...admins].sort(([x], [y]) => x.localeCompare(y))) {
    const admin = role(arn);
    if (!admin) {
      missingRole(kStackSet, arn, "sts:AssumeRole", use.executionRoleName, "StackSet administration role");
      continue;
    }
    const cloudFormation: Caller = { type: "service", service: "cloudformation.amazonaws.com", sourceAccount: admin.account };
    add({
      kind: kStackSet,
      caller: cloudFormation,
      via: `pipeline ${use.pipeline.name}`,
      action: "sts:AssumeRole",
      resource: admin.arn,
      resourceAccount: admin.account,
      ...(admin.trust ? { resourcePolicy: admin.trust } : {}),
      expected: "ALLOWED",
    });
    // CloudFormation acting for another account (confused deputy) may not.
    add({
      kind: kStackSet,
      caller: { ...cloudFormation, sourceAccount: OTHER_ACCOUNT },
      via: "another account's stack set",
      action: "sts:AssumeRole",
      resource: admin.arn,
      resourceAccount: admin.account,
      ...(admin.trust ? { resourcePolicy: admin.trust } : {}),
      expected: "DENIED",
    });
    for (const account of [...use.accounts].sort()) {
      const target = executionRoles.find((r) => r.account === account && r.name === use.executionRoleName);
      if (!target) {
        missingRole(kStackSet, admin.arn, "sts:AssumeRole", iamRoleArn(partition, account, use.executionRoleName), "StackSet execution role");
        continue;
      }
      add({
        kind: kStackSet,
        caller: member(admin),
        via: `pipeline ${use.pipeline.name}`,
        action: "sts:AssumeRole",
        resource: target.arn,
        resourceAccount: account,
        ...(target.trust ? { resourcePolicy: target.trust } : {}),
        expected: "ALLOWED",
      });
    }
    // Execution roles in accounts its stack sets do not deploy to: its own policy does not reach them.
    for (const other of executionRoles.filter((r) => !use.accounts.has(r.account))) {
      add({
        kind: kStackSetDenied,
        caller: member(admin),
        via: `pipeline ${use.pipeline.name}`,
        action: "sts:AssumeRole",
        resource: other.arn,
        resourceAccount: other.account,
        ...(other.trust ? { resourcePolicy: other.trust } : {}),
        expected: "DENIED",
      });
    }
  }
  for (const r of executionRoles) {
    const trusted = new Set([...admins].filter(([, u]) => u.accounts.has(r.account)).map(([arn]) => arn));
    // Anyone else in the tools account with a broad policy of its own, including the other pipelines' administration roles.
    const adminAccounts = new Set([...admins.keys()].flatMap((a) => (role(a) ? [role(a)!.account] : [])));
    const callers = [
      ...[...adminAccounts].map((a) => stranger(a)),
      stranger(OTHER_ACCOUNT),
      ...[...admins.keys()].filter((a) => !trusted.has(a) && role(a)).map((a) => stranger(role(a)!.account, role(a)!.name)),
    ];
    for (const caller of callers) {
      add({
        kind: kStackSetDenied,
        caller,
        action: "sts:AssumeRole",
        resource: r.arn,
        resourceAccount: r.account,
        ...(r.trust ? { resourcePolicy: r.trust } : {}),
        expected: "DENIED",
      });
    }
  }
  m.notes.push(...[...orgWideNotes].sort());
  // Group by kind, in the order the kinds first appear.
  const order = new Map<string, number>();
  checks.forEach((c) => order.has(c.kind) || order.set(c.kind, order.size));
  const sorted = checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => order.get(a.c.kind)! - order.get(b.c.kind)! || a.i - b.i)
    .map((x) => x.c);
  return { checks: sorted, unprovable };
}
