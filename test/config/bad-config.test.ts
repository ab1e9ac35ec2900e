import { govCloudLandingZone, largeLandingZone } from "../../verify/landing-zones";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadLandingZone } from "../../config/load";
import { synthLandingZone } from "../../main";
import { exampleInput, loadProblems, renameLandingZone, tempDir, writeConfig } from "../fixtures/landing-zone";
import { partitionInfo } from "../../modules/shared/partition";

type Input = ReturnType<typeof exampleInput>;

/**
 * Runs the app on a landing-zone file (the same path `cdktf synth` takes) into an output directory
 * that holds a previous synth, and returns the error and what is left in the directory.
 */
function synthBad(content: unknown): { error: string; left: string[] } {
  const outdir = tempDir("lz-out-");
  fs.mkdirSync(path.join(outdir, "stacks", "tools-eu-west-1"), { recursive: true });
  fs.writeFileSync(path.join(outdir, "manifest.json"), "{}");
  fs.writeFileSync(path.join(outdir, "stacks", "tools-eu-west-1", "cdk.tf.json"), "{}");
  const result = synthLandingZone({ LANDING_ZONE_CONFIG: writeConfig(content) }, outdir);
  expect(result.exitCode).toBe(1);
  return { error: result.error ?? "", left: fs.readdirSync(outdir) };
}

function mutated(change: (lz: Input) => void): Input {
  const lz = exampleInput();
  change(lz);
  return lz;
}

const COMMERCIAL = partitionInfo("aws").regions.join(", ");

// Each case: a broken landing zone and the exact problem line the user must see.
const cases: [string, unknown, string][] = [
  [
    "malformed account id",
    mutated((lz) => (lz.targets[2]!.accountId = "12345")),
    'targets[2].accountId: "12345" is not a 12-digit AWS account id; write it as a string of 12 digits',
  ],
  [
    "account id written as a number",
    mutated((lz) => ((lz.tools as Record<string, unknown>).accountId = 111111111111)),
    "tools.accountId: 111111111111 is not a 12-digit AWS account id; write it as a string of 12 digits",
  ],
  [
    'a GovCloud region in a commercial landing zone (no "did you mean" into the commercial partition)',
    mutated((lz) => (lz.targets[2]!.regions = ["eu-west-1", "us-gov-west-1"])),
    `targets[2].regions[1]: "us-gov-west-1" is a region of AWS GovCloud (US) (aws-us-gov), but this landing zone is in AWS commercial (aws), set by tools.primaryRegion "eu-west-1"; use a region of aws (${COMMERCIAL}); a landing zone spans one partition, so put the other partition's accounts in a landing zone of their own`,
  ],
  [
    "a China region in a commercial landing zone",
    mutated((lz) => (lz.state.region = "cn-north-1")),
    `state.region: "cn-north-1" is a region of AWS China (aws-cn), but this landing zone is in AWS commercial (aws), set by tools.primaryRegion "eu-west-1"; use a region of aws (${COMMERCIAL}); a landing zone spans one partition, so put the other partition's accounts in a landing zone of their own`,
  ],
  [
    "duplicate target names",
    mutated((lz) => (lz.targets[1]!.name = "dev")),
    'targets[1].name: "dev" is already the name of targets[0]; target names must be unique',
  ],
  [
    "duplicate target account ids",
    mutated((lz) => (lz.targets[2]!.accountId = "222222222222")),
    'targets[2].accountId: "222222222222" is already the account of targets[0]; list each account once',
  ],
  [
    "the tools account listed as a target",
    mutated((lz) => (lz.targets[0]!.accountId = "111111111111")),
    'targets[0].accountId: "111111111111" is the tools account; pipelines deploy to other accounts, so remove it from targets',
  ],
  [
    "unknown region",
    mutated((lz) => (lz.tools.replicaRegions = ["eu-central-1", "us-east-7"])),
    'tools.replicaRegions[1]: "us-east-7" is not a known AWS region; did you mean "us-east-1"?',
  ],
  [
    "region that is not a string",
    mutated((lz) => ((lz.tools as Record<string, unknown>).primaryRegion = 1)),
    'tools.primaryRegion: 1 is not an AWS region name such as "eu-west-1"',
  ],
  [
    "duplicate region in a target",
    mutated((lz) => (lz.targets[0]!.regions = ["eu-west-1", "eu-central-1", "eu-west-1"])),
    'targets[0].regions[2]: region "eu-west-1" is listed twice (also at index 0); list each target region once',
  ],
  [
    "duplicate replica region",
    mutated((lz) => (lz.tools.replicaRegions = ["eu-central-1", "us-east-1", "eu-central-1"])),
    'tools.replicaRegions[2]: region "eu-central-1" is listed twice (also at index 0); list each replica region once',
  ],
  [
    "primary region listed as a replica",
    mutated((lz) => (lz.tools.replicaRegions = ["eu-central-1", "us-east-1", "eu-west-1"])),
    'tools.replicaRegions[2]: "eu-west-1" is the primary region; list only the other regions as replicas',
  ],
  [
    "target region without a tools artifact store",
    mutated((lz) => (lz.targets[2]!.regions = ["eu-west-1", "ap-southeast-2"])),
    'targets[2].regions[1]: "ap-southeast-2" has no tools artifact store; add it to tools.replicaRegions (stores: eu-west-1, eu-central-1, us-east-1)',
  ],
  ["empty target list", mutated((lz) => (lz.targets = [])), "targets: must list at least one target account"],
  ["empty region list", mutated((lz) => (lz.targets[1]!.regions = [])), "targets[1].regions: must list at least one region the account deploys to"],
  [
    "unknown key (typo) in a target",
    mutated((lz) => {
      const t = lz.targets[0] as Record<string, unknown>;
      t.acountId = t.accountId;
      delete t.accountId;
    }),
    'targets[0].acountId: unknown key; did you mean "accountId"?',
  ],
  ["unknown key at the top level", mutated((lz) => (lz.defaultTag = { a: "b" })), 'defaultTag: unknown key; did you mean "defaultTags"?'],
  [
    "unknown key with no close match lists the allowed keys",
    mutated((lz) => ((lz.state as Record<string, unknown>).encryptionEverywhere = true)),
    "state.encryptionEverywhere: unknown key; allowed keys: bucket, region, keyPrefix, roleArn, useLockfile, dynamodbTable, kmsKeyId",
  ],
  ["missing required field", mutated((lz) => delete (lz as Record<string, unknown>).providerRole), "providerRole: is required (object)"],
  [
    "state locking switched off",
    mutated((lz) => (lz.state.useLockfile = false)),
    "state.useLockfile: state locking is off; set useLockfile to true (or give a dynamodbTable)",
  ],
  [
    "invalid landing-zone name",
    mutated((lz) => (lz.name = "Acme_Corp")),
    'name: "Acme_Corp" is not a valid landing-zone name; use 1-20 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
  ],
  [
    "a landing-zone name over 20 characters (it is in every physical name)",
    mutated((lz) => (lz.name = "acme-platform-landing-zone")),
    'name: "acme-platform-landing-zone" is not a valid landing-zone name; use 1-20 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
  ],
  [
    "reserved tag key",
    mutated((lz) => (lz.defaultTags = { "aws:owner": "x" })),
    'defaultTags.aws:owner: tag key "aws:owner" uses the reserved "aws:" prefix; choose another key',
  ],
  [
    "state role that is not a role ARN",
    mutated((lz) => (lz.state.roleArn = "arn:aws:iam::111111111111:user/terraform")),
    'state.roleArn: "arn:aws:iam::111111111111:user/terraform" is not an IAM role ARN such as "arn:aws:iam::123456789012:role/terraform-state"',
  ],
  [
    "CloudFormation policy that is not a policy ARN",
    mutated((lz) => (lz.targets[0]!.cloudFormationExecutionPolicyArns = ["AdministratorAccess"])),
    'targets[0].cloudFormationExecutionPolicyArns[0]: "AdministratorAccess" is not an IAM managed policy ARN such as "arn:aws:iam::aws:policy/ReadOnlyAccess"',
  ],
  ["a JSON document that is not an object", "[1, 2]", 'the file must hold one JSON object, { "name": ..., "tools": ..., ... }'],
];

