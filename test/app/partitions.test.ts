import { runApp } from "../../app";
import { proveAccess } from "../../verify/access-proof";
import { chinaLandingZone, GOVCLOUD_LANDING_ZONE, govCloudLandingZone } from "../../verify/landing-zones";
import { readSynthOutput, SynthesizedStack } from "../../synth/wiring";
import { exampleInput, loadProblems, tempDir, writeConfig } from "../fixtures/landing-zone";

/** Every string in a JSON value (policy documents are strings too, searched as text). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => strings(v, out));
  return out;
}

/** Resources of one type across the stacks, with their stack. */
function resources(stacks: readonly SynthesizedStack[], type: string): { stack: string; body: Record<string, any> }[] {
  return stacks.flatMap((s) =>
    Object.values(((s.json as any).resource?.[type] ?? {}) as Record<string, Record<string, any>>).map((body) => ({ stack: s.id, body })),
  );
}

/** The app command (synth, guardrails, proof) on a landing zone; its log and written stacks. */
async function app(config: string): Promise<{ lines: string[]; stacks: SynthesizedStack[] }> {
  const outdir = tempDir("lz-partition-");
  const lines: string[] = [];
  const r = await runApp({ CDKTF_OUTDIR: outdir, LANDING_ZONE_CONFIG: config }, (l) => lines.push(l));
  expect(r).toEqual({ exitCode: 0 });
  return { lines, stacks: readSynthOutput(outdir) };
}

const problems = loadProblems;

describe("a GovCloud landing zone (config/example-govcloud)", () => {
  let run: { lines: string[]; stacks: SynthesizedStack[] };
  // A whole synth and proof; the machine may be shared, so more than jest's default 5 s.
  beforeAll(async () => {
    run = await app(GOVCLOUD_LANDING_ZONE);
  }, 60_000);

  it("synthesizes through the app command with guardrails and the access proof passing", () => {
    const text = run.lines.join("\n");
    expect(text).toMatch(/^ {2}guardrails: 24 rules over the \d+ resources they apply to: 0 errors, 0 warnings, 0 suppressed$/m);
    expect(text).toMatch(/^ {2}access proof: [1-9]\d* paths, 0 failed$/m);
    expect(run.stacks.map((s) => s.id).sort()).toEqual(["pipelines-us-gov-west-1", "target-dev", "target-prod", "tools-us-gov-east-1", "tools-us-gov-west-1"]);
  });

  it("names only aws-us-gov ARNs, none of another partition", () => {
    const all = strings(run.stacks.map((s) => s.json)).join("\n");
    expect(all).not.toMatch(/arn:aws:|arn:aws-cn:/);
    expect(all.match(/arn:aws-us-gov:/g)!.length).toBeGreaterThan(100);
  });

  it("builds the pipeline role, the pipelines and the action roles with GovCloud ARNs and the documented service principals", () => {
    const roles = resources(run.stacks, "aws_iam_role");
    const pipelineRole = roles.find((r) => r.body.name === "acme-gov-pipeline-orders-service")!;
    expect(JSON.parse(pipelineRole.body.assume_role_policy).Statement[0].Principal).toEqual({ Service: "codepipeline.amazonaws.com" });
    const actionRole = roles.find((r) => r.stack === "target-prod" && r.body.name === "acme-gov-codepipeline-action")!;
    const trust = JSON.parse(actionRole.body.assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ AWS: "arn:aws-us-gov:iam::111111111111:root" });
    expect(trust.Condition.ArnEquals["aws:PrincipalArn"]).toEqual(
      expect.arrayContaining([
        "arn:aws-us-gov:iam::111111111111:role/codepipeline/acme-gov/acme-gov-pipeline-orders-service",
        "arn:aws-us-gov:iam::111111111111:role/acme-gov-orders-from-code",
      ]),
    );
    const cfnRole = roles.find(
      (r) => r.stack === "target-prod" && JSON.parse(r.body.assume_role_policy).Statement[0].Principal.Service === "cloudformation.amazonaws.com",
    );
    expect(cfnRole).toBeDefined();
    expect(pipelineRole.body.path).toBe("/codepipeline/acme-gov/");
    expect(strings(run.stacks.map((s) => s.json)).join("\n")).toContain("arn:aws-us-gov:codepipeline:us-gov-west-1:111111111111:orders-service");
    const policies = resources(run.stacks, "aws_iam_role_policy")
      .map((p) => String(p.body.policy))
      .join("\n");
    expect(policies).toContain("arn:aws-us-gov:cloudformation:us-gov-east-1:444444444444:stack/orders-service/*");
    expect(policies).toContain("arn:aws-us-gov:s3:::acme-gov-orders-source-111111111111");
  });

  it("keeps the audit trail and the state backend in GovCloud", () => {
    const trail = resources(run.stacks, "aws_cloudtrail")[0]!;
    expect(trail.stack).toBe("tools-us-gov-west-1");
    const backend = (run.stacks[0]!.json as any).terraform.backend.s3;
    expect(backend).toMatchObject({ region: "us-gov-west-1" });
    expect(backend.assume_role.role_arn).toBe("arn:aws-us-gov:iam::111111111111:role/acme-gov-terraform-state");
  });

  it("fails the proof when a stack names an ARN of another partition, which the evaluator alone would not notice for an account principal", async () => {
    const tampered = run.stacks.map((s) =>
      s.id === "target-prod"
        ? { ...s, json: JSON.parse(JSON.stringify(s.json).replaceAll("arn:aws-us-gov:iam::111111111111:root", "arn:aws:iam::111111111111:root")) }
        : s,
    );
    const proof = await proveAccess(tampered);
    const partition = proof.rows.filter((r) => r.kind === "every ARN is in the partition of its stack's region");
    expect(partition.length).toBeGreaterThan(0);
    expect(partition.every((r) => !r.pass && r.principal === "target-prod" && r.resource === "arn:aws:iam::111111111111:root")).toBe(true);
    expect(proof.failed).toBe(partition.length);
  });
});

