import { parseLandingZone } from "../../config/load";
import { checkSynthOutput } from "../../verify/schema-check";
import { providerSchema } from "../fixtures/provider-schema";
import { asList, PolicyDoc } from "../../synth/resolve";
import { analyseWiring } from "../../synth/wiring";
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
        .map((a) => role(lz.tools.accountId, `codebuild-${lz.name}-${p.name}-${a.name}`.toLowerCase())),
    ),
  );

describe("the example landing zone", () => {
  it("has one tools stack per tools region, one stack per target account and the pipelines stack", () => {
    expect(stacks.map((s) => s.id).sort()).toEqual([...accountOfStack.keys()].sort());
    expect(stacks).toHaveLength(7);
  });

  describe.each(toolsRegions)("artifact store in %s", (region) => {
    const stackId = `tools-${region}`;
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

    it("lets the tools account's pipeline and CodeBuild roles use the key; in S3 only their own folder-scoped policies decide", () => {
      // The external pipeline (externalPipelines[0]) runs in the primary region and deploys to us-east-1.
      const external =
        region === "eu-central-1"
          ? []
          : [role(lz.tools.accountId, "acme-orders-from-code"), role(lz.tools.accountId, "codebuild-orders-service-from-code-build")];
      const writers = [pipelineRole, ...pipelineRolesIn(region), ...codeBuildRoles(region), ...external].sort();
      expect(rolesAllowed(keyPolicy, "kms:GenerateDataKey").filter((r) => r.includes(`::${lz.tools.accountId}:`))).toEqual(writers);
      // Only the shared pipeline role (pipelines that declare nothing in the file) keeps the whole bucket.
      expect(rolesAllowed(bucketPolicy, "s3:PutObject").filter((r) => r.includes(`::${lz.tools.accountId}:`))).toEqual([pipelineRole]);
    });

    // Written out by hand from the example file: which target roles act for which pipeline here.
    const readersByFolder: Record<string, Record<string, string[]>> = {
      "eu-west-1": {
        "orders-service": [actionRole("222222222222"), execRole("222222222222"), actionRole("444444444444"), execRole("444444444444")],
        "payments-container": [actionRole("333333333333")],
      },
      "eu-central-1": { "orders-service": [actionRole("222222222222"), execRole("222222222222"), actionRole("444444444444"), execRole("444444444444")] },
      "us-east-1": {
        "orders-service": [actionRole("444444444444"), execRole("444444444444")],
        "orders-service-from-": [actionRole("444444444444"), execRole("444444444444")],
      },
    };
    const folders = [
      "orders-service",
      "orders-service-from-",
      "orders-pull-requests",
      "payments-container",
      "data-jobs",
      "guardrails-stackset",
      "legacy-build",
    ];
    const targetRoles = (roles: string[]) => roles.filter((r) => !r.includes(`::${lz.tools.accountId}:`)).sort();

    it("lets each target role read exactly the folders of the pipelines that act in its account here, in the bucket policy", () => {
      for (const folder of folders) {
        const object = `arn:aws:s3:::${artifactBucket}/${folder}/BuildOutpu/abc1234`;
        expect([folder, targetRoles(rolesAllowed(bucketPolicy, "s3:GetObject", object))]).toEqual([
          folder,
          [...(readersByFolder[region]![folder] ?? [])].sort(),
        ]);
      }
      expect(targetRoles(rolesAllowed(bucketPolicy, "s3:GetObject", `arn:aws:s3:::${artifactBucket}/other/key`))).toEqual([]);
    });

    it("lets no target role write, since no target action of the example produces an artifact, in BOTH policies", () => {
      for (const folder of folders) {
        expect(targetRoles(rolesAllowed(bucketPolicy, "s3:PutObject", `arn:aws:s3:::${artifactBucket}/${folder}/BuildOutpu/abc1234`))).toEqual([]);
      }
      expect(targetRoles(rolesAllowed(keyPolicy, "kms:GenerateDataKey"))).toEqual([]);
      expect(targetRoles(rolesAllowed(keyPolicy, "kms:Encrypt"))).toEqual([]);
    });

    it("lets exactly those target roles decrypt with the key", () => {
      const readers = [...new Set(Object.values(readersByFolder[region]!).flat())].sort();
      expect(targetRoles(rolesAllowed(keyPolicy, "kms:Decrypt"))).toEqual(readers);
    });

    it("grants nothing to targets that do not deploy to this region", () => {
      const everyone = [...rolesAllowed(bucketPolicy, "s3:GetObject"), ...rolesAllowed(keyPolicy, "kms:Decrypt")];
      const granted = [...new Set(targetRoles(everyone).map((r) => r.split(":")[4]))].sort();
      // The accounts of the hand-written readers above, each a target that deploys to this region.
      const expected = [
        ...new Set(
          Object.values(readersByFolder[region]!)
            .flat()
            .map((r) => r.split(":")[4]),
        ),
      ].sort();
      expect(granted).toEqual(expected);
      const here = lz.targets.filter((t) => t.regions.includes(region)).map((t) => t.accountId);
      expect(granted.filter((account) => !here.includes(account!))).toEqual([]);
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

    // By hand, from the example file: the pipelines with actions in each target.
    const actingPipelines: Record<string, string[]> = { dev: ["orders-service"], staging: ["payments-container"], prod: ["orders-service"] };

    it("trusts exactly the roles of the pipelines that act in this account (by ARN, never by IAM path)", () => {
      const trust = JSON.parse(index.resolveString(stackId, String(action.assume_role_policy))) as PolicyDoc;
      expect(trust.Statement).toEqual([
        {
          Sid: "PipelineServiceRoles0",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${lz.tools.accountId}:root` },
          Action: "sts:AssumeRole",
          Condition: {
            ArnEquals: {
              "aws:PrincipalArn": [
                // The external pipeline declared in externalPipelines deploys to prod with a role of its own.
                ...(name === "prod" ? [role(lz.tools.accountId, "acme-orders-from-code")] : []),
                ...actingPipelines[name]!.map((p) => role(lz.tools.accountId, `codepipeline/${lz.name}/${lz.name}-pipeline-${p}`)),
              ],
            },
          },
        },
      ]);
    });

    it("lets only CloudFormation assume the execution role", () => {
      const trust = JSON.parse(String(exec.assume_role_policy)) as PolicyDoc;
      expect(trust.Statement).toEqual([
        { Sid: "CloudFormation", Effect: "Allow", Principal: { Service: "cloudformation.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    });

    it("reads only its pipelines' folders in the stores of the regions they act in, and writes nothing", () => {
      const [policyName] = Object.entries(index.resources(stackId, "aws_iam_role_policy")).find(
        ([, p]) => p.name === "artifact-stores" && String(p.role).includes(actionId),
      )!;
      const policy = index.policy(stackId, "aws_iam_role_policy", policyName);
      const regionsUsed: Record<string, string[]> = {
        dev: ["eu-west-1", "eu-central-1"],
        staging: ["eu-west-1"],
        prod: ["eu-west-1", "eu-central-1", "us-east-1"],
      };
      const buckets = regionsUsed[name]!.map((r) => `arn:aws:s3:::${lz.name}-cp-artifacts-${lz.tools.accountId}-${r}`);
      const keys = regionsUsed[name]!.map((r) => {
        const bucketName = `${lz.name}-cp-artifacts-${lz.tools.accountId}-${r}`;
        const [keyName] = Object.entries(index.resources(`tools-${r}`, "aws_kms_key")).find(([, k]) => String(k.description).includes(bucketName))!;
        return index.resolveString(`tools-${r}`, `\${aws_kms_key.${keyName}.arn}`);
      });
      const bySid = Object.fromEntries(policy.Statement.map((st) => [st.Sid, { actions: asList(st.Action), resources: asList(st.Resource).sort() }]));
      expect(bySid).toEqual({
        ArtifactRead: {
          actions: ["s3:GetObject", "s3:GetObjectVersion"],
          resources: [
            ...buckets.flatMap((b) => actingPipelines[name]!.map((p) => `${b}/${p}/*`)),
            ...(name === "prod" ? [`${buckets[2]}/orders-service-from-/*`] : []),
          ].sort(),
        },
        ArtifactBuckets: { actions: ["s3:GetBucketLocation", "s3:ListBucket"], resources: [...buckets].sort() },
        ArtifactKeysRead: { actions: ["kms:Decrypt", "kms:DescribeKey"], resources: [...keys].sort() },
      });
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

  it("pins the Terraform CLI of every stack at 1.10 or later (the S3 lock file)", () => {
    for (const s of stacks) expect({ stack: s.id, required: s.json.terraform?.required_version }).toEqual({ stack: s.id, required: ">= 1.10.0" });
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
    // Roles of later waves may appear only as aws:PrincipalArn condition values, never as principals:
    // every principal of every (resolved) policy of the tools stacks, arrays included.
    const principals: string[] = [];
    for (const s of stacks.filter((x) => x.id.startsWith("tools-"))) {
      for (const byName of Object.values(s.json.resource ?? {})) {
        for (const body of Object.values(byName as Record<string, Record<string, unknown>>)) {
          for (const value of Object.values(body)) {
            if (typeof value !== "string" || !value.includes("Statement")) continue;
            const doc = JSON.parse(index.resolveString(s.id, value)) as PolicyDoc;
            for (const st of doc.Statement) {
              if (st.Principal && st.Principal !== "*") principals.push(...asList(st.Principal.AWS));
            }
          }
        }
      }
    }
    const laterRoles = principals.filter((p) => lz.targets.some((t) => p.startsWith(`arn:aws:iam::${t.accountId}:`) && !p.endsWith(":root")));
    expect(laterRoles).toEqual([]);
    // Not vacuous: the target accounts are named, as roots narrowed by conditions.
    expect(lz.targets.filter((t) => !principals.includes(`arn:aws:iam::${t.accountId}:root`))).toEqual([]);
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

  it("passes the provider schema check for every resource of every stack", () => {
    const report = checkSynthOutput(outdir, providerSchema());
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
        expect(admins.sort()).toEqual([role(account, lz.providerRole.name), ...lz.keyAdministratorRoleNames.map((n) => role(account, n))].sort());
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
