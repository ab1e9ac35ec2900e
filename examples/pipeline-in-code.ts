/**
 * A pipeline built in TypeScript instead of the landing-zone file, in another cdktf app that reads
 * the landing zone's outputs through remote state. Compiled by `npm test` and synthesized by
 * test/examples.test.ts, so it stays true. Run as a script (`npx tsx examples/pipeline-in-code.ts`), it
 * writes to cdktf.out.examples/pipeline-in-code, never to the landing zone's cdktf.out.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { LogGroupKey } from "@acme-platform/codepipeline-landing-zone/modules/log-group-key";
import {
  cloudFormationChangeSetPair,
  CodeBuildAction,
  CodeStarConnectionSourceAction,
  Pipeline,
} from "@acme-platform/codepipeline-landing-zone/modules/pipeline";
import { TargetState, ToolsPrimaryState } from "@acme-platform/codepipeline-landing-zone/stacks";

const state = { bucket: "acme-terraform-state-111111111111", region: "eu-west-1", keyPrefix: "codepipeline-landing-zone" };

export class OrdersPipelineStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
    const tools = new ToolsPrimaryState(this, "tools", { state, region: "eu-west-1" });
    const prod = new TargetState(this, "prod", { state, targetName: "prod" });

    // The build's log group is encrypted with a key of our own (one per region serves every log group).
    const logKey = new LogGroupKey(this, "build-logs", {
      region: "eu-west-1",
      accountId: "111111111111",
      keyAdministratorArns: ["arn:aws:iam::111111111111:role/acme-terraform-deploy"],
    });

    new Pipeline(this, "orders", {
      pipelineName: "orders-service-from-code",
      executionMode: "QUEUED",
      // Its own role, declared with its actions under externalPipelines in the landing-zone file: the
      // prod action role trusts exactly this role, and it reads only this pipeline's artifact folder.
      roleName: "acme-orders-from-code",
      accountId: "111111111111",
      region: "eu-west-1",
      artifactStores: { "eu-west-1": tools, "us-east-1": tools.artifactStore("us-east-1") },
      logEncryptionKeys: { "eu-west-1": logKey },
      triggers: [{ sourceActionName: "Source", push: [{ branches: { includes: ["main"] }, filePaths: { includes: ["services/orders/**"] } }] }],
      stages: [
        {
          name: "Source",
          actions: [
            new CodeStarConnectionSourceAction({
              actionName: "Source",
              connectionArn: "arn:aws:codeconnections:eu-west-1:111111111111:connection/6a1f0b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b",
              fullRepositoryId: "acme/monorepo",
              branchName: "main",
              output: "Src",
            }),
          ],
        },
        {
          name: "Build",
          actions: [
            new CodeBuildAction({ actionName: "Build", inputs: ["Src"], outputs: ["Out"], project: { buildspecFile: "services/orders/buildspec.yml" } }),
          ],
        },
        {
          name: "Production",
          actions: cloudFormationChangeSetPair({
            prepareActionName: "Prepare",
            executeActionName: "Execute",
            stackName: "orders-service",
            changeSetName: "release",
            templatePath: "Out::cfn/orders.yaml",
            inputs: ["Out"],
            region: "us-east-1",
            roleArn: prod.actionRoleArn,
            deploymentRoleArn: prod.cloudFormationExecutionRoleArn,
          }),
        },
      ],
    });
  }
}

if (require.main === module) {
  // Its own output folder (CDKTF_OUTDIR when set), never cdktf's default `cdktf.out`: that is the landing
  // zone's synth output, which `npm run waves`, `plan-order`, `diagram` and `verify:access` read, and this
  // app's stack and manifest.json would replace the landing zone's there.
  const outdir = process.env.CDKTF_OUTDIR ?? path.join("cdktf.out.examples", "pipeline-in-code");
  // cdktf creates only the last folder of its outdir.
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  new OrdersPipelineStack(app, "orders-pipeline");
  app.synth();
}