describe("a China landing zone", () => {
  it("synthesizes with arn:aws-cn ARNs only, and guardrails and the access proof pass", async () => {
    const { lines, stacks } = await app(writeConfig(chinaLandingZone()));
    expect(lines.join("\n")).toMatch(/^ {2}access proof: [1-9]\d* paths, 0 failed$/m);
    const all = strings(stacks.map((s) => s.json)).join("\n");
    expect(all).not.toMatch(/arn:aws:|arn:aws-us-gov:/);
    expect(all).toContain("arn:aws-cn:iam::444444444444:policy/acme-cn-prod-deploy");
    expect(all).toContain("arn:aws-cn:cloudtrail:cn-north-1:111111111111:trail/");
    const stores = resources(stacks, "aws_s3_bucket").map((b) => `${b.stack} ${b.body.bucket}`);
    expect(stores).toEqual(
      expect.arrayContaining([
        "tools-cn-north-1 acme-cn-cp-artifacts-111111111111-cn-north-1",
        "tools-cn-northwest-1 acme-cn-cp-artifacts-111111111111-cn-northwest-1",
      ]),
    );
  }, 60_000);
});

describe("one partition per landing zone", () => {
  it("rejects a region of another partition, naming the JSON path, the landing zone's partition and the fix", () => {
    const lz = govCloudLandingZone();
    lz.targets[0].regions = ["us-gov-west-1", "us-east-1"];
    expect(problems(lz)).toContain(
      'targets[0].regions[1]: "us-east-1" is a region of AWS commercial (aws), but this landing zone is in AWS GovCloud (US) (aws-us-gov), set by tools.primaryRegion "us-gov-west-1"; use a region of aws-us-gov (us-gov-east-1, us-gov-west-1); a landing zone spans one partition, so put the other partition\'s accounts in a landing zone of their own',
    );
  });

  it('rejects GovCloud and China regions in a commercial landing zone (no "did you mean" across partitions)', () => {
    const lz = exampleInput();
    lz.tools.replicaRegions = ["eu-central-1", "us-east-1", "us-gov-west-1"];
    lz.state.region = "cn-north-1";
    const got = problems(lz);
    expect(got).toContain(
      'tools.replicaRegions[2]: "us-gov-west-1" is a region of AWS GovCloud (US) (aws-us-gov), but this landing zone is in AWS commercial (aws), set by tools.primaryRegion "eu-west-1"; use a region of aws (' +
        "af-south-1, ap-east-1, ap-east-2, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-south-2, ap-southeast-1, ap-southeast-2, ap-southeast-3, ap-southeast-4, ap-southeast-5, ap-southeast-6, ap-southeast-7, ca-central-1, ca-west-1, eu-central-1, eu-central-2, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-2, eu-west-3, il-central-1, me-central-1, me-south-1, mx-central-1, sa-east-1, us-east-1, us-east-2, us-west-1, us-west-2" +
        "); a landing zone spans one partition, so put the other partition's accounts in a landing zone of their own",
    );
    expect(
      got.some((p) => p.startsWith('state.region: "cn-north-1" is a region of AWS China (aws-cn), but this landing zone is in AWS commercial (aws)')),
    ).toBe(true);
  });

  it("rejects an ARN of another partition the user wrote, with the ARN rewritten as the fix", () => {
    const lz = govCloudLandingZone();
    lz.targets[1].cloudFormationExecutionPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"];
    lz.state.roleArn = "arn:aws-cn:iam::111111111111:role/acme-gov-terraform-state";
    const got = problems(lz);
    expect(got).toContain(
      'targets[1].cloudFormationExecutionPolicyArns[0]: "arn:aws:iam::aws:policy/ReadOnlyAccess" is an ARN of partition aws, but this landing zone is in AWS GovCloud (US) (aws-us-gov), set by tools.primaryRegion "us-gov-west-1": IAM in aws-us-gov cannot grant or use resources of another partition; write it as "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess" if that resource exists in aws-us-gov',
    );
    expect(got.some((p) => p.startsWith('state.roleArn: "arn:aws-cn:iam::111111111111:role/acme-gov-terraform-state" is an ARN of partition aws-cn'))).toBe(
      true,
    );
  });

  it("rejects an ARN whose region is in another partition, and ARNs of other partitions anywhere in a pipeline", () => {
    const lz = govCloudLandingZone();
    const run = lz.pipelines[1].stages[1].actions;
    run[1].stateMachineArn = "arn:aws-us-gov:states:us-east-1:111111111111:stateMachine:acme-gov-data-jobs";
    lz.pipelines[0].events[2].target.functionArn = "arn:aws:lambda:us-gov-west-1:111111111111:function:acme-gov-release-tracker";
    const got = problems(lz);
    expect(got).toContain(
      'pipelines[1].stages[1].actions[1].stateMachineArn: "arn:aws-us-gov:states:us-east-1:111111111111:stateMachine:acme-gov-data-jobs" names region us-east-1, of aws, but this landing zone is in AWS GovCloud (US) (aws-us-gov), set by tools.primaryRegion "us-gov-west-1"; use a region of aws-us-gov (us-gov-east-1, us-gov-west-1); a landing zone spans one partition, so put the other partition\'s accounts in a landing zone of their own',
    );
    expect(
      got.some((p) =>
        p.startsWith(
          'pipelines[0].events[2].target.functionArn: "arn:aws:lambda:us-gov-west-1:111111111111:function:acme-gov-release-tracker" is an ARN of partition aws,',
        ),
      ),
    ).toBe(true);
  });

  it("accepts the commercial example unchanged (no partition problem)", () => {
    expect(problems(exampleInput())).toEqual([]);
  });
});

