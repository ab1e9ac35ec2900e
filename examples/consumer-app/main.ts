/**
 * A team's own cdktf app, in its own repository, on top of the landing zone: it reads the tools
 * account's pipeline store and the target accounts' roles through the typed remote-state readers,
 * adds one pipeline that deploys into the staging and prod accounts, and applies the guardrails.
 * The action roles of staging and prod trust this pipeline's role only once the landing-zone file
 * lists it under `externalPipelines` (name, roleArn, and one entry per account and region it acts in).
 */
import * as path from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CodePipelineGuardrails, formatGuardrailReport, runGuardrails } from "@acme-platform/codepipeline-landing-zone/guardrails";
import { LogGroupKey } from "@acme-platform/codepipeline-landing-zone/modules/log-group-key";
import {
  CloudFormationDeployAction,
  CodeBuildAction,
  CodeStarConnectionSourceAction,
  ManualApprovalAction,
  Pipeline,
} from "@acme-platform/codepipeline-landing-zone/modules/pipeline";
import { TargetState, ToolsPrimaryState, type LandingZoneStateLocation } from "@acme-platform/codepipeline-landing-zone/stacks";

const TOOLS_ACCOUNT = "111111111111";
const REGION = "eu-west-1";
// Where the landing zone keeps its Terraform state (its landing-zone file's "state" block).
const state: LandingZoneStateLocation = { bucket: "acme-terraform-state-111111111111", region: REGION, keyPrefix: "codepipeline-landing-zone" };

export class PaymentsPipelineStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: REGION, allowedAccountIds: [TOOLS_ACCOUNT] });
    const tools = new ToolsPrimaryState(this, "tools", { state, region: REGION });
    const staging = new TargetState(this, "staging", { state, targetName: "staging" });
    const prod = new TargetState(this, "prod", { state, targetName: "prod" });
    const logKey = new LogGroupKey(this, "build-logs", {
      region: REGION,
      accountId: TOOLS_ACCOUNT,
      keyAdministratorArns: [`arn:aws:iam::${TOOLS_ACCOUNT}:role/acme-terraform-deploy`],
    });

    const deploy = (name: string, target: TargetState) =>
      new CloudFormationDeployAction({
        actionName: name,
        actionMode: "CREATE_UPDATE",
        stackName: "payments-service",
        templatePath: "Out::cfn/payments.yaml",
        inputs: ["Out"],
        capabilities: ["CAPABILITY_IAM"],
        roleArn: target.actionRoleArn,
        deploymentRoleArn: target.cloudFormationExecutionRoleArn,
      });

    new Pipeline(this, "payments", {
      pipelineName: "payments-service",
      executionMode: "QUEUED",
      roleName: "acme-payments-pipeline",
      accountId: TOOLS_ACCOUNT,
      region: REGION,
      artifactStores: { [REGION]: tools },
      logEncryptionKeys: { [REGION]: logKey },
      triggers: [{ sourceActionName: "Source", push: [{ branches: { includes: ["main"] } }] }],
      stages: [
        {
          name: "Source",
          actions: [
            new CodeStarConnectionSourceAction({
              actionName: "Source",
              connectionArn: `arn:aws:codeconnections:${REGION}:${TOOLS_ACCOUNT}:connection/0f3c6d2e-5b7a-4c1d-9e8f-2a3b4c5d6e7f`,
              fullRepositoryId: "acme/payments",
              branchName: "main",
              output: "Src",
            }),
          ],
        },
        {
          name: "Build",
          actions: [new CodeBuildAction({ actionName: "Build", inputs: ["Src"], outputs: ["Out"], project: { buildspecFile: "buildspec.yml" } })],
        },
        { name: "Staging", actions: [deploy("Deploy", staging)] },
        {
          name: "Approve",
          actions: [new ManualApprovalAction({ actionName: "Approve", notification: { create: true, emailSubscribers: ["payments-releases@example.com"] } })],
        },
        { name: "Production", actions: [deploy("Deploy", prod)] },
      ],
    });
  }
}

// Writes beside this file, as cdktf.json's "output" says, from whatever directory it is run (CDKTF_OUTDIR,
// which `cdktf synth` sets, wins): run from another app's directory, it must not replace that app's cdktf.out.
const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? path.join(__dirname, "cdktf.out") });
new PaymentsPipelineStack(app, "payments-pipeline");
// The Aspect reports on the constructs (cdktf synth fails on an error); the runner prints them all first.
CodePipelineGuardrails.addTo(app);
const report = runGuardrails(app);
if (report.errorCount > 0) throw new Error(formatGuardrailReport(report));
app.synth();
