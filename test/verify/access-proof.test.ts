import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthLandingZone } from "../../main";
import { runVerifyAccessCli } from "../../scripts/verify-access";
import { AccessCheck, AccessProof, AccessRow, evaluate, formatAccessTable, proveAccess } from "../../verify/access-proof";
import { PolicyDoc, SynthIndex } from "../../synth/resolve";
import { readSynthOutput, SynthesizedStack, TerraformJson } from "../../synth/wiring";

const ROOT = path.resolve(__dirname, "../..");
const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "access-proof-"));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const clone = (stacks: readonly SynthesizedStack[]): SynthesizedStack[] => JSON.parse(JSON.stringify(stacks)) as SynthesizedStack[];
const show = (r: AccessRow) => `${r.principal} | ${r.action} | ${r.resource} | expected ${r.expected}, got ${r.result}: ${r.detail}`;
const failures = (p: AccessProof) => p.rows.filter((r) => !r.pass);
const has = (p: AccessProof, f: (r: AccessRow) => boolean) => p.rows.filter(f);
type Res = Record<string, Record<string, unknown>>;
const resources = (s: SynthesizedStack, type: string): Res => (s.json.resource?.[type] ?? {}) as Res;

// --- the example landing zone, synthesized once ------------------------------------------------
let outdir: string;
let stacks: SynthesizedStack[];
let index: SynthIndex;
let proof: AccessProof;
const example = JSON.parse(fs.readFileSync(path.join(ROOT, "config/example/landing-zone.json"), "utf8")) as {
  tools: { accountId: string; primaryRegion: string; replicaRegions: string[] };
  targets: { name: string; accountId: string; regions: string[] }[];
};
const allRegions = [example.tools.primaryRegion, ...example.tools.replicaRegions];

beforeAll(async () => {
  outdir = tmpDir();
  const result = synthLandingZone({}, outdir);
  if (result.exitCode !== 0) throw new Error(result.error);
  stacks = readSynthOutput(outdir);
  index = new SynthIndex(stacks);
  proof = await proveAccess(stacks);
}, 60_000);

/** Output of a stack, resolved. */
const out = (stackId: string, name: string): string => index.resolveString(stackId, String(index.stack(stackId).json.output?.[name]?.value));
/** The artifact store of a region, read from the tools stack's public outputs (not from the proof's discovery). */
const storeOf = (region: string) => {
  const stack = `tools-${region}`; // README "Stacks and the rollout order": one tools stack per region
  return { stack, bucketArn: out(stack, "artifact_bucket_arn"), keyArn: out(stack, "artifact_key_arn") };
};
/** The resource of a type in a stack whose resolved attribute has a value (e.g. the bucket policy of a bucket). */
const whose = (s: SynthesizedStack, type: string, attribute: string, value: string): Record<string, unknown> => {
  const found = Object.entries(resources(s, type)).filter(([name, body]) =>
    attribute === "arn" ? index.resolveString(s.id, `\${${type}.${name}.arn}`) === value : index.resolveString(s.id, String(body[attribute])) === value,
  );
  if (found.length !== 1) throw new Error(`${s.id}: expected one ${type} with ${attribute} ${value}, found ${found.length}`);
  return found[0]![1];
};
const targetRoles = (name: string) => ({
  action: out(`target-${name}`, "action_role_arn"),
  cfn: out(`target-${name}`, "cloudformation_execution_role_arn"),
});
const row = (p: AccessProof, principal: string, action: string, resource: string) =>
  p.rows.filter((r) => r.principal.split(" [")[0] === principal && r.action === action && r.resource === resource);

