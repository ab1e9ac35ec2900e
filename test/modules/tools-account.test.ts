import { ArtifactStore } from "../../modules/artifact-store";
import { ToolsAccount } from "../../modules/tools-account";
import { ADMIN, buildToolsAccount, EXTERNAL_STORE, RO_A, RW_A1, RW_B, toolsAccountProps } from "./builders";
import {
  actionsOf,
  allowsAction,
  EXPECTED,
  identityPairs,
  list,
  newStack,
  pairs,
  parsePolicy,
  ref,
  roleArn,
  roleGrants,
  rootArn,
  sorted,
  type Synthesized,
  TOOLS_ACCOUNT,
} from "./helpers";

const PIPELINE_ROLE = roleArn(TOOLS_ACCOUNT, "codepipeline-service");

/** Names of the bucket and key a created store has in the JSON, found by their region. */
function storeIn(out: Synthesized, region: string) {
  const find = (type: string) => {
    const hits = Object.entries(out.resources(type)).filter(([, body]) => body.region === region);
    expect(hits).toHaveLength(1);
    return { name: hits[0]![0], body: hits[0]![1] };
  };
  const bucket = find("aws_s3_bucket");
  const key = find("aws_kms_key");
  const policy = Object.values(out.resources("aws_s3_bucket_policy")).filter((p) => p.bucket === ref("aws_s3_bucket", bucket.name, "id"));
  expect(policy).toHaveLength(1);
  return {
    bucketArn: ref("aws_s3_bucket", bucket.name, "arn"),
    keyArn: ref("aws_kms_key", key.name, "arn"),
    keyPolicy: parsePolicy(key.body.policy),
    bucketPolicy: parsePolicy(policy[0]!.policy),
    bucket,
  };
}