// Syntax errors: each with its line and column, as text and as file:line:column.
const syntaxCases: [string, string, number, number, string][] = [
  [
    "a missing comma",
    '{\n  "name": "acme",\n  "tools": { "accountId": "111111111111" }\n  "targets": []\n}\n',
    4,
    3,
    '"," expected; separate properties and array elements with commas',
  ],
  [
    "a trailing comma in an array",
    '{\n  "name": "acme",\n  "targets": [\n    "a",\n  ]\n}\n',
    4,
    8,
    'trailing comma before "]"; remove it (JSON allows no comma after the last element)',
  ],
  [
    "a trailing comma in an object",
    '{\n  "name": "acme",\n  "tools": { "accountId": "111111111111", },\n}\n',
    3,
    41,
    'trailing comma before "}"; remove it (JSON allows no comma after the last property)',
  ],
  [
    "a trailing comma followed by a comment",
    '{\n  "name": "acme", // the name\n}\n',
    2,
    17,
    'trailing comma before "}"; remove it (JSON allows no comma after the last property)',
  ],
  ["an empty file", "", 1, 1, 'the file is empty; write the landing zone as one JSON object, { "name": ..., "tools": ..., ... }'],
  [
    "a file of white space and comments only",
    "\n  // nothing yet\n",
    1,
    1,
    'the file is empty; write the landing zone as one JSON object, { "name": ..., "tools": ..., ... }',
  ],
  ["an unterminated string", '{\n  "name": "acme,\n  "tools": {}\n}\n', 2, 11, "a string is not closed; end it with a double quote on the same line"],
  ["an unterminated comment", '{ "name": "acme" /* the name\n}\n', 1, 18, 'a comment is not closed; end it with "*/"'],
  [
    "single quotes",
    "{\n  'name': 'acme'\n}\n",
    2,
    3,
    "unexpected \"'name'\"; property names and strings are in double quotes, other values are numbers, true, false, null, objects or arrays",
  ],
  [
    "a byte-order mark does not shift the columns",
    '\uFEFF{\n  "name": "acme",\n}',
    2,
    17,
    'trailing comma before "}"; remove it (JSON allows no comma after the last property)',
  ],
  ["Windows line ends", '{\r\n  "name": "acme"\r\n  "tools": {}\r\n}\r\n', 3, 3, '"," expected; separate properties and array elements with commas'],
];

