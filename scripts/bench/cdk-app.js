/**
 * The bench's AWS CDK app: the same topology as the landing zone's fan-out (verify/landing-zones.ts
 * largeLandingZone), written as a CDK user would with aws-cdk-lib's codepipeline constructs.
 *
 *   node cdk-app.js N OUTDIR   (run from the bench's cache folder, where aws-cdk-lib is installed)
 *
 * Stacks: tools-<region> (artifact bucket + KMS key) in the tools account for each region,
 * target-<name> (cross-account action role + CloudFormation deployment role) for each of N target
 * accounts, and pipelines-<primary> with fan-out pipelines deploying one CloudFormation stack to
 * each target x region through the target's roles. Prints one JSON line: stack count, build and synth times (ms), peak memory.
 */

const { performance } = require("node:perf_hooks");

const cdk = require("aws-cdk-lib");
const codepipeline = require("aws-cdk-lib/aws-codepipeline");
const actions = require("aws-cdk-lib/aws-codepipeline-actions");
const iam = require("aws-cdk-lib/aws-iam");
const kms = require("aws-cdk-lib/aws-kms");
const s3 = require("aws-cdk-lib/aws-s3");

const n = Number(process.argv[2]);
const outdir = process.argv[3];
const TOOLS = "111111111111";
const PRIMARY = "eu-west-1";
const REGIONS = [PRIMARY, "eu-central-1", "us-east-1"];
const CONNECTION = "arn:aws:codeconnections:eu-west-1:111111111111:connection/6a1f0b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b";
// CodePipeline quotas: 50 actions per stage, 50 stages per pipeline (one of them the source).
const ACTIONS_PER_STAGE = 50;
const DEPLOY_STAGES_PER_PIPELINE = 49;

class ToolsStack extends cdk.Stack {
  constructor(scope, region) {
    super(scope, `tools-${region}`, { env: { account: TOOLS, region } });
    const key = new kms.Key(this, "ArtifactKey", { enableKeyRotation: true });
    // An alias with a name, so that a pipeline in another region can name the key.
    const alias = key.addAlias(`alias/codepipeline-artifacts-${region}`);
    this.bucket = new s3.Bucket(this, "Artifacts", {
      bucketName: `acme-codepipeline-artifacts-${region}-${TOOLS}`,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: alias,
      bucketKeyEnabled: true,
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });
  }
}

class TargetStack extends cdk.Stack {
  constructor(scope, name, account) {
    super(scope, `target-${name}`, { env: { account, region: PRIMARY } });
    this.actionRole = new iam.Role(this, "ActionRole", {
      roleName: "acme-codepipeline-action",
      assumedBy: new iam.AccountPrincipal(TOOLS),
    });
    this.deploymentRole = new iam.Role(this, "CloudFormationRole", {
      roleName: "acme-cloudformation-execution",
      assumedBy: new iam.ServicePrincipal("cloudformation.amazonaws.com"),
    });
  }
}

const t = performance.now();
const app = new cdk.App({ outdir });
const tools = new Map(REGIONS.map((region) => [region, new ToolsStack(app, region)]));
const targets = Array.from({ length: n }, (_, i) => new TargetStack(app, `team${i}`, String(500000000000 + i)));
const pipelines = new cdk.Stack(app, `pipelines-${PRIMARY}`, { env: { account: TOOLS, region: PRIMARY } });
const deploys = targets.flatMap((target) => REGIONS.map((region) => ({ target, region })));
const perPipeline = ACTIONS_PER_STAGE * DEPLOY_STAGES_PER_PIPELINE;
const pipelineCount = Math.ceil(deploys.length / perPipeline);
for (let p = 0; p < pipelineCount; p++) {
  const name = pipelineCount === 1 ? "baseline-fanout" : `baseline-fanout-${p + 1}`;
  const templates = new codepipeline.Artifact("Templates");
  const pipeline = new codepipeline.Pipeline(pipelines, name, {
    pipelineName: name,
    pipelineType: codepipeline.PipelineType.V2,
    crossAccountKeys: true,
    // The pipeline's own region included: its bucket is the pipeline's artifact bucket.
    crossRegionReplicationBuckets: Object.fromEntries(REGIONS.map((r) => [r, tools.get(r).bucket])),
  });
  pipeline.addStage({
    stageName: "Source",
    actions: [
      new actions.CodeStarConnectionsSourceAction({
        actionName: "Source",
        connectionArn: CONNECTION,
        owner: "acme",
        repo: "guardrails",
        branch: "main",
        output: templates,
      }),
    ],
  });
  const mine = deploys.slice(p * perPipeline, (p + 1) * perPipeline);
  for (let s = 0; s * ACTIONS_PER_STAGE < mine.length; s++) {
    pipeline.addStage({
      stageName: `Deploy${s + 1}`,
      actions: mine.slice(s * ACTIONS_PER_STAGE, (s + 1) * ACTIONS_PER_STAGE).map(
        ({ target, region }) =>
          new actions.CloudFormationCreateUpdateStackAction({
            actionName: `${target.node.id.replace(/^target-/, "")}-${region}`,
            stackName: "baseline",
            templatePath: templates.atPath("baseline.yaml"),
            adminPermissions: false,
            region,
            role: target.actionRole,
            deploymentRole: target.deploymentRole,
          }),
      ),
    });
  }
}
const built = performance.now();
app.synth();
const synthesized = performance.now();
process.stdout.write(
  `${JSON.stringify({
    stacks: app.node.children.filter((c) => c instanceof cdk.Stack).length,
    build: built - t,
    synth: synthesized - built,
    peakMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
