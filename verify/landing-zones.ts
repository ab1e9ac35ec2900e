/**
 * The landing zones the real-engine checks and the benchmark run on: the embedded example, a large
 * generated one (many targets, one fan-out pipeline), a minimal one (one region, one target), and
 * one in each other partition (the GovCloud example, and a China one).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EXAMPLE_LANDING_ZONE } from "../config/load";
import { parseJsonText } from "../config/json-text";
import { arnPrefix } from "../modules/shared/partition";

export function exampleLandingZone(): Record<string, any> {
  return JSON.parse(fs.readFileSync(EXAMPLE_LANDING_ZONE, "utf8"));
}

/** CodePipeline's ceiling for one pipeline: 50 stages of 50 actions, one stage being the source. */
const DEPLOYS_PER_PIPELINE = 49 * 50;

/**
 * The example with `n` more targets in every tools region, deployed by fan-out pipelines (one
 * CloudFormation action per account and region, as many pipelines as CodePipeline's 50 stages
 * need), in an organization so that grants to many accounts stay within policy size limits.
 */
export function largeLandingZone(n: number): Record<string, any> {
  const lz = exampleLandingZone();
  const regions = [lz.tools.primaryRegion, ...lz.tools.replicaRegions];
  lz.organization = { id: "o-a1b2c3d4e5" };
  for (let i = 0; i < n; i++) {
    lz.targets.push({ name: `team${i}`, accountId: String(500000000000 + i), regions });
  }
  const names: string[] = lz.targets.map((t: { name: string }) => t.name);
  const targetRegions = new Map<string, string[]>(lz.targets.map((t: { name: string; regions: string[] }) => [t.name, t.regions]));
  const deploys = names.flatMap((t) =>
    regions
      .filter((r) => targetRegions.get(t)!.includes(r))
      .map((r) => ({
        type: "cloudformation",
        name: `${t}-${r}`,
        account: t,
        region: r,
        actionMode: "CREATE_UPDATE",
        stackName: "baseline",
        inputs: ["Templates"],
        templatePath: "Templates::baseline.yaml",
      })),
  );
  const source = lz.pipelines.find((p: { name: string }) => p.name === "guardrails-stackset").stages[0].actions[0];
  const count = Math.ceil(deploys.length / DEPLOYS_PER_PIPELINE);
  for (let i = 0; i < count; i++) {
    lz.pipelines.push({
      name: count === 1 ? "baseline-fanout" : `baseline-fanout-${i + 1}`,
      stages: [
        { name: "Source", actions: [{ ...source, name: "Source", output: "Templates" }] },
        { name: "Deploy", actions: deploys.slice(i * DEPLOYS_PER_PIPELINE, (i + 1) * DEPLOYS_PER_PIPELINE) },
      ],
    });
  }
  return lz;
}

/** The least a landing-zone file can say: one region, one target, no pipeline. */
export function minimalLandingZone(): Record<string, any> {
  const example = exampleLandingZone();
  return {
    name: "mini",
    tools: { accountId: example.tools.accountId, primaryRegion: example.tools.primaryRegion },
    targets: [{ name: "prod", accountId: "444444444444", regions: [example.tools.primaryRegion] }],
    state: { bucket: "mini-terraform-state-111111111111", region: example.tools.primaryRegion },
    providerRole: { name: "mini-terraform-deploy" },
  };
}

/**
 * The example plus one pipeline that uses every action type, source and stage-condition rule the
 * landing zone supports, cross-account and cross-region, with CODEBUILD_CLONE_REF sources, a
 * self-managed stack set and CodeDeploy to instances. The documented-permissions table is compared
 * with what this one emits.
 */