describe("a landing-zone file with a syntax error fails synth with the line and column, and leaves no output", () => {
  it.each(syntaxCases)("%s", (_name, content, line, column, expected) => {
    const { error, left } = synthBad(content);
    const [header, problem, ...rest] = error.split("\n");
    expect(header).toMatch(/^landing-zone config .*landing-zone\.json is invalid \(1 problem\):$/);
    expect(problem).toMatch(new RegExp(`^  - not valid JSON at line ${line}, column ${column} \\(.*landing-zone\\.json:${line}:${column}\\): `));
    expect(problem!.replace(/^.*?\): /, "")).toBe(expected);
    expect(rest).toEqual([]);
    expect(left).toEqual([]);
  });

  it("names the file as the user gave it (a relative path stays relative)", () => {
    const file = path.relative(process.cwd(), writeConfig('{\n  "name": "acme",\n}'));
    expect(path.isAbsolute(file)).toBe(false);
    const result = synthLandingZone({ LANDING_ZONE_CONFIG: file }, tempDir("lz-out-"));
    expect(result.error!.split("\n")).toEqual([
      `landing-zone config ${file} is invalid (1 problem):`,
      `  - not valid JSON at line 2, column 17 (${file}:2:17): trailing comma before "}"; remove it (JSON allows no comma after the last property)`,
    ]);
  });
});

describe("a landing-zone file may carry comments and a byte-order mark (JSON with Comments, as in the README)", () => {
  const commented = () => {
    const text = JSON.stringify(exampleInput(), null, 2).split("\n");
    text.splice(1, 0, "  // the landing zone of the README, with comments", "  /* block", "     comment */");
    return text.map((l) => (l.includes('"name": "acme"') ? `${l} // in every physical name` : l)).join("\n");
  };

  it.each([
    ["comments", commented()],
    ["a byte-order mark", `\uFEFF${JSON.stringify(exampleInput())}`],
  ])("synthesizes the example with %s", (_what, text) => {
    const result = synthLandingZone({ LANDING_ZONE_CONFIG: writeConfig(text) }, tempDir("lz-out-"));
    expect(result.error).toBeUndefined();
    expect(result.exitCode).toBe(0);
  });

  it("loads the README's landing-zone example as written", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const block = /## The landing-zone file[^]*?```jsonc\n([^]*?)```/.exec(readme)![1]!;
    expect(block).toContain("//");
    const dir = tempDir();
    const file = path.join(dir, "landing-zone.json");
    fs.writeFileSync(file, block);
    expect(() => loadLandingZone(file)).not.toThrow();
  });
});

