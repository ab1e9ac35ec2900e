import { AccessProof, proveAccess } from "../../verify/access-proof";
import { asList, PolicyDoc } from "../../synth/resolve";
import type { SynthesizedStack } from "../../synth/wiring";
import { allActionTypesLandingZone } from "../../verify/landing-zones";
import { synthExample } from "../fixtures/synth";

// A landing zone that uses every action type, source and rule: it synthesizes (guardrails
// included), and the access proof holds for it, including the StackSet and CodeDeploy-instance paths.
const lz = allActionTypesLandingZone();
const { stacks, index } = synthExample(lz);
const doc = (v: unknown): PolicyDoc => JSON.parse(String(v));
const clone = (s: readonly SynthesizedStack[]): SynthesizedStack[] => JSON.parse(JSON.stringify(s)) as SynthesizedStack[];
const failed = (p: AccessProof) => p.rows.filter((r) => !r.pass);
let proof: AccessProof;
beforeAll(async () => {
  proof = await proveAccess(stacks);
}, 60_000);

const INSTANCE_ROLE = "arn:aws:iam::222222222222:role/acme-dev-web-instances";
const REVISION = "arn:aws:s3:::acme-cp-artifacts-111111111111-eu-west-1/every-action/BuildOut/*";

describe("the all-action-types landing zone", () => {
  it("passes the access proof, with StackSet and CodeDeploy instance paths", () => {
    expect(failed(proof)).toEqual([]);
    const kinds = new Set(proof.rows.map((r) => r.kind));
    expect(kinds).toContain("a StackSet administration role reaches exactly the execution roles of its targets");
    expect(kinds).toContain("a CodeDeploy instance role reads exactly the revisions deployed to its account");
  });

  it("lets the dev instances' role read exactly the revision CodeDeploy deploys there, in the bucket policy and in its own policy", () => {
    const bucketPolicy = Object.values(index.resources("tools-eu-west-1", "aws_s3_bucket_policy")).find((p) => String(p.policy).includes("artifact-store"))!;
    const grants = doc(index.resolveString("tools-eu-west-1", String(bucketPolicy.policy))).Statement.filter((s) =>
      Object.values(s.Condition ?? {}).some((c) => asList((c as Record<string, string | string[]>)["aws:PrincipalArn"]).includes(INSTANCE_ROLE)),
    );
    // Object grants: reading the revision only (bucket-level statements name the bucket alone).
    const objects = grants.filter((s) => asList(s.Resource).some((r) => r.includes("/")));
    expect(objects.flatMap((s) => asList(s.Action)).sort()).toEqual(["s3:GetObject", "s3:GetObjectVersion"]);
    expect(objects.flatMap((s) => asList(s.Resource)).map((r) => index.resolveString("tools-eu-west-1", r))).toEqual([REVISION]);
    const own = Object.values(index.resources("target-dev", "aws_iam_role_policy")).find((p) => p.role === "acme-dev-web-instances")!;
    const statements = doc(index.resolveString("target-dev", String(own.policy))).Statement;
    expect(statements.flatMap((s) => asList(s.Action)).filter((a) => a.startsWith("s3:Put"))).toEqual([]);
    expect(statements.flatMap((s) => asList(s.Resource)).filter((r) => r.startsWith("arn:aws:s3:::") && r.includes("/"))).toEqual([REVISION]);
  });

  it("fails the proof when the instances' role may read the whole store", async () => {
    const widened = clone(stacks);
    const dev = widened.find((s) => s.id === "target-dev")!;
    const own = Object.values(dev.json.resource!.aws_iam_role_policy as Record<string, Record<string, unknown>>).find(
      (p) => p.role === "acme-dev-web-instances",
    )!;
    own.policy = String(own.policy).replace(/\/every-action\/BuildOut\/\*/g, "/*");
    const tools = widened.find((s) => s.id === "tools-eu-west-1")!;
    for (const p of Object.values(tools.json.resource!.aws_s3_bucket_policy as Record<string, Record<string, unknown>>)) {
      p.policy = String(p.policy).replace(/\/every-action\/BuildOut\/\*/g, "/*");
    }
    const bad = failed(await proveAccess(widened));
    expect(bad.map((r) => `${r.principal.split(" [")[0]} ${r.action} ${r.resource}`)).toContain(
      `${INSTANCE_ROLE} s3:GetObject arn:aws:s3:::acme-cp-artifacts-111111111111-eu-west-1/another-pipeline/Artifact/artifact-id`,
    );
  });

  it("fails the proof when a StackSet execution role trusts the whole tools account", async () => {
    const widened = clone(stacks);
    for (const s of widened.filter((x) => x.id.startsWith("target-"))) {
      for (const r of Object.values((s.json.resource?.aws_iam_role ?? {}) as Record<string, Record<string, unknown>>)) {
        if (r.name === "acme-stackset-execution")
          r.assume_role_policy = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }],
          });
      }
    }
    const bad = failed(await proveAccess(widened));
    expect(bad.some((r) => r.kind === "a StackSet execution role trusts only the administration roles that deploy there")).toBe(true);
  });
});