describe("features a partition does not offer", () => {
  it("GovCloud: a CodeConnections source in us-gov-west-1, with the page that says so", () => {
    const lz = govCloudLandingZone();
    lz.pipelines[0].stages[0].actions[0] = {
      type: "codestar-source",
      name: "Source",
      connectionArn: "arn:aws-us-gov:codeconnections:us-gov-west-1:111111111111:connection/6a1f0b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b",
      fullRepositoryId: "acme/orders",
      branchName: "main",
      output: "SourceCode",
      namespace: "SourceVars",
    };
    expect(problems(lz)).toContain(
      "pipelines[0].stages[0].actions[0].type: CodeConnections (CodeStarSourceConnection source actions) is not available in AWS GovCloud (US-West) (https://docs.aws.amazon.com/codepipeline/latest/userguide/connections-gitlab-managed.html); use an s3-source action, or make us-gov-east-1 the tools.primaryRegion, where the pipelines run",
    );
  });

  it("GovCloud: CodeBuild ARM and Windows environments, 2xlarge compute and batch builds", () => {
    const lz = govCloudLandingZone();
    const build = lz.pipelines[0].stages[1].actions[0];
    build.project.environmentType = "ARM_CONTAINER";
    build.project.computeType = "BUILD_GENERAL1_2XLARGE";
    build.project.batchBuilds = {};
    lz.pipelines[0].stages[1].actions[1].project.environmentType = "WINDOWS_SERVER_2022_CONTAINER";
    const doc = "https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/govcloud-acb.html";
    expect(problems(lz)).toEqual(
      expect.arrayContaining([
        `pipelines[0].stages[1].actions[0].project.environmentType: ARM environment types are not available in AWS GovCloud (US) CodeBuild (${doc}); use LINUX_CONTAINER`,
        `pipelines[0].stages[1].actions[0].project.computeType: 2xlarge compute types are not available in AWS GovCloud (US) CodeBuild (${doc}); use BUILD_GENERAL1_XLARGE or smaller`,
        `pipelines[0].stages[1].actions[0].project.batchBuilds: Batch builds (batch configuration) are not available in AWS GovCloud (US) CodeBuild (${doc}); remove batchBuilds (and batchEnabled)`,
        `pipelines[0].stages[1].actions[1].project.environmentType: Windows images are not available in AWS GovCloud (US) CodeBuild (${doc}); use LINUX_CONTAINER`,
      ]),
    );
  });

  it("GovCloud: Slack notifications through AWS Chatbot, whose API is commercial only", () => {
    const lz = govCloudLandingZone();
    lz.pipelines[0].notifications = { slack: { workspaceId: "T0123ABCD", channelId: "C0456EFGH" } };
    expect(problems(lz)).toEqual([
      "pipelines[0].notifications.slack: AWS Chatbot (Amazon Q Developer in chat applications) has its API only in commercial regions (us-east-2, us-west-2, ap-southeast-1, eu-west-1; https://docs.aws.amazon.com/chatbot/latest/APIReference/Welcome.html), not in aws-us-gov; remove notifications.slack",
    ]);
  });

  it("China: pipelines, external pipelines, custom action types and notifications (no CodePipeline, no CodeStar Notifications)", () => {
    const lz = chinaLandingZone();
    lz.pipelines = [
      {
        name: "orders",
        stages: [
          {
            name: "Source",
            actions: [
              { type: "s3-source", name: "Source", bucket: { create: true, bucketName: "acme-cn-orders-source" }, objectKey: "src.zip", output: "Src" },
            ],
          },
          {
            name: "Deploy",
            actions: [
              {
                type: "cloudformation",
                name: "Deploy",
                account: "prod",
                actionMode: "CREATE_UPDATE",
                stackName: "orders",
                inputs: ["Src"],
                templatePath: "Src::t.yaml",
              },
            ],
          },
        ],
        notifications: {},
      },
    ];
    lz.externalPipelines = [{ name: "elsewhere", roleArn: "arn:aws-cn:iam::111111111111:role/elsewhere", actions: [{ account: "prod" }] }];
    const got = problems(lz);
    const cp =
      "AWS CodePipeline is not available in the China Regions (Beijing, Ningxia) (https://docs.amazonaws.cn/en_us/aws/latest/userguide/codebuild.html)";
    expect(got).toEqual(
      expect.arrayContaining([
        `pipelines: ${cp}; remove the pipelines, or build them in a landing zone of another partition`,
        `externalPipelines: ${cp}; remove the external pipelines`,
        "pipelines[0].notifications: CodeStar Notifications (notification rules) are not available in the China Regions (https://docs.amazonaws.cn/en_us/codepipeline/latest/userguide/notification-rule-create.html); remove notifications, or use events with an sns target instead",
      ]),
    );
  });

  it("commercial landing zones keep every feature (the example uses connections, Slack and notifications)", () => {
    const lz = exampleInput();
    lz.pipelines[0].stages[1].actions[0].project.batchBuilds = {};
    expect(problems(lz)).toEqual([]);
  });
});
