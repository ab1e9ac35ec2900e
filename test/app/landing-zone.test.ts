import * as fs from "node:fs";
import * as path from "node:path";
import { parseLandingZone } from "../../config/load";
import { checkSynthOutput, loadProviderSchema } from "../../verify/schema-check";
import { asList, PolicyDoc } from "../../verify/resolve";
import { analyseWiring } from "../../verify/wiring";
import { exampleInput } from "../fixtures/landing-zone";
import { rolesAllowed, synthExample } from "../fixtures/synth";

const lz = parseLandingZone(exampleInput());
const { outdir, stacks, index } = synthExample();
const toolsRegions = [lz.tools.primaryRegion, ...lz.tools.replicaRegions];
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const pipelineRole = role(lz.tools.accountId, `${lz.name}-codepipeline`);
const actionRole = (account: string) => role(account, `${lz.name}-codepipeline-action`);
const execRole = (account: string) => role(account, `${lz.name}-cloudformation-execution`);
const accountOfStack = new Map<string, string>([
  ...toolsRegions.map((r): [string, string] => [`tools-${r}`, lz.tools.accountId]),
  ...lz.targets.map((t): [string, string] => [`target-${t.name}`, t.accountId]),
  [`pipelines-${lz.tools.primaryRegion}`, lz.tools.accountId],
]);
// Each pipeline's own service role uses the stores of the regions it runs in.
const pipelineRolesIn = (region: string) =>
  lz.pipelines
    .filter((p) => p.stages.some((s) => s.actions.some((a) => ("region" in a && a.region ? a.region : lz.tools.primaryRegion) === region)))
    .map((p) => role(lz.tools.accountId, `codepipeline/${lz.name}/${lz.name}-pipeline-${p.name}`));
// CodeBuild projects of the example's pipelines, by region: their roles use the artifact store too.
const codeBuildRoles = (region: string) =>
  lz.pipelines.flatMap((p) =>
    p.stages.flatMap((s) =>
      s.actions
        .filter((a) => a.type === "codebuild" && (a.region ?? lz.tools.primaryRegion) === region && (a.outputs?.length ?? 0) > 0)
        .map((a) => role(lz.tools.accountId, `codebuild-${p.name}-${a.name}`.toLowerCase())),
    ),
  );