export function allActionTypesLandingZone(): Record<string, any> {
  const lz = exampleLandingZone();
  const connection = lz.pipelines[0].stages[0].actions[0].connectionArn;
  const dev = lz.targets.find((t: { name: string }) => t.name === "dev");
  dev.codeDeployInstanceRoleNames = ["acme-dev-web-instances"];
  const [tools, devAccount] = [lz.tools.accountId, dev.accountId];
  const devStack = (name: string, region: string, runOrder = 1) => ({
    type: "cloudformation",
    name,
    account: "dev",
    region,
    runOrder,
    actionMode: "CREATE_UPDATE",
    stackName: "every-action",
    inputs: ["BuildOut"],
    templatePath: "BuildOut::stack.yaml",
  });
  lz.pipelines.push({
    name: "every-action",
    executionMode: "QUEUED",
    stages: [
      {
        name: "Source",
        actions: [
          {
            type: "codestar-source",
            name: "Code",
            namespace: "CodeVars",
            connectionArn: connection,
            fullRepositoryId: "acme/every-action",
            branchName: "main",
            output: "Code",
          },
          {
            type: "codestar-source",
            name: "CodeRef",
            connectionArn: connection,
            fullRepositoryId: "acme/every-action",
            branchName: "main",
            output: "CodeRef",
            outputArtifactFormat: "CODEBUILD_CLONE_REF",
          },
          {
            type: "codecommit-source",
            name: "Repo",
            repositoryName: "every-action",
            branchName: "main",
            output: "Repo",
            outputArtifactFormat: "CODEBUILD_CLONE_REF",
          },
          {
            type: "s3-source",
            name: "Upload",
            bucket: { bucketName: `acme-every-action-uploads-${tools}`, versioned: true },
            objectKey: "bundle.zip",
            output: "Upload",
          },
          { type: "ecr-source", name: "Image", namespace: "ImageVars", repositoryName: "every-action", imageTag: "release", output: "Image" },
        ],
      },
      {
        name: "Build",
        actions: [
          {
            type: "codebuild",
            name: "Build",
            inputs: ["Repo", "CodeRef", "Code"],
            primarySource: "Repo",
            outputs: ["BuildOut"],
            project: { buildspecFile: "buildspec.yml" },
          },
          { type: "codebuild", name: "UnitTests", category: "Test", inputs: ["CodeRef"], project: { buildspecFile: "test.yml" } },
          {
            type: "lambda",
            name: "Lint",
            functionName: `${arnPrefix(lz.tools.primaryRegion)}:lambda:${lz.tools.primaryRegion}:${tools}:function:acme-every-action-lint`,
            inputs: ["Upload"],
          },
          {
            type: "step-functions",
            name: "Scan",
            stateMachineArn: `${arnPrefix(lz.tools.primaryRegion)}:states:${lz.tools.primaryRegion}:${tools}:stateMachine:acme-every-action-scan`,
            input: { image: "#{ImageVars.ImageURI}" },
          },
          {
            type: "custom",
            name: "Legacy",
            actionType: { category: "Build", provider: "AcmeLegacyBuild", version: "1" },
            configuration: { ProjectId: "every-action" },
            inputs: ["Code"],
          },
        ],
      },
      {
        name: "DeployDev",
        beforeEntry: {
          result: "FAIL",
          rules: [
            { name: "Window", provider: "DeploymentWindow", configuration: { Cron: "0 9-17 ? * MON-FRI *", TimeZone: "UTC" } },
            { name: "Gate", provider: "LambdaInvoke", configuration: { FunctionName: "acme-every-action-gate" } },
            { name: "Smoke", provider: "CodeBuild", configuration: { ProjectName: "acme-every-action-smoke" }, inputArtifacts: ["Code"] },
            { name: "Shell", provider: "Commands", commands: ["test -f stack.yaml"], inputArtifacts: ["BuildOut"] },
          ],
        },
        onSuccess: {
          result: "ROLLBACK",
          rules: [{ name: "Errors", provider: "CloudWatchAlarm", configuration: { AlarmName: "acme-every-action-errors", AlarmStates: "ALARM" } }],
        },
        onFailure: {
          result: "ROLLBACK",
          conditions: {
            result: "ROLLBACK",
            rules: [{ name: "Flag", provider: "VariableCheck", configuration: { Variable: "#{CodeVars.BranchName}", Value: "main", Operator: "EQ" } }],
          },
        },
        actions: [
          devStack("Stack-eu-west-1", "eu-west-1"),
          devStack("Stack-eu-central-1", "eu-central-1"),
          { ...devStack("Replace", "eu-west-1"), actionMode: "REPLACE_ON_FAILURE", stackName: "every-action-scratch" },
          { type: "cloudformation", name: "Retire", account: "dev", region: "eu-west-1", actionMode: "DELETE_ONLY", stackName: "every-action-old" },
          {
            type: "codedeploy",
            name: "Instances",
            account: "dev",
            region: "eu-west-1",
            applicationName: "every-action",
            deploymentGroupName: "web",
            input: "BuildOut",
          },
          {
            type: "ecs",
            name: "Service",
            account: "dev",
            region: "eu-central-1",
            clusterName: "every-action",
            serviceName: "api",
            input: "BuildOut",
            taskRoleArns: [`arn:aws:iam::${devAccount}:role/every-action-task`],
          },
          {
            type: "ecs-blue-green",
            name: "BlueGreen",
            account: "dev",
            region: "eu-west-1",
            applicationName: "every-action-ecs",
            deploymentGroupName: "api-blue-green",
            inputs: ["BuildOut", "Image"],
            taskDefinitionTemplateArtifact: "BuildOut",
            appSpecTemplateArtifact: "BuildOut",
            images: [{ artifactName: "Image", containerName: "IMAGE1_NAME" }],
            taskRoleArns: [`arn:aws:iam::${devAccount}:role/every-action-task`, `arn:aws:iam::${devAccount}:role/every-action-task-execution`],
          },
          {
            type: "elastic-beanstalk",
            name: "Beanstalk",
            account: "dev",
            region: "eu-west-1",
            applicationName: "every-action",
            environmentName: "every-action-dev",
            input: "BuildOut",
          },
          {
            type: "service-catalog",
            name: "Catalog",
            account: "dev",
            region: "eu-west-1",
            productId: "prod-abcdefghijklm",
            configurationFilePath: "catalog.json",
            input: "BuildOut",
          },
          {
            type: "s3-deploy",
            name: "Site",
            account: "dev",
            region: "eu-central-1",
            bucketName: `acme-every-action-site-${devAccount}`,
            extract: true,
            input: "BuildOut",
          },
          { type: "lambda", name: "Notify", account: "dev", region: "eu-west-1", functionName: "acme-every-action-notify", runOrder: 2 },
          {
            type: "step-functions",
            name: "Migrate",
            account: "dev",
            region: "eu-central-1",
            stateMachineArn: `arn:aws:states:eu-central-1:${devAccount}:stateMachine:acme-every-action-migrate`,
            runOrder: 2,
          },
        ],
      },
      { name: "Approve", actions: [{ type: "manual-approval", name: "Release", notification: { create: true, emailSubscribers: ["releases@acme.example"] } }] },
      {
        name: "Production",
        actions: [
          {
            type: "cloudformation",
            name: "Prepare",
            account: "prod",
            region: "us-east-1",
            actionMode: "CHANGE_SET_REPLACE",
            stackName: "every-action",
            changeSetName: "release",
            inputs: ["BuildOut"],
            templatePath: "BuildOut::stack.yaml",
          },
          {
            type: "cloudformation",
            name: "Execute",
            account: "prod",
            region: "us-east-1",
            runOrder: 2,
            actionMode: "CHANGE_SET_EXECUTE",
            stackName: "every-action",
            changeSetName: "release",
            inputs: [],
          },
          {
            type: "cloudformation-stackset",
            name: "Baseline",
            stackSetName: "acme-every-action-baseline",
            inputs: ["BuildOut"],
            templatePath: "BuildOut::baseline.yaml",
            deploymentTargets: [devAccount, "444444444444"],
            regions: ["eu-west-1"],
          },
          {
            type: "cloudformation-stack-instances",
            name: "BaselineStaging",
            runOrder: 2,
            stackSetName: "acme-every-action-baseline",
            deploymentTargets: ["333333333333"],
            regions: ["eu-west-1"],
          },
        ],
      },
    ],
  });
  return lz;
}