describe("ToolsAccount", () => {
  let built: ReturnType<typeof buildToolsAccount>;
  let out: Synthesized;
  beforeAll(() => {
    built = buildToolsAccount();
    out = built.out;
  });

  describe("pipeline role", () => {
    it("has the given name and a literal ARN", () => {
      expect(out.only("aws_iam_role").body.name).toBe("codepipeline-service");
      expect(built.construct.pipelineRoleArn).toBe(PIPELINE_ROLE);
    });

    // No aws:SourceAccount condition: AWS documents none for this trust; iam:PassRole guards the role.
    it("is trusted only by codepipeline.amazonaws.com", () => {
      const trust = parsePolicy(out.only("aws_iam_role").body.assume_role_policy);
      expect(trust.Statement).toHaveLength(1);
      const [s] = trust.Statement;
      expect(s!.Effect).toBe("Allow");
      expect(s!.Principal).toEqual({ Service: "codepipeline.amazonaws.com" });
      expect(list(s!.Action)).toEqual(["sts:AssumeRole"]);
      expect(s!.Condition).toBeUndefined();
    });

    it("takes a permissions boundary, and has none by default", () => {
      expect("permissions_boundary" in out.only("aws_iam_role").body).toBe(false);
      const boundary = `arn:aws:iam::${TOOLS_ACCOUNT}:policy/boundary`;
      const { out: o } = buildToolsAccount({ permissionsBoundaryArn: boundary });
      expect(o.only("aws_iam_role").body.permissions_boundary).toBe(boundary);
    });

    it("has an artifact policy covering exactly every store's objects, bucket and key", () => {
      const { name: roleName } = out.only("aws_iam_role");
      const rp = out.only("aws_iam_role_policy").body;
      expect(rp.role).toBe(ref("aws_iam_role", roleName, "name"));
      const doc = parsePolicy(rp.policy);
      const eu = storeIn(out, "eu-west-1");
      const us = storeIn(out, "us-east-1");
      const buckets = [eu.bucketArn, us.bucketArn, EXTERNAL_STORE.bucketArn];
      const keys = [eu.keyArn, us.keyArn, EXTERNAL_STORE.keyArn];
      expect(identityPairs(doc)).toEqual(
        sorted([
          ...pairs(
            EXPECTED.objectsReadWrite,
            buckets.map((b) => `${b}/*`),
          ),
          ...pairs(EXPECTED.bucket, buckets),
          ...pairs(EXPECTED.keyReadWrite, keys),
        ]),
      );
      for (const s of doc.Statement) {
        expect(s.Effect).toBe("Allow");
        expect(s.Principal).toBeUndefined();
        expect(s.Condition).toBeUndefined();
        expect(list(s.Resource)).not.toContain("*");
      }
      expect(allowsAction(doc.Statement, "sts:AssumeRole")).toBe(false);
    });
  });

  describe("artifact stores", () => {
    it("maps created and external stores by region", () => {
      const { artifactStores, createdStores } = built.construct;
      expect(Object.keys(artifactStores).sort()).toEqual(["ap-southeast-2", "eu-west-1", "us-east-1"]);
      expect(Object.keys(createdStores).sort()).toEqual(["eu-west-1", "us-east-1"]);
      expect(artifactStores["ap-southeast-2"]).toBe(EXTERNAL_STORE);
      for (const region of ["eu-west-1", "us-east-1"]) {
        expect(createdStores[region]).toBeInstanceOf(ArtifactStore);
        expect(artifactStores[region]).toBe(createdStores[region]);
        expect(artifactStores[region]!.region).toBe(region);
      }
    });

    it("creates each store in its region, with its bucket name and alias", () => {
      for (const [region, bucketName] of [
        ["eu-west-1", "tools-artifacts-eu-west-1"],
        ["us-east-1", "tools-artifacts-us-east-1"],
      ] as const) {
        expect(storeIn(out, region).bucket.body.bucket).toBe(bucketName);
        const aliases = Object.values(out.resources("aws_kms_alias")).filter((a) => a.region === region);
        expect(aliases.map((a) => a.name)).toEqual([`alias/codepipeline-${region}`]);
      }
      // Every store resource is regional; IAM is global and has no region argument.
      for (const [type, name, body] of out.all()) {
        const expectRegion = !type.startsWith("aws_iam_");
        expect([type, name, "region" in body]).toEqual([type, name, expectRegion]);
      }
    });

    it("grants the pipeline role (root + aws:PrincipalArn) plus the store's extra roles, in bucket and key policy alike", () => {
      const expected: Record<string, { rw: string[]; ro: string[] }> = {
        "eu-west-1": { rw: [PIPELINE_ROLE, RW_A1], ro: [RO_A] },
        "us-east-1": { rw: [PIPELINE_ROLE, RW_B], ro: [] },
      };
      for (const [region, { rw, ro }] of Object.entries(expected)) {
        const store = storeIn(out, region);
        const keyGrants = roleGrants(store.keyPolicy);
        const bucketGrants = roleGrants(store.bucketPolicy);
        expect(sorted(bucketGrants.keys())).toEqual(sorted([...rw, ...ro]));
        expect(sorted([...keyGrants.keys()].filter((r) => r !== ADMIN))).toEqual(sorted([...rw, ...ro]));
        for (const r of rw) expect(actionsOf(keyGrants, r)).toEqual([...EXPECTED.keyReadWrite]);
        for (const r of ro) expect(actionsOf(keyGrants, r)).toEqual([...EXPECTED.keyRead]);
        for (const r of rw) expect(sorted(bucketGrants.get(r)!.actions)).toEqual(sorted([...EXPECTED.objectsReadWrite, ...EXPECTED.bucket]));
        // The pipeline role is named through its account root, constrained to the literal role ARN.
        const pipelineStatements = store.keyPolicy.Statement.filter((s) => list(s.Condition?.ArnEquals?.["aws:PrincipalArn"]).includes(PIPELINE_ROLE));
        expect(pipelineStatements).toHaveLength(1);
        expect(pipelineStatements[0]!.Principal).toEqual({ AWS: rootArn(TOOLS_ACCOUNT) });
      }
    });

    it("lets the key administrators administer every created key", () => {
      for (const region of ["eu-west-1", "us-east-1"]) {
        const admin = storeIn(out, region).keyPolicy.Statement.filter((s) => s.Sid?.startsWith("KeyAdministration"));
        expect(admin.map((s) => s.Condition)).toEqual([{ ArnEquals: { "aws:PrincipalArn": [ADMIN] } }]);
      }
    });

    it("works with created stores only", () => {
      const { construct, out: o } = buildToolsAccount({ externalArtifactStores: undefined });
      expect(Object.keys(construct.artifactStores).sort()).toEqual(["eu-west-1", "us-east-1"]);
      const doc = parsePolicy(o.only("aws_iam_role_policy").body.policy);
      expect(identityPairs(doc).some((p) => p.includes(EXTERNAL_STORE.bucketName))).toBe(false);
    });
  });

  describe("validation", () => {
    const build = (overrides: Parameters<typeof toolsAccountProps>[0]) => () => new ToolsAccount(newStack(), "tools", toolsAccountProps(overrides));

    it("rejects no artifactStores, even with external stores", () => {
      expect(build({ artifactStores: [] })).toThrow(/^artifactStores: /);
    });

    it("rejects a malformed account id and a role name IAM would refuse", () => {
      expect(build({ accountId: "123" })).toThrow(/^accountId: "123" is not a 12-digit AWS account id/);
      expect(build({ pipelineRoleName: "a/b" })).toThrow(/^pipelineRoleName: "a\/b" is not a valid IAM role name/);
      expect(build({ pipelineRoleName: "r".repeat(65) })).toThrow(/^pipelineRoleName: /);
    });

    it("rejects a created and an external store in the same region", () => {
      expect(build({ externalArtifactStores: [{ ...EXTERNAL_STORE, region: "us-east-1" }] })).toThrow(
        /^artifactStores\/externalArtifactStores: region "us-east-1" has two artifact stores/,
      );
    });

    it("rejects two created stores in the same region", () => {
      const [first] = toolsAccountProps().artifactStores;
      expect(build({ artifactStores: [first!, { ...first!, bucketName: "other-bucket", keyAlias: "alias/codepipeline-other" }] })).toThrow(
        /region "eu-west-1" has two artifact stores/,
      );
    });

    it("rejects a non-role ARN among a store's extra roles, naming the field", () => {
      const [first] = toolsAccountProps().artifactStores;
      expect(build({ artifactStores: [{ ...first!, readWriteRoleArns: ["*"] }] })).toThrow(/^readWriteRoleArns: /);
    });
  });
});