describe("access proof over the example landing zone", () => {
  it("allows every intended path and denies every unintended one", () => {
    expect(failures(proof).map(show)).toEqual([]);
    expect(proof.failed).toBe(0);
    expect(proof.passed).toBe(proof.rows.length);
    expect(proof.rows.filter((r) => r.expected === "ALLOWED").every((r) => r.result === "ALLOWED")).toBe(true);
    expect(proof.rows.filter((r) => r.expected === "DENIED").every((r) => r.result === "DENIED")).toBe(true);
    expect(formatAccessTable(proof).split("\n").pop()).toBe(`${proof.rows.length} passed, 0 failed`);
  });

  // Written out by hand from config/example/landing-zone.json (not derived from the code under test):
  // where each target's actions run, and the artifacts they consume. No target action of the example
  // produces an artifact, so no target role may write anywhere.
  const ACTS: Record<string, { regions: string[]; reads: string[]; cfn: boolean }> = {
    dev: { regions: ["eu-west-1", "eu-central-1"], reads: ["orders-service/BuildOutpu"], cfn: true },
    staging: { regions: ["eu-west-1"], reads: ["payments-container/DeployConf", "payments-container/Image"], cfn: false },
    prod: { regions: ["eu-west-1", "eu-central-1", "us-east-1"], reads: ["orders-service/BuildOutpu"], cfn: true },
  };
  const ARTIFACTS = [
    "orders-service/SourceCode",
    "orders-service/BuildOutpu",
    "payments-container/Image",
    "payments-container/DeployConf",
    "data-jobs/Bundle",
    "legacy-build/Source",
    "orders-pull-requests/SourceCode",
  ];
  const verdict = (principal: string, action: string, resource: string) => row(proof, principal, action, resource).map((r) => `${r.expected}/${r.result}`);

  // The proof's own expectations are checked against the table above, row by row, for every row a
  // target account's role makes: a generator that expected the wrong verdict would fail here.
  const handWritten = (r: AccessRow): string => {
    const principal = r.principal.split(" [")[0]!;
    const t = example.targets.find((x) => principal.startsWith(`arn:aws:iam::${x.accountId}:`))!;
    const acts = ACTS[t.name]!;
    const actionRole = principal === `arn:aws:iam::${t.accountId}:role/acme-codepipeline-action`;
    const cfnRole = acts.cfn && principal === `arn:aws:iam::${t.accountId}:role/acme-cloudformation-execution`;
    const region = r.action.startsWith("kms:") ? r.resource.split(":")[3]! : /-(\w+-\w+-\d)\//.exec(r.resource)?.[1];
    const here = region !== undefined && acts.regions.includes(region);
    switch (r.action) {
      case "s3:GetObject": {
        const folder = r.resource.split("/").slice(1, 3).join("/");
        return here && ((actionRole && acts.reads.includes(folder)) || (cfnRole && folder === "orders-service/BuildOutpu")) ? "ALLOWED" : "DENIED";
      }
      case "kms:Decrypt":
        return here && (actionRole || cfnRole) ? "ALLOWED" : "DENIED";
      case "s3:PutObject":
      case "s3:GetObject (no TLS)":
      case "kms:GenerateDataKey":
      case "sts:AssumeRole":
        return "DENIED";
      default:
        throw new Error(`no hand-written verdict for ${show(r)}`);
    }
  };

  it("expects, for every path of a target account's role, the verdict written out by hand from the example", () => {
    const targetRows = proof.rows.filter((r) => example.targets.some((t) => r.principal.startsWith(`arn:aws:iam::${t.accountId}:`)));
    expect(targetRows.length).toBeGreaterThan(150);
    expect(targetRows.filter((r) => r.expected === "ALLOWED").length).toBeGreaterThan(20);
    expect(targetRows.map((r) => `${show(r)} | hand-written ${r.expected}`)).toEqual(targetRows.map((r) => `${show(r)} | hand-written ${handWritten(r)}`));
  });

  it("lets each target role read exactly the artifacts its actions consume, write none, and reach no other pipeline's folder", () => {
    for (const t of example.targets) {
      const roles = targetRoles(t.name);
      const acts = ACTS[t.name]!;
      for (const region of acts.regions) {
        const s = storeOf(region);
        for (const folder of ARTIFACTS) {
          const object = `${s.bucketArn}/${folder}/artifact-id`;
          const own = acts.reads.includes(folder);
          const samePipeline = acts.reads.some((r) => r.split("/")[0] === folder.split("/")[0]);
          // Reads: the consumed artifacts; other pipelines' folders are denied.
          if (own) expect([t.name, region, folder, verdict(roles.action, "s3:GetObject", object)]).toEqual([t.name, region, folder, ["ALLOWED/ALLOWED"]]);
          // Writes: denied on every artifact of its own pipelines (it produces none).
          if (samePipeline)
            expect([t.name, region, folder, verdict(roles.action, "s3:PutObject", object)]).toEqual([t.name, region, folder, ["DENIED/DENIED"]]);
          // Other pipelines of the same store: reads and writes in their folder are denied.
          const pipeline = folder.split("/")[0]!;
          const inStore = region === example.tools.primaryRegion || pipeline === "orders-service";
          if (!samePipeline && inStore) {
            for (const action of ["s3:GetObject", "s3:PutObject"]) {
              const rows = proof.rows.filter(
                (r) =>
                  r.principal.startsWith(`${roles.action} [pipeline ${pipeline}]`) &&
                  r.action === action &&
                  r.resource.startsWith(`${s.bucketArn}/${pipeline}/`),
              );
              expect([t.name, region, pipeline, action, rows.length > 0 && rows.every((r) => r.expected === "DENIED" && r.result === "DENIED")]).toEqual([
                t.name,
                region,
                pipeline,
                action,
                true,
              ]);
            }
          }
        }
        expect([t.name, region, verdict(roles.action, "kms:Decrypt", s.keyArn)]).toEqual([t.name, region, expect.arrayContaining(["ALLOWED/ALLOWED"])]);
        expect([t.name, region, verdict(roles.action, "kms:GenerateDataKey", s.keyArn)]).toEqual([t.name, region, ["DENIED/DENIED"]]);
        // The CloudFormation execution role reads the template's artifact and writes nothing.
        const template = `${s.bucketArn}/orders-service/BuildOutpu/artifact-id`;
        if (acts.cfn) {
          expect([t.name, region, verdict(roles.cfn, "s3:GetObject", template)]).toEqual([t.name, region, ["ALLOWED/ALLOWED"]]);
          expect([t.name, region, verdict(roles.cfn, "s3:PutObject", template)]).toEqual([t.name, region, ["DENIED/DENIED"]]);
          expect([t.name, region, verdict(roles.cfn, "kms:GenerateDataKey", s.keyArn)]).toEqual([t.name, region, ["DENIED/DENIED"]]);
        }
        // Without TLS the bucket policy itself denies the otherwise allowed read.
        const noTls = row(proof, roles.action, "s3:GetObject (no TLS)", `${s.bucketArn}/${acts.reads[0]}/artifact-id`);
        expect(noTls.map((r) => [r.expected, r.result, r.pass])).toEqual([["DENIED", "DENIED", true]]);
        expect(noTls[0]!.detail).toMatch(/ExplicitlyDenied.*DenyInsecureTransport/);
      }
      // The stores of regions this target does not deploy to stay closed to its roles.
      for (const region of allRegions.filter((r) => !ACTS[t.name]!.regions.includes(r))) {
        const s = storeOf(region);
        for (const role of [roles.action, roles.cfn]) {
          expect(row(proof, role, "s3:GetObject", `${s.bucketArn}/some/key`).map((r) => `${r.expected}/${r.result}`)).toEqual(["DENIED/DENIED"]);
          expect(row(proof, role, "kms:Decrypt", s.keyArn).map((r) => `${r.expected}/${r.result}`)).toEqual(["DENIED/DENIED"]);
        }
      }
      // Another role of the target account, allowed s3:* and kms:* by its own policy, reads nothing.
      for (const region of allRegions) {
        const s = storeOf(region);
        const other = `arn:aws:iam::${t.accountId}:role/some-other-role`;
        for (const [action, resource] of [
          ["s3:GetObject", `${s.bucketArn}/some/key`],
          ["s3:PutObject", `${s.bucketArn}/some/key`],
          ["kms:Decrypt", s.keyArn],
        ] as const) {
          expect(row(proof, other, action, resource).map((r) => `${r.expected}/${r.result}`)).toEqual(["DENIED/DENIED"]);
        }
      }
    }
  });

  it("covers every action-role assumption of every pipeline, and each pipeline's own role on exactly its stores", () => {
    const expected = new Set<string>();
    const pipelineRoles = new Map<string, string>();
    for (const s of stacks) {
      for (const p of Object.values(resources(s, "aws_codepipeline"))) {
        // Each pipeline has a service role of its own.
        const pipelineRole = index.resolveString(s.id, String(p.role_arn));
        pipelineRoles.set(String(p.name), pipelineRole);
        for (const stage of p.stage as { action: { role_arn?: string }[] }[]) {
          for (const a of stage.action)
            if (a.role_arn) expected.add(`${pipelineRole} [pipeline ${String(p.name)}] -> ${index.resolveString(s.id, a.role_arn)}`);
        }
      }
    }
    expect(new Set(pipelineRoles.values()).size).toBe(pipelineRoles.size);
    expect(expected.size).toBeGreaterThanOrEqual(3);
    const roleArns = [...pipelineRoles.values()];
    const assumed = proof.rows.filter((r) => r.action === "sts:AssumeRole" && r.expected === "ALLOWED" && roleArns.some((a) => r.principal.startsWith(a)));
    expect(new Set(assumed.map((r) => `${r.principal} -> ${r.resource}`))).toEqual(expected);
    expect(assumed.every((r) => r.result === "ALLOWED")).toBe(true);

    // orders-service runs in every region: its role uses every store; legacy-build only the primary's.
    const orders = pipelineRoles.get("orders-service")!;
    const legacy = pipelineRoles.get("legacy-build")!;
    for (const region of allRegions) {
      const s = storeOf(region);
      const folder = `${s.bucketArn}/orders-service/SourceCode/artifact-id`;
      for (const [action, resource] of [
        ["s3:GetObject", folder],
        ["s3:PutObject", folder],
        ["kms:Decrypt", s.keyArn],
        ["kms:GenerateDataKey", s.keyArn],
      ] as const) {
        const rows = row(proof, orders, action, resource).filter((r) => r.kind === "pipeline role uses its folder of the artifact stores of its regions");
        expect(rows.map((r) => `${r.expected}/${r.result}`)).toEqual(["ALLOWED/ALLOWED"]);
      }
      const other = row(proof, legacy, "kms:Decrypt", s.keyArn).map((r) => `${r.expected}/${r.result}`);
      expect(other).toEqual([region === example.tools.primaryRegion ? "ALLOWED/ALLOWED" : "DENIED/DENIED"]);
    }
    const minimum = example.targets.reduce((n, t) => n + t.regions.length * (5 + 4), 0) + expected.size + allRegions.length * 5;
    expect(proof.rows.length).toBeGreaterThan(minimum);
  });

  it("denies the outside world: another account's root and role, anonymous callers, other principals assuming action roles", () => {
    for (const region of allRegions) {
      const s = storeOf(region);
      for (const principal of ["arn:aws:iam::999999999999:root", "arn:aws:iam::999999999999:role/some-other-role"]) {
        expect(row(proof, principal, "s3:GetObject", `${s.bucketArn}/some/key`).map((r) => r.result)).toEqual(["DENIED"]);
        expect(row(proof, principal, "kms:Decrypt", s.keyArn).map((r) => r.result)).toEqual(["DENIED"]);
      }
      expect(row(proof, "anonymous", "s3:GetObject", `${s.bucketArn}/some/key`).map((r) => r.result)).toEqual(["DENIED"]);
    }
    for (const t of example.targets) {
      const action = targetRoles(t.name).action;
      for (const principal of [
        `arn:aws:iam::${example.tools.accountId}:role/some-other-role`,
        `arn:aws:iam::${t.accountId}:role/some-other-role`,
        "arn:aws:iam::999999999999:root",
      ]) {
        expect(row(proof, principal, "sts:AssumeRole", action).map((r) => `${r.expected}/${r.result}`)).toEqual(["DENIED/DENIED"]);
      }
    }
  });

  it("reports exactly the paths of one role on one key when that role is removed from the key policy", async () => {
    const target = example.targets.find((t) => t.regions.length < allRegions.length && t.regions.some((r) => r !== example.tools.primaryRegion))!;
    const region = target.regions.find((r) => r !== example.tools.primaryRegion)!;
    const roleArn = targetRoles(target.name).action;
    const store = storeOf(region);
    const broken = clone(stacks);
    const stack = broken.find((s) => s.id === store.stack)!;
    const key = whose(stack, "aws_kms_key", "arn", store.keyArn);
    const policy = JSON.parse(String(key.policy)) as PolicyDoc;
    let removed = 0;
    const account = /::(\d{12}):/.exec(roleArn)![1]!;
    const roleName = roleArn.slice(roleArn.indexOf(":role/") + 6);
    policy.Statement = policy.Statement.flatMap((st) => {
      const exact = st.Condition?.ArnEquals?.["aws:PrincipalArn"];
      if (exact) {
        const kept = (Array.isArray(exact) ? exact : [exact]).filter((a) => index.resolveString(stack.id, a) !== roleArn);
        removed += (Array.isArray(exact) ? exact.length : 1) - kept.length;
        if (kept.length === 0) return [];
        return [{ ...st, Condition: { ...st.Condition, ArnEquals: { ...st.Condition!.ArnEquals, "aws:PrincipalArn": kept } } }];
      }
      // A role name shared by several accounts: drop this account's root from the principals.
      const like = st.Condition?.ArnLike?.["aws:PrincipalArn"];
      if (like === `arn:aws:iam::*:role/${roleName}` && typeof st.Principal === "object") {
        const roots = ([] as string[]).concat(st.Principal.AWS ?? []);
        const kept = roots.filter((r) => r !== `arn:aws:iam::${account}:root`);
        removed += roots.length - kept.length;
        return kept.length ? [{ ...st, Principal: { AWS: kept } }] : [];
      }
      return [st];
    });
    expect(removed).toBe(1);
    key.policy = JSON.stringify(policy);

    const result = await proveAccess(broken);
    const failed = failures(result);
    // The role only reads here (its actions produce nothing), so its one allowed key path fails.
    expect(failed.map((r) => [r.principal, r.action, r.resource, r.expected, r.result])).toEqual([
      [`${roleArn} [pipeline orders-service]`, "kms:Decrypt", store.keyArn, "ALLOWED", "DENIED"],
    ]);
    expect(result.failed).toBe(1);
    expect(result.rows.length).toBe(proof.rows.length);
  });

  it("needs the identity side too: removing a store from the action role's own policy fails exactly its S3 paths", async () => {
    const target = example.targets[0]!;
    const region = target.regions.find((r) => r !== example.tools.primaryRegion)!;
    const roleArn = targetRoles(target.name).action;
    const store = storeOf(region);
    const broken = clone(stacks);
    const stack = broken.find((s) => s.id === `target-${target.name}`)!;
    let edited = 0;
    const roleName = roleArn.split("/").pop();
    for (const p of Object.values(resources(stack, "aws_iam_role_policy")).filter((x) => index.resolveString(stack.id, String(x.role)) === roleName)) {
      const doc = JSON.parse(String(p.policy)) as PolicyDoc;
      for (const st of doc.Statement) {
        if (!Array.isArray(st.Resource)) continue;
        const kept = st.Resource.filter((res) => index.resolveString(stack.id, res) !== `${store.bucketArn}/orders-service/*`);
        if (kept.length !== st.Resource.length) edited++;
        st.Resource = kept;
      }
      p.policy = JSON.stringify(doc);
    }
    expect(edited).toBe(1);
    const result = await proveAccess(broken);
    // The bucket policy still grants the role: the request is denied only because its own policy no longer allows it.
    expect(failures(result).map((r) => [r.principal, r.action, r.resource, r.result])).toEqual([
      [`${roleArn} [pipeline orders-service]`, "s3:GetObject", `${store.bucketArn}/orders-service/BuildOutpu/artifact-id`, "DENIED"],
    ]);
    expect(failures(result).every((r) => /identity ImplicitlyDenied, resource AllowedForAccount/.test(r.detail))).toBe(true);
  });

  describe("fails when a grant is widened", () => {
    const primary = () => storeOf(example.tools.primaryRegion);
    const editBucketPolicy = (edit: (st: PolicyDoc["Statement"][number]) => void): SynthesizedStack[] => {
      const store = primary();
      const broken = clone(stacks);
      const stack = broken.find((s) => s.id === store.stack)!;
      const bp = whose(stack, "aws_s3_bucket_policy", "bucket", store.bucketArn.replace("arn:aws:s3:::", ""));
      const doc = JSON.parse(String(bp.policy)) as PolicyDoc;
      let edited = 0;
      for (const st of doc.Statement) if (/^ObjectRead/.test(st.Sid ?? "")) edit(st), edited++;
      expect(edited).toBeGreaterThan(0);
      bp.policy = JSON.stringify(doc);
      return broken;
    };
    const kinds = (p: AccessProof) => [...new Set(failures(p).map((r) => r.kind))].sort();

    it("to the whole bucket: target roles reach other pipelines' artifacts", async () => {
      const result = await proveAccess(editBucketPolicy((st) => (st.Resource = `${primary().bucketArn}/*`)));
      expect(kinds(result)).toEqual(["a target role reads or writes another pipeline's artifacts"]);
      expect(failures(result).every((r) => r.action === "s3:GetObject" && r.result === "ALLOWED")).toBe(true);
      // dev, staging and prod each reach another pipeline's folder.
      expect(new Set(failures(result).map((r) => /::(\d{12}):/.exec(r.principal)![1]))).toEqual(new Set(["222222222222", "333333333333", "444444444444"]));
    });

    it("to writes: accounts whose actions produce no output, and CloudFormation execution roles, could overwrite what prod deploys", async () => {
      const result = await proveAccess(editBucketPolicy((st) => (st.Action = [...([] as string[]).concat(st.Action as string | string[]), "s3:PutObject"])));
      expect(kinds(result)).toEqual(["a CloudFormation execution role writes artifacts", "a target role writes an artifact its actions do not produce"]);
      expect(failures(result).every((r) => r.action === "s3:PutObject" && r.result === "ALLOWED")).toBe(true);
      const devOverwritesBuild = failures(result).filter(
        (r) =>
          r.principal.startsWith("arn:aws:iam::222222222222:role/acme-codepipeline-action") && r.resource.endsWith("/orders-service/BuildOutpu/artifact-id"),
      );
      expect(devOverwritesBuild).toHaveLength(1);
    });

    it("to trust by IAM path: a role that only shares the path, and pipelines without actions there, assume the action role", async () => {
      const broken = clone(stacks);
      const stack = broken.find((s) => s.id === "target-dev")!;
      const role = Object.values(resources(stack, "aws_iam_role")).find((r) => r.name === "acme-codepipeline-action")!;
      const trust = JSON.parse(String(role.assume_role_policy)) as PolicyDoc;
      trust.Statement[0]!.Condition = { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${example.tools.accountId}:role/codepipeline/acme/*` } };
      role.assume_role_policy = JSON.stringify(trust);
      const result = await proveAccess(broken);
      expect(kinds(result)).toEqual(["a pipeline without actions in an account assumes its action role", "another principal assumes an action role"]);
      expect(
        failures(result)
          .filter((r) => r.kind === "another principal assumes an action role")
          .map((r) => r.principal),
      ).toEqual([`arn:aws:iam::${example.tools.accountId}:role/codepipeline/acme/not-a-pipeline-role`]);
      expect(failures(result).every((r) => r.resource === "arn:aws:iam::222222222222:role/acme-codepipeline-action" && r.result === "ALLOWED")).toBe(true);
    });
  });

  it("fails the non-TLS paths of a bucket whose policy stops denying insecure transport", async () => {
    const store = storeOf(example.tools.primaryRegion);
    const broken = clone(stacks);
    const stack = broken.find((s) => s.id === store.stack)!;
    const bp = whose(stack, "aws_s3_bucket_policy", "bucket", store.bucketArn.replace("arn:aws:s3:::", ""));
    const doc = JSON.parse(String(bp.policy)) as PolicyDoc;
    doc.Statement = doc.Statement.filter((st) => st.Sid !== "DenyInsecureTransport");
    bp.policy = JSON.stringify(doc);
    const result = await proveAccess(broken);
    const failed = failures(result);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.action.endsWith("(no TLS)") && r.resource.startsWith(store.bucketArn) && r.result === "ALLOWED")).toBe(true);
    expect(failed.length).toBe(has(proof, (r) => r.action.endsWith("(no TLS)") && r.resource.startsWith(store.bucketArn)).length);
  });
});

// --- custom action job workers -----------------------------------------------------------------
describe("access proof of the custom action job worker", () => {
  // Written from config/example/landing-zone.json: Build/AcmeLegacyBuild/1 in the tools account's primary region.
  const TYPE_ARN = "arn:aws:codepipeline:eu-west-1:111111111111:actiontype:Custom/Build/AcmeLegacyBuild/1";
  const NAMESPACE = "acme/CodePipelineJobWorker/Build/AcmeLegacyBuild/1";
  const worker = "arn:aws:iam::111111111111:role/acme-cp-worker-AcmeLegacyBuild-1";
  const workerRows = (p: AccessProof) => p.rows.filter((r) => r.principal.split(" [")[0] === worker);
  const verdicts = (p: AccessProof) => workerRows(p).map((r) => `${r.action} ${r.resource} ${r.expected}/${r.result}`);

  it("lets the worker role poll for exactly its type and publish exactly its heartbeat, and proves the denials", () => {
    const outputs = index.stack("pipelines-eu-west-1").json.output?.custom_action_workers?.value as Record<string, { heartbeat_namespace: string }>;
    expect(outputs["Build/AcmeLegacyBuild/1"]!.heartbeat_namespace).toBe(NAMESPACE);
    expect(verdicts(proof)).toEqual([
      `codepipeline:PollForJobs ${TYPE_ARN} ALLOWED/ALLOWED`,
      "codepipeline:AcknowledgeJob * ALLOWED/ALLOWED",
      "codepipeline:PutJobSuccessResult * ALLOWED/ALLOWED",
      "codepipeline:PutJobFailureResult * ALLOWED/ALLOWED",
      `cloudwatch:PutMetricData (namespace ${NAMESPACE}) * ALLOWED/ALLOWED`,
      `codepipeline:PollForJobs ${TYPE_ARN.replace("/AcmeLegacyBuild/1", "/AcmeLegacyBuild/10")} DENIED/DENIED`,
      `codepipeline:PollForJobs ${TYPE_ARN.replace("AcmeLegacyBuild", "SomeOtherProvider")} DENIED/DENIED`,
      "cloudwatch:PutMetricData (namespace AWS/CodePipeline) * DENIED/DENIED",
      "cloudwatch:PutMetricData (namespace SomeApplication) * DENIED/DENIED",
      "cloudwatch:PutMetricData (namespace acme/CodePipelineJobWorker/Build/AcmeLegacyBuild) * DENIED/DENIED",
      `cloudwatch:PutMetricData (namespace ${NAMESPACE}/Other) * DENIED/DENIED`,
    ]);
  });

  const brokenWorker = (edit: (doc: PolicyDoc) => void) => {
    const broken = clone(stacks);
    const stack = broken.find((x) => x.id === "pipelines-eu-west-1")!;
    const policy = Object.values(resources(stack, "aws_iam_role_policy")).find((b) => b.name === "codepipeline-job-worker")!;
    const doc = JSON.parse(String(policy.policy)) as PolicyDoc;
    edit(doc);
    policy.policy = JSON.stringify(doc);
    return proveAccess(broken);
  };

  it("fails exactly the other-type polls when the worker may poll for every type", async () => {
    const result = await brokenWorker((doc) => doc.Statement.filter((st) => st.Sid === "PollThisActionType").forEach((st) => (st.Resource = "*")));
    expect(failures(result).map((r) => `${r.principal.split(" [")[0]} ${r.action} ${r.resource}`)).toEqual([
      `${worker} codepipeline:PollForJobs ${TYPE_ARN.replace("/AcmeLegacyBuild/1", "/AcmeLegacyBuild/10")}`,
      `${worker} codepipeline:PollForJobs ${TYPE_ARN.replace("AcmeLegacyBuild", "SomeOtherProvider")}`,
    ]);
  });

  it("fails exactly the foreign namespaces when the heartbeat grant loses its namespace condition", async () => {
    const result = await brokenWorker((doc) => doc.Statement.filter((st) => st.Sid === "PublishHeartbeat").forEach((st) => delete st.Condition));
    expect(failures(result).map((r) => r.action)).toEqual([
      "cloudwatch:PutMetricData (namespace AWS/CodePipeline)",
      "cloudwatch:PutMetricData (namespace SomeApplication)",
      "cloudwatch:PutMetricData (namespace acme/CodePipelineJobWorker/Build/AcmeLegacyBuild)",
      `cloudwatch:PutMetricData (namespace ${NAMESPACE}/Other)`,
    ]);
  });

  it("fails the allowed paths when the worker role loses its policy", async () => {
    const result = await brokenWorker(
      (doc) => (doc.Statement = [{ Effect: "Allow", Action: "sns:Publish", Resource: "arn:aws:sns:eu-west-1:111111111111:x" }]),
    );
    expect(failures(result).map((r) => r.action)).toEqual([
      "codepipeline:PollForJobs",
      "codepipeline:AcknowledgeJob",
      "codepipeline:PutJobSuccessResult",
      "codepipeline:PutJobFailureResult",
      `cloudwatch:PutMetricData (namespace ${NAMESPACE})`,
    ]);
  });
});

// --- organization-wide grants -----------------------------------------------------------------
describe("access proof with organization-wide grants", () => {
  let orgStacks: SynthesizedStack[];
  let orgProof: AccessProof;
  beforeAll(async () => {
    const input = JSON.parse(fs.readFileSync(path.join(ROOT, "config/example/landing-zone.json"), "utf8")) as Record<string, unknown>;
    // Every grant to more than one account becomes organization-wide.
    input.organization = { id: "o-a1b2c3d4e5", paths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"], listAccountsUpTo: 1 };
    const dir = tmpDir();
    const file = path.join(dir, "landing-zone.json");
    fs.writeFileSync(file, JSON.stringify(input));
    const result = synthLandingZone({ LANDING_ZONE_CONFIG: file }, path.join(dir, "out"));
    if (result.exitCode !== 0) throw new Error(result.error);
    orgStacks = readSynthOutput(path.join(dir, "out"));
    orgProof = await proveAccess(orgStacks);
  }, 60_000);
  const outsiders = (p: AccessProof) => p.rows.filter((r) => r.kind === "a role of the same name outside the organization uses an organization-wide grant");

  it("passes, and denies the same role name in an account outside the organization on every organization-wide grant", () => {
    expect(failures(orgProof).map(show)).toEqual([]);
    const rows = outsiders(orgProof);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.principal))).toEqual(
      new Set(["arn:aws:iam::999999999999:role/acme-codepipeline-action", "arn:aws:iam::999999999999:role/acme-cloudformation-execution"]),
    );
    expect(rows.some((r) => r.action === "s3:GetObject" && r.resource.includes("/orders-service/"))).toBe(true);
    expect(rows.some((r) => r.action === "kms:Decrypt")).toBe(true);
  });

  it("fails those paths when the organization condition is dropped", async () => {
    const broken = clone(orgStacks);
    let edited = 0;
    for (const s of broken) {
      for (const type of ["aws_s3_bucket_policy", "aws_kms_key"]) {
        for (const r of Object.values(resources(s, type))) {
          if (typeof r.policy !== "string" || !r.policy.includes("aws:PrincipalOrgID")) continue;
          const doc = JSON.parse(r.policy) as PolicyDoc;
          for (const st of doc.Statement) {
            if (!st.Condition?.StringEquals?.["aws:PrincipalOrgID"]) continue;
            delete st.Condition.StringEquals;
            delete st.Condition["ForAnyValue:StringLike"];
            edited++;
          }
          r.policy = JSON.stringify(doc);
        }
      }
    }
    expect(edited).toBeGreaterThan(0);
    const result = await proveAccess(broken);
    const failed = failures(result);
    expect(failed.length).toBeGreaterThan(0);
    // Outsiders get in; so do accounts of the landing zone the grant was never meant for.
    expect(failed.every((r) => r.expected === "DENIED" && r.result === "ALLOWED")).toBe(true);
    expect(
      outsiders(result)
        .filter((r) => r.pass)
        .map(show),
    ).toEqual([]);
  });
});

// --- the evaluator: cross-account needs both sides ----------------------------------------------
describe("evaluation semantics", () => {
  const TOOLS = "111111111111";
  const TARGET = "222222222222";
  const roleArn = `arn:aws:iam::${TARGET}:role/reader`;
  const object = "arn:aws:s3:::artifacts/some/key";
  const keyArn = `arn:aws:kms:eu-west-1:${TOOLS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const doc = (...Statement: PolicyDoc["Statement"]): PolicyDoc => ({ Version: "2012-10-17", Statement });
  const rootGrant = (action: string, resource: string, principalArn = roleArn) =>
    doc({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${TARGET}:root` },
      Action: action,
      Resource: resource,
      Condition: { ArnEquals: { "aws:PrincipalArn": principalArn } },
    });
  const identity = (action: string, resource: string) => [{ name: "identity", policy: doc({ Effect: "Allow", Action: action, Resource: resource }) }];
  const check = (over: Partial<AccessCheck>): AccessCheck => ({
    kind: "test",
    caller: { type: "role", arn: roleArn, account: TARGET, name: "reader", identity: [] },
    action: "s3:GetObject",
    resource: object,
    resourceAccount: TOOLS,
    expected: "ALLOWED",
    ...over,
  });
  const caller = (policies: ReturnType<typeof identity>) => ({ type: "role" as const, arn: roleArn, account: TARGET, name: "reader", identity: policies });

  it.each([
    ["s3:GetObject", object, "arn:aws:s3:::artifacts/*"],
    ["kms:Decrypt", keyArn, keyArn],
  ])("%s across accounts is allowed only when identity AND resource policy allow", async (action, resource, identityResource) => {
    const both = await evaluate(check({ action, resource, caller: caller(identity(action, identityResource)), resourcePolicy: rootGrant(action, "*") }));
    const resourceOnly = await evaluate(check({ action, resource, caller: caller([]), resourcePolicy: rootGrant(action, "*") }));
    const identityOnly = await evaluate(
      check({
        action,
        resource,
        caller: caller(identity(action, identityResource)),
        resourcePolicy: rootGrant(action, "*", `arn:aws:iam::${TARGET}:role/someone-else`),
      }),
    );
    const noResourcePolicy = await evaluate(check({ action, resource, caller: caller(identity(action, identityResource)) }));
    expect([both.result, resourceOnly.result, identityOnly.result, noResourcePolicy.result]).toEqual(["ALLOWED", "DENIED", "DENIED", "DENIED"]);
    expect(resourceOnly.detail).toMatch(/identity ImplicitlyDenied, resource AllowedForAccount/);
    expect(identityOnly.detail).toMatch(/identity Allowed, resource ImplicitlyDenied/);
  });

  it("in the same account an identity allow opens S3 but not a KMS key whose policy does not trust the account", async () => {
    const sameAccount = { type: "role" as const, arn: `arn:aws:iam::${TOOLS}:role/admin`, account: TOOLS, name: "admin", identity: identity("*", "*") };
    const s3 = await evaluate(
      check({
        caller: sameAccount,
        resourcePolicy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${TOOLS}:role/other` }, Action: "s3:GetObject", Resource: "*" }),
      }),
    );
    const kms = await evaluate(
      check({
        caller: sameAccount,
        action: "kms:Decrypt",
        resource: keyArn,
        resourcePolicy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${TOOLS}:role/other` }, Action: "kms:Decrypt", Resource: "*" }),
      }),
    );
    expect([s3.result, kms.result]).toEqual(["ALLOWED", "DENIED"]);
  });

  it("denies a non-TLS request through the resource policy's explicit deny, and treats unknown managed policies as worst case", async () => {
    const bucketPolicy = doc(
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: "arn:aws:s3:::artifacts/*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      rootGrant("s3:GetObject", "arn:aws:s3:::artifacts/*").Statement[0]!,
    );
    const ok = caller(identity("s3:GetObject", "arn:aws:s3:::artifacts/*"));
    const tls = await evaluate(check({ caller: ok, resourcePolicy: bucketPolicy }));
    const plain = await evaluate(check({ caller: ok, resourcePolicy: bucketPolicy, secureTransport: false, expected: "DENIED" }));
    expect([tls.result, plain.result, plain.resourceExplicitDeny]).toEqual(["ALLOWED", "DENIED", true]);
    expect(plain.detail).toMatch(/DenyInsecureTransport/);

    const managed = { ...caller([]), unresolvedManaged: ["arn:aws:iam::aws:policy/PowerUserAccess"] };
    const resourceGrant = rootGrant("s3:GetObject", "*");
    expect((await evaluate(check({ caller: managed, resourcePolicy: resourceGrant, expected: "ALLOWED" }))).result).toBe("DENIED");
    expect((await evaluate(check({ caller: managed, resourcePolicy: resourceGrant, expected: "DENIED" }))).result).toBe("ALLOWED");
  });
});

// --- EventBridge, SNS, SQS, notifications: hand-made synthesized stacks ---------------------------
describe("event paths (hand-made stacks)", () => {
  const A = "111111111111";
  const policy = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
  const rule = (n: string) => `\${aws_cloudwatch_event_rule.${n}.arn}`;
  const events = { Service: "events.amazonaws.com" };
  function eventsStack(edit: (r: Record<string, Res>) => void = () => {}): SynthesizedStack[] {
    const resource: Record<string, Res> = {
      aws_iam_role: {
        pipeline: {
          name: "pipeline",
          assume_role_policy: policy({ Effect: "Allow", Principal: { Service: "codepipeline.amazonaws.com" }, Action: "sts:AssumeRole" }),
        },
        start: {
          name: "start-app-start-0",
          assume_role_policy: policy({
            Effect: "Allow",
            Principal: events,
            Action: "sts:AssumeRole",
            Condition: { ArnEquals: { "aws:SourceArn": rule("start") }, StringEquals: { "aws:SourceAccount": A } },
          }),
        },
      },
      aws_iam_role_policy: {
        start: {
          role: "${aws_iam_role.start.name}",
          name: "start-pipeline",
          policy: policy({ Effect: "Allow", Action: "codepipeline:StartPipelineExecution", Resource: "${aws_codepipeline.app.arn}" }),
        },
      },
      aws_codepipeline: {
        app: { name: "app", role_arn: "${aws_iam_role.pipeline.arn}", stage: [] },
        other: { name: "other", role_arn: "${aws_iam_role.pipeline.arn}", stage: [] },
      },
      aws_cloudwatch_event_rule: {
        start: { name: "start-app", event_pattern: "{}" },
        notify: { name: "notify-ops", event_pattern: "{}" },
        invoke: { name: "invoke-fn", event_pattern: "{}" },
        unrelated: { name: "unrelated", event_pattern: "{}" },
      },
      aws_cloudwatch_event_target: {
        start: {
          rule: "${aws_cloudwatch_event_rule.start.name}",
          arn: "${aws_codepipeline.app.arn}",
          role_arn: "${aws_iam_role.start.arn}",
          dead_letter_config: { arn: "${aws_sqs_queue.dlq.arn}" },
        },
        notify: { rule: "${aws_cloudwatch_event_rule.notify.name}", arn: "${aws_sns_topic.ops.arn}", dead_letter_config: { arn: "${aws_sqs_queue.dlq.arn}" } },
        invoke: {
          rule: "${aws_cloudwatch_event_rule.invoke.name}",
          arn: `arn:aws:lambda:eu-west-1:${A}:function:handler`,
          dead_letter_config: { arn: "${aws_sqs_queue.dlq.arn}" },
        },
      },
      aws_lambda_permission: {
        invoke: {
          function_name: `arn:aws:lambda:eu-west-1:${A}:function:handler`,
          action: "lambda:InvokeFunction",
          principal: "events.amazonaws.com",
          source_arn: rule("invoke"),
          statement_id: "EventBridge-invoke-fn-0",
        },
      },
      aws_kms_key: {
        dlq: {
          policy: policy({
            Sid: "EventBridgeRulesUseKey",
            Effect: "Allow",
            Principal: events,
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: { ArnEquals: { "aws:SourceArn": [rule("start"), rule("notify"), rule("invoke")] } },
          }),
        },
        ops: {
          policy: policy(
            { Effect: "Allow", Principal: events, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*" },
            { Effect: "Allow", Principal: { Service: "codestar-notifications.amazonaws.com" }, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*" },
            {
              Effect: "Allow",
              Principal: { Service: "cloudwatch.amazonaws.com" },
              Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
              Resource: "*",
              Condition: { StringEquals: { "aws:SourceAccount": A } },
            },
          ),
        },
      },
      aws_sqs_queue: { dlq: { name: "events-dlq", kms_master_key_id: "${aws_kms_key.dlq.arn}" } },
      aws_sqs_queue_policy: {
        dlq: {
          queue_url: "${aws_sqs_queue.dlq.url}",
          policy: policy(
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "sqs:*",
              Resource: "${aws_sqs_queue.dlq.arn}",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
              Sid: "EventBridgeRulesSend",
              Effect: "Allow",
              Principal: events,
              Action: "sqs:SendMessage",
              Resource: "${aws_sqs_queue.dlq.arn}",
              Condition: { ArnEquals: { "aws:SourceArn": [rule("start"), rule("notify"), rule("invoke")] } },
            },
          ),
        },
      },
      aws_sns_topic: { ops: { name: "ops", kms_master_key_id: "${aws_kms_key.ops.arn}" } },
      aws_sns_topic_policy: {
        ops: {
          arn: "${aws_sns_topic.ops.arn}",
          policy: policy(
            { Sid: "EventBridgeRulesPublish", Effect: "Allow", Principal: events, Action: "sns:Publish", Resource: "${aws_sns_topic.ops.arn}" },
            {
              Sid: "Notifications",
              Effect: "Allow",
              Principal: { Service: "codestar-notifications.amazonaws.com" },
              Action: "sns:Publish",
              Resource: "${aws_sns_topic.ops.arn}",
              Condition: { StringEquals: { "aws:SourceAccount": A } },
            },
            {
              Sid: "Alarms",
              Effect: "Allow",
              Principal: { Service: "cloudwatch.amazonaws.com" },
              Action: "sns:Publish",
              Resource: "${aws_sns_topic.ops.arn}",
              Condition: { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:eu-west-1:${A}:alarm:*` } },
            },
          ),
        },
      },
      aws_cloudwatch_metric_alarm: { visible: { alarm_name: "events-dlq-visible", alarm_actions: ["${aws_sns_topic.ops.arn}"] } },
      aws_codestarnotifications_notification_rule: {
        n: {
          name: "app-events",
          resource: "${aws_codepipeline.app.arn}",
          detail_type: "BASIC",
          event_type_ids: ["codepipeline-pipeline-pipeline-execution-failed"],
          target: [{ address: "${aws_sns_topic.ops.arn}" }],
        },
      },
    };
    edit(resource);
    const json = {
      terraform: { backend: { s3: { bucket: "state", key: "events.tfstate" } } },
      provider: { aws: [{ region: "eu-west-1", allowed_account_ids: [A] }] },
      resource,
    } as unknown as TerraformJson;
    return [{ id: "events-eu-west-1", dependencies: [], json }];
  }
  const dlq = `arn:aws:sqs:eu-west-1:${A}:events-dlq`;
  const ruleArn = (name: string) => `arn:aws:events:eu-west-1:${A}:rule/${name}`;
  const pick = (p: AccessProof, principal: string, action: string, resource: string) =>
    p.rows.filter((r) => r.principal === principal && r.action === action && r.resource === resource).map((r) => `${r.expected}/${r.result}`);

  it("finds no event paths where there are no rules, queues, topics or notification rules", async () => {
    const p = await proveAccess(
      eventsStack((r) => {
        for (const t of [
          "aws_cloudwatch_event_rule",
          "aws_cloudwatch_event_target",
          "aws_sqs_queue",
          "aws_sqs_queue_policy",
          "aws_sns_topic",
          "aws_sns_topic_policy",
          "aws_codestarnotifications_notification_rule",
          "aws_lambda_permission",
          "aws_cloudwatch_metric_alarm",
        ])
          delete r[t];
      }),
    );
    expect(p.rows).toEqual([]);
  });

  it("proves each rule's DLQ, topic, pipeline role, Lambda and notification paths, and denies the wrong rules", async () => {
    const p = await proveAccess(eventsStack());
    expect(failures(p).map(show)).toEqual([]);
    for (const name of ["start-app", "notify-ops", "invoke-fn"]) {
      expect(pick(p, `events.amazonaws.com [rule ${name}]`, "sqs:SendMessage", dlq)).toEqual(["ALLOWED/ALLOWED"]);
    }
    // A rule other than the DLQ's own (a real one and a made-up one) cannot send to it.
    expect(pick(p, "events.amazonaws.com [rule unrelated]", "sqs:SendMessage", dlq)).toEqual(["DENIED/DENIED"]);
    expect(pick(p, "events.amazonaws.com [rule start-app-not-registered]", "sqs:SendMessage", dlq)).toEqual(["DENIED/DENIED"]);
    const dlqKey = p.rows.find((r) => r.action === "kms:GenerateDataKey" && r.principal === "events.amazonaws.com [rule start-app]")!;
    expect(dlqKey.resource).toBe(`arn:aws:kms:eu-west-1:${A}:key/<events-eu-west-1:aws_kms_key.dlq>`);
    expect(dlqKey.result).toBe("ALLOWED");
    expect(dlqKey.check?.caller).toEqual({ type: "service", service: "events.amazonaws.com", sourceArn: ruleArn("start-app"), sourceAccount: A });

    expect(pick(p, "events.amazonaws.com [rule notify-ops]", "sns:Publish", `arn:aws:sns:eu-west-1:${A}:ops`)).toEqual(["ALLOWED/ALLOWED"]);
    expect(pick(p, "codestar-notifications.amazonaws.com [notification rule n]", "sns:Publish", `arn:aws:sns:eu-west-1:${A}:ops`)).toEqual(["ALLOWED/ALLOWED"]);
    expect(pick(p, "cloudwatch.amazonaws.com [alarm events-dlq-visible]", "sns:Publish", `arn:aws:sns:eu-west-1:${A}:ops`)).toEqual(["ALLOWED/ALLOWED"]);
    expect(
      pick(
        p,
        "cloudwatch.amazonaws.com [alarm events-dlq-visible]",
        "kms:GenerateDataKey",
        `arn:aws:kms:eu-west-1:${A}:key/<events-eu-west-1:aws_kms_key.ops>`,
      ),
    ).toEqual(["ALLOWED/ALLOWED"]);

    const startRole = `arn:aws:iam::${A}:role/start-app-start-0`;
    expect(pick(p, `${startRole} [rule start-app]`, "codepipeline:StartPipelineExecution", `arn:aws:codepipeline:eu-west-1:${A}:app`)).toEqual([
      "ALLOWED/ALLOWED",
    ]);
    expect(pick(p, "events.amazonaws.com [rule start-app]", "sts:AssumeRole", startRole)).toEqual(["ALLOWED/ALLOWED"]);
    expect(pick(p, "events.amazonaws.com [rule unrelated]", "sts:AssumeRole", startRole)).toEqual(["DENIED/DENIED"]);
    expect(
      pick(p, `${startRole} [a pipeline its rule does not target]`, "codepipeline:StartPipelineExecution", `arn:aws:codepipeline:eu-west-1:${A}:other`),
    ).toEqual(["DENIED/DENIED"]);

    const fn = `arn:aws:lambda:eu-west-1:${A}:function:handler`;
    expect(pick(p, "events.amazonaws.com [rule invoke-fn]", "lambda:InvokeFunction", fn)).toEqual(["ALLOWED/ALLOWED"]);
    expect(pick(p, "events.amazonaws.com [rule start-app]", "lambda:InvokeFunction", fn)).toEqual(["DENIED/DENIED"]);
  });

  it("fails the wrong-rule paths, and only those, when the DLQ policy forgets aws:SourceArn", async () => {
    const p = await proveAccess(
      eventsStack((r) => {
        const q = r.aws_sqs_queue_policy!.dlq!;
        const doc = JSON.parse(String(q.policy)) as { Statement: { Sid?: string; Condition?: unknown }[] };
        for (const st of doc.Statement) if (st.Sid === "EventBridgeRulesSend") delete st.Condition;
        q.policy = JSON.stringify(doc);
      }),
    );
    expect(failures(p).map((r) => [r.principal, r.action, r.resource, r.result])).toEqual([
      ["events.amazonaws.com [rule start-app-not-registered]", "sqs:SendMessage", dlq, "ALLOWED"],
      ["events.amazonaws.com [rule unrelated]", "sqs:SendMessage", dlq, "ALLOWED"],
    ]);
  });

  it("fails delivery to a DLQ encrypted with the AWS managed key, which EventBridge cannot use", async () => {
    const p = await proveAccess(eventsStack((r) => (r.aws_sqs_queue!.dlq!.kms_master_key_id = "alias/aws/sqs")));
    const failed = failures(p);
    expect(failed.length).toBe(6); // GenerateDataKey + Decrypt for each of the 3 rules using the DLQ
    expect(failed.every((r) => r.resource === `arn:aws:kms:eu-west-1:${A}:key/<alias/aws/sqs>` && r.expected === "ALLOWED" && r.result === "DENIED")).toBe(
      true,
    );
  });
});

// --- CLI ---------------------------------------------------------------------------------------------
describe("npm run verify:access", () => {
  it("prints the table and the summary and exits 0 on the example", async () => {
    const r = await runVerifyAccessCli(["--out", outdir]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^principal\s+action\s+resource\s+expected\s+result$/);
    expect(lines.at(-1)).toBe(`${proof.rows.length} passed, 0 failed`);
  });

  it("takes --out and --failures-only together, as the README writes them (npm run verify:access -- --out D --failures-only)", async () => {
    const r = await runVerifyAccessCli(["--out", outdir, "--failures-only"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^principal\s+action\s+resource\s+expected\s+result$/);
    expect(lines.filter((l) => /\s(ALLOWED|DENIED)$/.test(l))).toEqual([]);
    expect(lines.at(-1)).toBe(`${proof.rows.length} passed, 0 failed`);
  });

  it("prints the same table with --every-path, which evaluates each path itself", async () => {
    const byClass = await runVerifyAccessCli(["--out", outdir]);
    const each = await runVerifyAccessCli(["--out", outdir, "--every-path"]);
    expect(each.code).toBe(0);
    expect(each.stdout).toBe(byClass.stdout);
  });

  it("exits 1 with the mismatches on a broken synth, 2 without one", async () => {
    const dir = tmpDir();
    fs.cpSync(outdir, dir, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
    const store = storeOf(example.tools.primaryRegion);
    const file = path.join(dir, manifest.stacks[store.stack]!.synthesizedStackPath);
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource: Record<string, Res> };
    for (const bp of Object.values(json.resource.aws_s3_bucket_policy!)) {
      const doc = JSON.parse(String(bp.policy)) as PolicyDoc;
      doc.Statement = doc.Statement.filter((st) => st.Sid !== "DenyInsecureTransport");
      bp.policy = JSON.stringify(doc);
    }
    fs.writeFileSync(file, JSON.stringify(json));
    const broken = await runVerifyAccessCli(["--out", dir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/MISMATCH/);
    expect(broken.stdout.split("\n").at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed$/);

    const missing = await runVerifyAccessCli(["--out", path.join(dir, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/npx cdktf synth/);
  });
});

// --- licence boundary -----------------------------------------------------------------------------
describe("the AGPL evaluator stays out of the shipped code", () => {
  it("is imported by no module, stack, config, lambda handler or entry point", () => {
    const offenders: string[] = [];
    const visit = (p: string) => {
      if (!fs.existsSync(p)) return;
      if (fs.statSync(p).isDirectory()) {
        for (const e of fs.readdirSync(p)) if (e !== "node_modules") visit(path.join(p, e));
      } else if (/\.(ts|js|mjs|cjs|json)$/.test(p) && fs.readFileSync(p, "utf8").includes("@cloud-copilot/")) {
        offenders.push(path.relative(ROOT, p));
      }
    };
    for (const p of ["modules", "stacks", "config", "lambda-handler", "job-worker", "main.ts", "index.ts"]) visit(path.join(ROOT, p));
    expect(offenders).toEqual([]);
  });

  it("is a devDependency only", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
    expect(pkg.dependencies?.["@cloud-copilot/iam-simulate"]).toBeUndefined();
    expect(pkg.devDependencies?.["@cloud-copilot/iam-simulate"]).toBe("0.1.173");
  });
});