describe("the example landing zone", () => {
  it("has one tools stack per tools region, one stack per target account and the pipelines stack", () => {
    expect(stacks.map((s) => s.id).sort()).toEqual([...accountOfStack.keys()].sort());
    expect(stacks).toHaveLength(7);
  });

  describe.each(toolsRegions)("artifact store in %s", (region) => {
    const stackId = `tools-${region}`;
    const targetsHere = lz.targets.filter((t) => t.regions.includes(region));
    // The primary tools stack also holds the audit trail's bucket and key: pick the artifact store's.
    const artifactBucket = `${lz.name}-cp-artifacts-${lz.tools.accountId}-${region}`;
    const [bucketName, bucket] = Object.entries(index.resources(stackId, "aws_s3_bucket")).find(([, b]) => b.bucket === artifactBucket)!;
    const [keyName, key] = Object.entries(index.resources(stackId, "aws_kms_key")).find(([, k]) => String(k.description).includes(artifactBucket))!;
    const ofBucket = <T extends Record<string, unknown>>(type: string): [string, T] =>
      Object.entries(index.resources(stackId, type)).find(([, r]) => String(r.bucket).includes(`aws_s3_bucket.${bucketName}.`)) as [string, T];
    const bucketPolicy = index.policy(stackId, "aws_s3_bucket_policy", ofBucket("aws_s3_bucket_policy")[0]);
    const keyPolicy = index.policy(stackId, "aws_kms_key", keyName);

    it("is a bucket and a rotating customer-managed key in that region", () => {
      expect(index.regionOf(stackId, bucket)).toBe(region);
      expect(index.regionOf(stackId, key)).toBe(region);
      expect(bucket.bucket).toBe(`${lz.name}-cp-artifacts-${lz.tools.accountId}-${region}`);
      expect(key.enable_key_rotation).toBe(true);
      const [, sse] = ofBucket("aws_s3_bucket_server_side_encryption_configuration");
      const rule = (sse.rule as { apply_server_side_encryption_by_default: { kms_master_key_id: string; sse_algorithm: string } }[])[0]!;
      expect(rule.apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
      expect(index.resolveString(stackId, rule.apply_server_side_encryption_by_default.kms_master_key_id)).toBe(
        index.resolveString(stackId, `\${aws_kms_key.${keyName}.arn}`),
      );
      expect(index.resolveString(stackId, String(ofBucket("aws_s3_bucket_policy")[1].bucket))).toBe(bucket.bucket);
    });

    it("grants the pipeline role and the action role of every target deploying here read-write, in BOTH bucket and key policy", () => {
      const expected = [pipelineRole, ...pipelineRolesIn(region), ...targetsHere.map((t) => actionRole(t.accountId)), ...codeBuildRoles(region)].sort();
      expect(rolesAllowed(bucketPolicy, "s3:PutObject")).toEqual(expected);
      expect(rolesAllowed(keyPolicy, "kms:GenerateDataKey")).toEqual(expected);
      expect(rolesAllowed(keyPolicy, "kms:Decrypt")).toEqual(expect.arrayContaining(expected));
    });

    it("grants each such target's CloudFormation execution role read-only, in BOTH policies", () => {
      const readers = targetsHere.map((t) => execRole(t.accountId));
      expect(rolesAllowed(bucketPolicy, "s3:GetObject")).toEqual(expect.arrayContaining(readers));
      expect(rolesAllowed(keyPolicy, "kms:Decrypt")).toEqual(expect.arrayContaining(readers));
      for (const r of readers) {
        expect(rolesAllowed(bucketPolicy, "s3:PutObject")).not.toContain(r);
        expect(rolesAllowed(keyPolicy, "kms:Encrypt")).not.toContain(r);
      }
    });

    it("grants nothing to targets that do not deploy to this region", () => {
      const elsewhere = lz.targets.filter((t) => !t.regions.includes(region)).map((t) => t.accountId);
      const everyone = [...rolesAllowed(bucketPolicy, "s3:GetObject"), ...rolesAllowed(keyPolicy, "kms:Decrypt")];
      for (const account of elsewhere) expect(everyone.filter((r) => r.includes(`::${account}:`))).toEqual([]);
    });

    it("denies requests without TLS", () => {
      const deny = bucketPolicy.Statement.find((s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false");
      expect(deny?.Principal).toBe("*");
      expect(asList(deny?.Action)).toEqual(["s3:*"]);
    });
  });

  describe.each(lz.targets.map((t) => [t.name, t] as const))("target %s", (name, target) => {
    const stackId = `target-${name}`;
    const roles = index.resources(stackId, "aws_iam_role");
    const byName = (n: string) => Object.entries(roles).find(([, r]) => r.name === n)!;
    const [actionId, action] = byName(`${lz.name}-codepipeline-action`);
    const [, exec] = byName(`${lz.name}-cloudformation-execution`);

    it("trusts exactly the tools pipeline role and the landing zone's pipeline roles (by their IAM path)", () => {
      const trust = JSON.parse(index.resolveString(stackId, String(action.assume_role_policy))) as PolicyDoc;
      expect(trust.Statement[0]).toEqual({ Sid: "ToolsPipelineRole", Effect: "Allow", Principal: { AWS: pipelineRole }, Action: "sts:AssumeRole" });
      const deploysHere = lz.pipelines.some((p) => p.stages.some((s) => s.actions.some((a) => "account" in a && a.account === name)));
      expect(trust.Statement.slice(1)).toEqual(
        deploysHere
          ? [
              {
                Sid: "PipelineServiceRolePath",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${lz.tools.accountId}:root` },
                Action: "sts:AssumeRole",
                Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${lz.tools.accountId}:role/codepipeline/${lz.name}/*` } },
              },
            ]
          : [],
      );
    });

    it("lets only CloudFormation assume the execution role", () => {
      const trust = JSON.parse(String(exec.assume_role_policy)) as PolicyDoc;
      expect(trust.Statement).toEqual([
        { Sid: "CloudFormation", Effect: "Allow", Principal: { Service: "cloudformation.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    });

    it("uses the artifact buckets and keys of its own regions and nothing else", () => {
      const [policyName] = Object.entries(index.resources(stackId, "aws_iam_role_policy")).find(
        ([, p]) => p.name === "artifact-stores" && String(p.role).includes(actionId),
      )!;
      const policy = index.policy(stackId, "aws_iam_role_policy", policyName);
      const resources = policy.Statement.flatMap((s) => asList(s.Resource));
      const expectedBuckets = target.regions.map((r) => `arn:aws:s3:::${lz.name}-cp-artifacts-${lz.tools.accountId}-${r}`);
      const expectedKeys = target.regions.map((r) => {
        const bucketName = `${lz.name}-cp-artifacts-${lz.tools.accountId}-${r}`;
        const [keyName] = Object.entries(index.resources(`tools-${r}`, "aws_kms_key")).find(([, k]) => String(k.description).includes(bucketName))!;
        return index.resolveString(`tools-${r}`, `\${aws_kms_key.${keyName}.arn}`);
      });
      expect(resources.sort()).toEqual([...expectedBuckets, ...expectedBuckets.map((b) => `${b}/*`), ...expectedKeys].sort());
    });

    it("outputs the role ARNs other stacks and repositories read", () => {
      const outputs = index.stack(stackId).json.output!;
      expect(Object.keys(outputs).sort()).toEqual(["account_id", "action_role_arn", "cloudformation_execution_role_arn"]);
      expect(index.resolveString(stackId, String(outputs.action_role_arn!.value))).toBe(actionRole(target.accountId));
    });
  });

  it("gives every stack a provider that assumes the deploy role in its own account and refuses any other", () => {
    for (const s of stacks) {
      const account = accountOfStack.get(s.id)!;
      const provider = s.json.provider!.aws![0] as Record<string, unknown>;
      expect(provider.allowed_account_ids).toEqual([account]);
      expect(provider.assume_role).toEqual([{ role_arn: role(account, lz.providerRole.name), session_name: lz.providerRole.sessionName }]);
      expect((provider.default_tags as { tags: Record<string, string> }[])[0]!.tags).toMatchObject(lz.defaultTags);
    }
  });

  it("stores each stack's state under its own key, encrypted and locked with the S3 lock file", () => {
    const keys = stacks.map((s) => {
      const backend = s.json.terraform!.backend!.s3!;
      expect(backend).toMatchObject({
        bucket: lz.state.bucket,
        region: lz.state.region,
        encrypt: true,
        use_lockfile: true,
        assume_role: { role_arn: lz.state.roleArn },
      });
      return backend.key;
    });
    expect(new Set(keys).size).toBe(stacks.length);
    expect(keys).toContain(`${lz.state.keyPrefix}/tools-${lz.tools.primaryRegion}.tfstate`);
  });

  it("rolls out in waves with no cycle, every remote-state read resolving to an output of an earlier stack", () => {
    const report = analyseWiring(stacks);
    expect(report.problems).toEqual([]);
    expect(report.waves).toEqual([
      lz.tools.replicaRegions.map((r) => `tools-${r}`).sort(),
      [`tools-${lz.tools.primaryRegion}`],
      lz.targets.map((t) => `target-${t.name}`).sort(),
      [`pipelines-${lz.tools.primaryRegion}`],
    ]);
    expect(report.reads.length).toBeGreaterThan(0);
    for (const read of report.reads) {
      expect(read.sourceStack).toBeDefined();
      expect(read.outputs.length).toBeGreaterThan(0);
    }
  });

  it("never names a principal that an earlier wave has not created", () => {
    // Roles of later waves may appear only as aws:PrincipalArn condition values, never as principals.
    for (const s of stacks.filter((x) => x.id.startsWith("tools-"))) {
      const text = JSON.stringify(s.json.resource);
      for (const t of lz.targets) {
        expect(text).not.toMatch(new RegExp(`"AWS\\\\":\\[?\\\\"arn:aws:iam::${t.accountId}:role`));
      }
    }
  });

  it("publishes the tools outputs other repositories read", () => {
    const primary = index.stack(`tools-${lz.tools.primaryRegion}`).json.output!;
    expect(Object.keys(primary).sort()).toEqual([
      "artifact_bucket_arn",
      "artifact_bucket_name",
      "artifact_key_alias_arn",
      "artifact_key_arn",
      "artifact_store_region",
      "artifact_stores",
      "pipeline_role_arn",
      "pipeline_role_name",
    ]);
    expect(Object.keys(primary.artifact_stores!.value as object).sort()).toEqual([...toolsRegions].sort());
    for (const r of lz.tools.replicaRegions) {
      expect(Object.keys(index.stack(`tools-${r}`).json.output!).sort()).toEqual([
        "artifact_bucket_arn",
        "artifact_bucket_name",
        "artifact_key_alias_arn",
        "artifact_key_arn",
        "artifact_store_region",
      ]);
    }
  });

  const schemaFile = path.resolve(__dirname, "../../../shared/reference/aws-provider-schema-6.47.0.json");
  const withSchema = fs.existsSync(schemaFile) ? it : it.skip;
  if (!fs.existsSync(schemaFile)) console.warn(`provider schema dump ${schemaFile} is absent: schema check skipped`);
  withSchema("passes the provider schema check for every resource of every stack", () => {
    const report = checkSynthOutput(outdir, loadProviderSchema(schemaFile));
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    const resources = stacks.reduce((n, s) => n + Object.values(s.json.resource ?? {}).reduce((m, r) => m + Object.keys(r).length, 0), 0);
    expect(report.checked.resources).toBe(resources);
    expect(report.skipped).toEqual([]);
  });
});

describe("keys and logs stay manageable and readable", () => {
  it("lets the Terraform deploy role and every configured key administrator manage every KMS key", () => {
    for (const s of stacks) {
      for (const [name] of Object.entries(index.resources(s.id, "aws_kms_key"))) {
        const account = index.accountOf(s.id);
        const admins = index
          .policy(s.id, "aws_kms_key", name)
          .Statement.filter((st) => st.Sid?.startsWith("KeyAdministration"))
          .flatMap((st) => asList(st.Condition?.ArnEquals?.["aws:PrincipalArn"]));
        expect(admins.sort()).toEqual(
          [role(account, lz.providerRole.name), ...lz.keyAdministratorRoleNames.map((n) => role(account, n))].sort(),
        );
      }
    }
  });

  it("lets the configured readers decrypt the audit logs", () => {
    const stackId = `tools-${lz.tools.primaryRegion}`;
    const [keyName] = Object.entries(index.resources(stackId, "aws_kms_key")).find(([, k]) => String(k.description).startsWith("CloudTrail"))!;
    const readers = index
      .policy(stackId, "aws_kms_key", keyName)
      .Statement.filter((st) => asList(st.Action).includes("kms:Decrypt"))
      .flatMap((st) => asList(st.Condition?.ArnEquals?.["aws:PrincipalArn"]));
    expect(readers).toEqual(lz.monitoring.auditLogReaderRoleArns);
  });
});