/** The GovCloud example (config/example-govcloud, JSON with comments). */
export const GOVCLOUD_LANDING_ZONE = path.join(path.dirname(EXAMPLE_LANDING_ZONE), "..", "example-govcloud", "landing-zone.json");

export function govCloudLandingZone(): Record<string, any> {
  const parsed = parseJsonText(fs.readFileSync(GOVCLOUD_LANDING_ZONE, "utf8"));
  if (parsed.error) throw new Error(`${GOVCLOUD_LANDING_ZONE}:${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}`);
  return parsed.value as Record<string, any>;
}

/**
 * A landing zone in the China partition (aws-cn): both China regions, two targets, the tools
 * stores and the audit trail, and no pipelines, since CodePipeline is not offered there
 * (config/partition-check.ts).
 */
export function chinaLandingZone(): Record<string, any> {
  return {
    name: "acme-cn",
    tools: { accountId: "111111111111", primaryRegion: "cn-north-1", replicaRegions: ["cn-northwest-1"] },
    targets: [
      { name: "dev", accountId: "222222222222", regions: ["cn-north-1"], cloudFormationExecutionPolicyArns: ["arn:aws-cn:iam::aws:policy/PowerUserAccess"] },
      {
        name: "prod",
        accountId: "444444444444",
        regions: ["cn-north-1", "cn-northwest-1"],
        cloudFormationExecutionPolicyArns: ["arn:aws-cn:iam::444444444444:policy/acme-cn-prod-deploy"],
      },
    ],
    state: { bucket: "acme-cn-terraform-state-111111111111", region: "cn-north-1", roleArn: "arn:aws-cn:iam::111111111111:role/acme-cn-terraform-state" },
    providerRole: { name: "acme-cn-terraform-deploy" },
    keyAdministratorRoleNames: ["acme-cn-break-glass"],
    monitoring: {
      alarmEmails: ["platform-alerts@acme.example"],
      auditLogReaderRoleArns: ["arn:aws-cn:iam::111111111111:role/acme-cn-security-audit"],
      queueConsumerRoleArns: ["arn:aws-cn:iam::111111111111:role/acme-cn-platform-operator"],
    },
  };
}