describe("a bad landing-zone file fails synth with its JSON path and fix, and leaves no output", () => {
  it.each(cases)("%s", (_name, content, expected) => {
    const { error, left } = synthBad(content);
    expect(error).toMatch(/^landing-zone config .*landing-zone\.json is invalid \(\d+ problems?\):/);
    expect(error.split("\n").slice(1)).toContain(`  - ${expected}`);
    expect(left).toEqual([]);
  });

  it("reports every problem of a file at once", () => {
    const { error } = synthBad(
      mutated((lz) => {
        lz.targets[0]!.accountId = "1";
        lz.targets[1]!.regions = ["mars-1"];
      }),
    );
    expect(error).toContain("(2 problems)");
    expect(error).toContain("targets[0].accountId:");
    expect(error).toContain("targets[1].regions[0]:");
  });

  it("names the variable to fix when the chosen file does not exist", () => {
    const outdir = tempDir("lz-out-");
    const result = synthLandingZone({ LANDING_ZONE_CONFIG: path.join(outdir, "missing.json") }, outdir);
    expect(result.exitCode).toBe(1);
    expect(result.error).toContain("file not found; point LANDING_ZONE_CONFIG");
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});

describe("a region of another partition gets one problem, whose fix is a region of the landing zone's partition", () => {
  const problems = loadProblems;
  const at = (got: string[], path: string) => got.filter((p) => p.startsWith(`${path}: `));
  /** The problem checkPartition reports for a region of another partition (its fix: a region of the landing zone's). */
  const otherPartition = (region: string, of: "aws" | "aws-us-gov") =>
    `"${region}" is a region of ${partitionInfo(of).name} (${of}), but this landing zone is in `;

  it("a target region: no second problem telling the user to add it to tools.replicaRegions (a second partition error)", () => {
    const got = problems(mutated((lz) => (lz.targets[2]!.regions = ["eu-west-1", "us-gov-west-1"])));
    const problem = at(got, "targets[2].regions[1]");
    expect(problem).toHaveLength(1);
    expect(problem[0]).toContain(otherPartition("us-gov-west-1", "aws-us-gov"));
    expect(got.filter((p) => p.includes("has no tools artifact store"))).toEqual([]);
  });

  it("an action region: the partition problem only, no missing artifact store", () => {
    const got = problems(mutated((lz) => (lz.pipelines[0].stages[2].actions[0].region = "us-gov-west-1")));
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(`pipelines[0].stages[2].actions[0].region: ${otherPartition("us-gov-west-1", "aws-us-gov")}`);
  });

  it("the fixes of the other problems offer no region of another partition, and an external pipeline's action there gets no second problem", () => {
    const got = problems(
      mutated((lz) => {
        lz.targets[2]!.regions = ["eu-west-1", "us-gov-west-1"];
        lz.externalPipelines[0].actions.push({ ...lz.externalPipelines[0].actions[0], region: "us-gov-east-1" });
      }),
    );
    const others = got.filter((p) => !p.includes(otherPartition("us-gov-west-1", "aws-us-gov")) && !p.includes(otherPartition("us-gov-east-1", "aws-us-gov")));
    expect(got.length - others.length).toBe(2);
    expect(others.filter((p) => p.includes("us-gov-"))).toEqual([]);
    expect(others).toContain(
      'pipelines[0].stages[4].actions[2].region: target "prod" does not deploy to eu-central-1; add it to targets[].regions or set the action\'s region to one of eu-west-1',
    );
    expect(others).toContain('externalPipelines[0].actions[0].region: target "prod" does not deploy to us-east-1; use one of eu-west-1');
  });

  it("with no region of the partition left to offer, the fix is to add the region to the target", () => {
    const got = problems(mutated((lz) => (lz.targets[2]!.regions = ["us-gov-west-1"])));
    expect(got).toContain('pipelines[0].stages[4].actions[2].region: target "prod" does not deploy to eu-central-1; add it to targets[].regions');
    expect(got).toContain('externalPipelines[0].actions[0].region: target "prod" does not deploy to us-east-1; add it to targets[].regions');
  });

  it("a commercial region in a GovCloud landing zone, as a target region and as an action region", () => {
    const lz = govCloudLandingZone();
    lz.targets[0].regions = [...lz.targets[0].regions, "eu-west-1"];
    const action = lz.pipelines[0].stages.flatMap((s: { actions: { region?: string }[] }) => s.actions).find((a: { region?: string }) => a.region);
    action.region = "us-east-1";
    const got = problems(lz);
    expect(got.filter((p) => p.includes("has no tools artifact store"))).toEqual([]);
    expect(got.filter((p) => p.includes(otherPartition("eu-west-1", "aws")))).toHaveLength(1);
    expect(got.filter((p) => p.includes(otherPartition("us-east-1", "aws")))).toHaveLength(1);
  });
});

const pipelineCases: [string, unknown, string][] = [
  [
    "an action in an account that is not a target",
    mutated((lz) => (lz.pipelines[0].stages[2].actions[0].account = "qa")),
    'pipelines[0].stages[2].actions[0].account: "qa" is not a target; use one of dev, staging, prod',
  ],
  [
    "an action in a region without an artifact store",
    mutated((lz) => (lz.pipelines[0].stages[2].actions[0].region = "ap-south-1")),
    'pipelines[0].stages[2].actions[0].region: "ap-south-1" has no tools artifact store; add it to tools.replicaRegions (stores: eu-west-1, eu-central-1, us-east-1)',
  ],
  [
    "an action in a region its target does not deploy to",
    mutated((lz) => (lz.pipelines[0].stages[2].actions[0].region = "us-east-1")),
    'pipelines[0].stages[2].actions[0].region: target "dev" does not deploy to us-east-1; add it to targets[].regions or set the action\'s region to one of eu-west-1, eu-central-1',
  ],
  [
    "a custom action of an undeclared type",
    mutated((lz) => (lz.customActionTypes = [])),
    "pipelines[4].stages[1].actions[0].actionType: custom action type Build/AcmeLegacyBuild/1 is not declared; add it to customActionTypes",
  ],
  [
    "a worker heartbeat period under 3 minutes",
    mutated((lz) => (lz.customActionTypes[0].workerHeartbeatMinutes = 2)),
    "customActionTypes[0].workerHeartbeatMinutes: give at least 3 minutes: a worker beats at most once a minute, so a shorter period would alarm on healthy workers",
  ],
  [
    "two pipelines with one name",
    mutated((lz) => (lz.pipelines[1].name = "orders-service")),
    'pipelines[1].name: "orders-service" is already the name of pipelines[0] (ignoring case, as IAM role names do); pipeline names must be unique',
  ],
  [
    "an unknown action type",
    mutated((lz) => (lz.pipelines[0].stages[1].actions[0].type = "jenkins")),
    'pipelines[0].stages[1].actions[0].type: "jenkins" is not an action type; use one of codestar-source, s3-source, ecr-source, codecommit-source, codebuild, cloudformation, cloudformation-stackset, cloudformation-stack-instances, codedeploy, ecs, ecs-blue-green, elastic-beanstalk, service-catalog, s3-deploy, manual-approval, lambda, step-functions, custom',
  ],
  [
    "a typo in an action field",
    mutated((lz) => {
      const a = lz.pipelines[0].stages[0].actions[0];
      a.branch = a.branchName;
      delete a.branchName;
    }),
    "pipelines[0].stages[0].actions[0].branchName: is required (string)",
  ],
  [
    "a dead-letter queue requested in another region than its rule",
    mutated((lz) => (lz.pipelines[0].events[0].deadLetterQueueRegion = "us-east-1")),
    "pipelines[0].events[0].deadLetterQueueRegion: the dead-letter queue must be in the rule's region (eu-west-1, where the pipeline runs); EventBridge cannot send to a queue in us-east-1",
  ],
  [
    "a state that does not exist at that level",
    mutated((lz) => (lz.pipelines[0].events[1].states = ["SUPERSEDED"])),
    'pipelines[0].events[1].states[0]: "SUPERSEDED" is not a state of action events; use one of ABANDONED, CANCELED, FAILED, STARTED, SUCCEEDED',
  ],
  [
    "a stage filter on pipeline-level events",
    mutated((lz) => (lz.pipelines[0].events[0].stages = ["Build"])),
    "pipelines[0].events[0].stages: stages filters stage and action events; remove it or use on: stage / action",
  ],
  [
    "an action-category filter on stage events",
    mutated((lz) => (lz.pipelines[0].events[2].actionCategories = ["Deploy"])),
    "pipelines[0].events[2].actionCategories: actionCategories filters action events; remove it or use on: action",
  ],
  [
    "a Lambda target that is not a function ARN",
    mutated((lz) => (lz.pipelines[0].events[2].target.functionArn = "acme-release-tracker")),
    'pipelines[0].events[2].target.functionArn: "acme-release-tracker" is not a Lambda function ARN',
  ],
  [
    "two pipelines that share CodePipeline's 20-character artifact folder",
    mutated((lz) => {
      lz.pipelines[1].name = "orders-service-platform-a";
      lz.pipelines[2].name = "orders-service-platform-b";
    }),
    'pipelines[2].name: "orders-service-platform-b" and pipelines[1] ("orders-service-platform-a") share their first 20 characters, so CodePipeline would store their artifacts in one folder and neither could be isolated from the other; make the names differ within the first 20 characters',
  ],
  [
    "two output artifacts of one pipeline that share CodePipeline's 10-character artifact folder",
    mutated((lz) => (lz.pipelines[0].stages[1].actions[1].outputs = ["BuildOutputTests"])),
    'pipelines[0].stages[1].actions[1].outputs: output artifact "BuildOutputTests" shares its first 10 characters with "BuildOutput", so CodePipeline would store both in one folder and the writer of one could overwrite the other; rename one so they differ within the first 10 characters',
  ],
  [
    "an external pipeline whose folder is taken by a pipeline of the file",
    mutated((lz) => (lz.externalPipelines[0].name = "orders-service")),
    'externalPipelines[0].name: "orders-service" and pipelines[0] ("orders-service") share their first 20 characters, so CodePipeline would store their artifacts in one folder and neither could be isolated from the other; make the names differ within the first 20 characters',
  ],
  [
    "an external pipeline acting in a region its target does not deploy to",
    mutated((lz) => (lz.externalPipelines[0].actions[0].account = "dev")),
    'externalPipelines[0].actions[0].region: target "dev" does not deploy to us-east-1; use one of eu-west-1, eu-central-1',
  ],
  [
    "an organization path outside the organization",
    mutated((lz) => (lz.organization = { id: "o-a1b2c3d4e5", paths: ["o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/"] })),
    'organization.paths[0]: "o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/" is not in organization o-a1b2c3d4e5; start it with "o-a1b2c3d4e5/"',
  ],
  [
    "a trust policy quota AWS does not offer",
    mutated((lz) => (lz.targets[0].trustPolicyQuota = 1024)),
    "targets[0].trustPolicyQuota: 1024 is below IAM's default quota of 2048; leave it out, or give the value AWS raised it to for this account",
  ],
  [
    "a fan-out that needs more than 50 stages",
    mutated((lz) => {
      const deploy = lz.pipelines[0].stages[2].actions[0];
      lz.pipelines[0].stages[2].actions = Array.from({ length: 2451 }, (_, i) => ({ ...deploy, name: `Dev-${i}` }));
    }),
    "pipelines[0].stages: needs 54 stages once stages of more than 50 actions are split, and CodePipeline allows 50 per pipeline. Fix: split the fan-out across several pipelines (each with its own source stage and at most 2,450 deploy actions), for example one per group of target accounts; or, to deploy one CloudFormation template to many accounts and regions, use one cloudformation-stackset action (its deploymentTargets list accounts, or organizational units with permissionModel SERVICE_MANAGED) and let CloudFormation fan out",
  ],
  [
    "a production action consuming an artifact a dev action produced",
    mutated((lz) => {
      Object.assign(lz.pipelines[0].stages[2].actions[0], { outputFileName: "stack.json", outputs: ["DevStack"] });
      lz.pipelines[0].stages[4].actions[0].inputs = ["BuildOutput", "DevStack"];
    }),
    'pipelines[0].stages[4].actions[0]: runs in target "prod" but artifact "DevStack" comes from target "dev", so that account would decide what this one deploys; consume only what the tools account builds from source (for example the build\'s output), not another target\'s outputs or variables',
  ],
  [
    "a production action using a dev action's variables",
    mutated((lz) => {
      lz.pipelines[0].stages[2].actions[0].namespace = "DevVars";
      lz.pipelines[0].stages[4].actions[0].parameterOverrides = { Endpoint: "#{DevVars.Endpoint}" };
    }),
    'pipelines[0].stages[4].actions[0]: runs in target "prod" but #{DevVars.*} comes from target "dev", so that account would decide what this one deploys; consume only what the tools account builds from source (for example the build\'s output), not another target\'s outputs or variables',
  ],
  [
    "a production action consuming a tools build of a dev output",
    mutated((lz) => {
      Object.assign(lz.pipelines[0].stages[2].actions[0], { outputFileName: "stack.json", outputs: ["DevStack"] });
      lz.pipelines[0].stages[3].actions.push({
        type: "codebuild",
        name: "Package",
        runOrder: 2,
        inputs: ["DevStack"],
        outputs: ["Packaged"],
        project: { buildspecFile: "package.yml" },
      });
      lz.pipelines[0].stages[4].actions[0].inputs = ["Packaged"];
      lz.pipelines[0].stages[4].actions[0].templatePath = "Packaged::cfn/orders.yaml";
    }),
    'pipelines[0].stages[4].actions[0]: runs in target "prod" but artifact "Packaged" comes from target "dev", so that account would decide what this one deploys; consume only what the tools account builds from source (for example the build\'s output), not another target\'s outputs or variables',
  ],
  [
    "an entry condition that skips the stage on a rule AWS cannot skip with",
    mutated(
      (lz) =>
        (lz.pipelines[0].stages[4].beforeEntry = {
          result: "SKIP",
          rules: [{ name: "Alarm", provider: "CloudWatchAlarm", configuration: { AlarmName: "prod-5xx" } }],
        }),
    ),
    "pipelines[0].stages[4].beforeEntry.rules[0].provider: an entry condition that skips the stage supports only LambdaInvoke and VariableCheck rules; use result FAIL with a CloudWatchAlarm rule, or one of those rules",
  ],
  [
    "an on-failure condition with another result than ROLLBACK",
    mutated(
      (lz) =>
        (lz.pipelines[0].stages[4].onFailure = {
          result: "ROLLBACK",
          conditions: { result: "FAIL", rules: [{ name: "Alarm", provider: "CloudWatchAlarm", configuration: { AlarmName: "prod-5xx" } }] },
        }),
    ),
    'pipelines[0].stages[4].onFailure.conditions.result: "FAIL" is not a result AWS allows here; use ROLLBACK',
  ],
  [
    "automatic retry together with on-failure conditions",
    mutated(
      (lz) =>
        (lz.pipelines[0].stages[4].onFailure = {
          result: "RETRY",
          conditions: { result: "ROLLBACK", rules: [{ name: "Alarm", provider: "CloudWatchAlarm", configuration: { AlarmName: "prod-5xx" } }] },
        }),
    ),
    "pipelines[0].stages[4].onFailure.conditions: automatic stage retry cannot be combined with onFailure conditions; remove the conditions, or use result ROLLBACK",
  ],
  [
    "an on-success condition that skips",
    mutated(
      (lz) =>
        (lz.pipelines[0].stages[4].onSuccess = {
          result: "SKIP",
          rules: [{ name: "Flag", provider: "VariableCheck", configuration: { Variable: "#{variables.releaseNote}", Value: "x", Operator: "EQ" } }],
        }),
    ),
    'pipelines[0].stages[4].onSuccess.result: "SKIP" is not a result AWS allows here; use ROLLBACK or FAIL',
  ],
  [
    "a CODEBUILD_CLONE_REF source consumed by a deploy action",
    mutated((lz) => {
      lz.pipelines[3].stages[0].actions[0].outputArtifactFormat = "CODEBUILD_CLONE_REF";
    }),
    'pipelines[3].stages[1].actions[0].inputs[0]: "Templates" is a CODEBUILD_CLONE_REF artifact of source "Source", which only CodeBuild actions can clone; set that source\'s outputArtifactFormat to CODE_ZIP, or consume it in a codebuild action',
  ],
  [
    "an alarm rule without the alarm it watches",
    mutated(
      (lz) =>
        (lz.pipelines[0].stages[4].onSuccess = {
          result: "ROLLBACK",
          rules: [{ name: "Alarm", provider: "CloudWatchAlarm", configuration: { WaitTime: "5" } }],
        }),
    ),
    "pipelines[0].stages[4].onSuccess.rules[0].configuration: a CloudWatchAlarm rule needs configuration.AlarmName, the resource it reads (the pipeline role is granted exactly that)",
  ],
  [
    "a template that creates IAM resources in an account whose CloudFormation role may not",
    mutated((lz) => (lz.targets[0].cloudFormationExecutionPolicyArns = ["arn:aws:iam::aws:policy/PowerUserAccess"])),
    'pipelines[0].stages[2].actions[0].capabilities: acknowledges IAM resources, but target "dev" gives CloudFormation only PowerUserAccess, which denies IAM; attach a policy that allows the IAM actions the template needs to targets[0].cloudFormationExecutionPolicyArns, or remove the capability',
  ],
  [
    "a stack set deploying to an account that is not a target",
    mutated((lz) => (lz.pipelines[3].stages[1].actions[0].deploymentTargets = ["222222222222", "555555555555"])),
    'pipelines[3].stages[1].actions[0].deploymentTargets[1]: "555555555555" is not the account of any target, and the landing zone creates the StackSet execution role only in its targets; add the account to targets, or give administrationRoleArn and executionRoleName of roles you manage (they are then prerequisites)',
  ],
  [
    "stack instances of a managed stack set in an account that is not a target",
    mutated((lz) => (lz.pipelines[3].stages[1].actions[1].deploymentTargets = ["555555555555"])),
    'pipelines[3].stages[1].actions[1].deploymentTargets[0]: "555555555555" is not the account of any target, and the landing zone creates the StackSet execution role only in its targets; add the account to targets, or on the cloudformation-stackset action that creates this stack set, give administrationRoleArn and executionRoleName of roles you manage (they are then prerequisites)',
  ],
  [
    "a created source bucket whose name does not start with the landing-zone name",
    mutated((lz) => (lz.pipelines[2].stages[0].actions[0].bucket.bucketName = "data-jobs-source-111111111111")),
    'pipelines[2].stages[0].actions[0].bucket.bucketName: "data-jobs-source-111111111111" does not start with the landing-zone name; start the name of a bucket the landing zone creates with "acme-"',
  ],
  [
    "a CodeBuild project name that does not start with the landing-zone name",
    mutated((lz) => (lz.pipelines[0].stages[1].actions[0].projectName = "orders-build")),
    'pipelines[0].stages[1].actions[0].projectName: "orders-build" does not start with the landing-zone name; name it "acme-orders-build" or leave projectName out',
  ],
  [
    "a noncurrent-version expiry on an existing source bucket",
    mutated((lz) => (lz.pipelines[2].stages[0].actions[0].bucket = { bucketName: "acme-existing", versioned: true, noncurrentVersionExpirationDays: 7 })),
    "pipelines[2].stages[0].actions[0].bucket.noncurrentVersionExpirationDays: noncurrentVersionExpirationDays applies to a created bucket only",
  ],
  [
    "an alarm subscriber that is not an email address",
    mutated((lz) => (lz.monitoring.alarmEmails = ["platform"])),
    'monitoring.alarmEmails[0]: "platform" is not an email address',
  ],
];

describe("a bad pipeline entry fails synth with its JSON path, and leaves no output", () => {
  it.each(pipelineCases)("%s", (_name, content, expected) => {
    const { error, left } = synthBad(content);
    expect(error.split("\n").slice(1)).toContain(`  - ${expected}`);
    expect(left).toEqual([]);
  });
});

// ... and the pipeline model's own rules fail synth with the pipeline's index and name.
const modelCases: [string, unknown, RegExp][] = [
  [
    "a trigger on a source that is not a connection",
    mutated((lz) => (lz.pipelines[2].triggers = [{ sourceActionName: "Upload", push: [{ branches: { includes: ["main"] } }] }])),
    /^pipelines\[2\]: pipeline "data-jobs" trigger on "Upload": triggers work only on CodeStarSourceConnection sources, not S3/,
  ],
  [
    "V2-only features on a V1 pipeline",
    mutated((lz) => (lz.pipelines[0].pipelineType = "V1")),
    /^pipelines\[0\]: pipeline "orders-service": triggers, variables, executionMode QUEUED, stage conditions need pipelineType "V2"/,
  ],
  [
    "a reference to an unknown namespace",
    mutated((lz) => (lz.pipelines[0].stages[3].actions[0].customData = "#{Nope.CommitId}")),
    /^pipelines\[0\]: pipeline "orders-service": action "ApproveProduction" uses #\{Nope.CommitId\}, but no action has namespace "Nope"/,
  ],
  [
    "a reference to a variable the build does not export",
    mutated((lz) => (lz.pipelines[0].stages[2].actions[0].parameterOverrides = { ImageTag: "#{BuildVars.VERSION}" })),
    /uses #\{BuildVars.VERSION\}, but "Build" emits only IMAGE_TAG/,
  ],
  [
    "a source action outside the first stage",
    mutated((lz) => lz.pipelines[3].stages[1].actions.push({ ...lz.pipelines[3].stages[0].actions[0], name: "Late", output: "Late" })),
    /source action "Late" must be in the first stage, not "Deploy"/,
  ],
  [
    "more pipelines acting in one account than its action role's trust policy can name",
    mutated((lz) => {
      const deploy = lz.pipelines[0].stages[2].actions[0];
      for (let i = 0; i < 30; i++) {
        lz.pipelines.push({
          name: `team-service-${i}`,
          stages: [
            lz.pipelines[0].stages[0],
            {
              name: "Deploy",
              actions: [
                { ...deploy, inputs: ["SourceCode"], templatePath: "SourceCode::t.yaml", templateConfiguration: undefined, parameterOverrides: undefined },
              ],
            },
          ],
        });
      }
    }),
    /^targets\[0\] \(dev\): 31 pipelines run actions in this account and its action role trusts each by exact ARN; the trust policy of acme-codepipeline-action would be \d+ characters, over the account's IAM quota of 2048 \("Role trust policy length"\)[^]*Fix: after AWS raises this account's "Role trust policy length" quota, set targets\[0\]\.trustPolicyQuota/,
  ],
  [
    "an input artifact nobody produces",
    mutated((lz) => (lz.pipelines[1].stages[1].actions[0].inputs = ["DeployConfig", "Image", "Missing"])),
    /reads artifact "Missing", which no earlier action produces/,
  ],
];

describe("a pipeline the model rejects fails synth with a message naming the pipeline, and leaves no output", () => {
  it.each(modelCases)("%s", (_name, content, expected) => {
    const { error, left } = synthBad(content);
    expect(error).toMatch(expected);
    expect(left).toEqual([]);
  });
});

describe("guardrails run on every synth", () => {
  it("fail the synth on a suppression that matches nothing, and leave no output", () => {
    const { error, left } = synthBad(
      mutated(
        (lz) =>
          (lz.guardrails = {
            suppressions: [{ ruleId: "CP-IAM-1", constructPath: "pipelines-eu-west-1/pipeline-orders-service", reason: "no finding to silence here" }],
          }),
      ),
    );
    expect(error).toMatch(/^the landing zone breaks guardrails:/);
    expect(error).toContain("[CP-SUP-1]");
    expect(error).toMatch(/guardrails: 1 error, 1 warning/);
    expect(left).toEqual([]);
  });

  it("name the field when a suppression points at no construct", () => {
    const { error } = synthBad(
      mutated((lz) => (lz.guardrails = { suppressions: [{ ruleId: "CP-IAM-1", constructPath: "nowhere", reason: "a reason long enough" }] })),
    );
    expect(error).toBe('guardrails.suppressions[0].constructPath: "nowhere" is not a construct of this landing zone');
  });

  it("reject a suppression without a real reason", () => {
    const { error } = synthBad(mutated((lz) => (lz.guardrails = { suppressions: [{ ruleId: "CP-IAM-1", constructPath: "x", reason: "because" }] })));
    expect(error).toContain("guardrails.suppressions[0].reason: give a reason of at least 10 characters");
  });
});

describe("Slack notifications", () => {
  it("fail when the Chatbot region has no Chatbot API, naming the field to set", () => {
    const { error } = synthBad(
      mutated((lz) => {
        lz.tools.primaryRegion = "eu-central-1";
        lz.tools.replicaRegions = ["eu-west-1", "us-east-1"];
      }),
    );
    expect(error).toContain(
      "pipelines[0].notifications.slack: AWS Chatbot is not available in eu-central-1; set monitoring.chatbotRegion to one of us-east-2, us-west-2, ap-southeast-1, eu-west-1",
    );
  });
});

describe("physical names", () => {
  it("fail at load, with the path and the fix, when a job-worker role name (kept readable) would exceed IAM's limit", () => {
    const provider = "P".repeat(35);
    const { error, left } = synthBad(
      mutated((lz) => {
        renameLandingZone(lz, "abcdefghijklmnopqrst");
        lz.customActionTypes[0].providerName = provider;
        lz.pipelines[4].stages[1].actions[0].actionType.provider = provider;
      }),
    );
    expect(error.split("\n").slice(1)).toEqual([
      `  - customActionTypes[0].providerName: the job-worker role name "abcdefghijklmnopqrst-cp-worker-${provider}-1" would have 68 characters, more than IAM's 64; shorten providerName or version (or the landing-zone name) by 4 characters`,
    ]);
    expect(left).toEqual([]);
  });
});

describe("choosing the landing-zone file", () => {
  it("reads the cdktf context key landingZone (cdktf.json context) when LANDING_ZONE_CONFIG is not set", () => {
    const file = writeConfig('{ "name": "from-context" ');
    const saved = process.env.CDKTF_CONTEXT_JSON;
    process.env.CDKTF_CONTEXT_JSON = JSON.stringify({ landingZone: file });
    try {
      const result = synthLandingZone({}, tempDir("lz-out-"));
      expect(result.error).toContain(`landing-zone config ${file} is invalid`);
    } finally {
      if (saved === undefined) delete process.env.CDKTF_CONTEXT_JSON;
      else process.env.CDKTF_CONTEXT_JSON = saved;
    }
  });

  it("lets LANDING_ZONE_CONFIG win over the context key", () => {
    const fromEnv = writeConfig("[]");
    const saved = process.env.CDKTF_CONTEXT_JSON;
    process.env.CDKTF_CONTEXT_JSON = JSON.stringify({ landingZone: "does-not-exist.json" });
    try {
      expect(synthLandingZone({ LANDING_ZONE_CONFIG: fromEnv }, tempDir("lz-out-")).error).toContain(`landing-zone config ${fromEnv} is invalid`);
    } finally {
      if (saved === undefined) delete process.env.CDKTF_CONTEXT_JSON;
      else process.env.CDKTF_CONTEXT_JSON = saved;
    }
  });
});

describe("pipeline names", () => {
  it("must differ in more than case, as the IAM role names derived from them do", () => {
    const { error } = synthBad(mutated((lz) => (lz.pipelines[1].name = "Orders-Service")));
    expect(error).toContain('pipelines[1].name: "Orders-Service" is already the name of pipelines[0] (ignoring case');
  });
});

describe("a landing zone that outgrows AWS's policy size limits", () => {
  it("fails synth naming the landing-zone file's path and a fix the file can express", () => {
    const lz = largeLandingZone(200);
    delete lz.organization;
    const { error, left } = synthBad(lz);
    // The artifact bucket policies list every account's root...
    expect(error).toMatch(
      /ERROR {3}\[CP-SIZE-1\] aws_s3_bucket_policy\.\S+ in tools-eu-west-1 .*\n {8}A policy is larger than AWS accepts, so apply would fail: bucket policy is \d+ characters; the limit is 20480 \(landing-zone file: organization\)\n {8}Fix: add "organization": \{ "id": "o-\.\.\." \} to the landing-zone file/,
    );
    // ... and the fan-out pipeline's role names every action role.
    expect(error).toMatch(
      /\[CP-SIZE-1\] aws_iam_role\.\S+ in pipelines-eu-west-1 .*\n .*inline policies total \d+ characters; IAM allows 10240 per role \(landing-zone file: pipelines\[6\]\)\n {8}Fix: split pipelines\[6\] \(baseline-fanout\)/,
    );
    expect(left).toEqual([]);
  });

  it("synthesizes the same landing zone once its organization is named", () => {
    const outdir = tempDir("lz-out-");
    const result = synthLandingZone({ LANDING_ZONE_CONFIG: writeConfig(largeLandingZone(200)) }, outdir);
    expect([result.exitCode, result.error]).toEqual([0, undefined]);
  });
});
