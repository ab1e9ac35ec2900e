import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthLandingZone } from "../../main";
import { readSynthOutput } from "../../synth/wiring";
import { SynthIndex } from "../../synth/resolve";
import { exampleInput } from "../fixtures/landing-zone";

// The example's Build/AcmeLegacyBuild/1 (used by legacy-build), plus a type used by a new pipeline
// and one used by none.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-custom-deps-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const input = exampleInput();
const scanner = {
  category: "Test",
  providerName: "AcmeScanner",
  version: "3",
  workerPrincipal: { service: "ec2.amazonaws.com" },
  inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
};
const unused = { category: "Deploy", providerName: "AcmeUnused", version: "1", workerPrincipal: { service: "ec2.amazonaws.com" } };
input.customActionTypes.push(scanner, unused);
input.pipelines.push({
  name: "scanned",
  stages: [
    { name: "Source", actions: [{ type: "codecommit-source", name: "Source", repositoryName: "scanned-app", branchName: "main", output: "Source" }] },
    { name: "Scan", actions: [{ type: "custom", name: "Scan", actionType: { category: "Test", provider: "AcmeScanner", version: "3" }, inputs: ["Source"] }] },
  ],
});
const file = path.join(dir, "landing-zone.json");
fs.writeFileSync(file, JSON.stringify(input, null, 2));
const outdir = path.join(dir, "out");
const result = synthLandingZone({ LANDING_ZONE_CONFIG: file }, outdir);
if (result.exitCode !== 0) throw new Error(result.error);
const index = new SynthIndex(readSynthOutput(outdir));
const stackId = `pipelines-${input.tools.primaryRegion}`;

const typeAddress = new Map(
  Object.entries(index.resources(stackId, "aws_codepipeline_custom_action_type")).map(([name, body]) => [
    `${body.provider_name}/${body.version}`,
    `aws_codepipeline_custom_action_type.${name}`,
  ]),
);
const typesDependedOn = (pipelineName: string) => {
  const body = Object.values(index.resources(stackId, "aws_codepipeline")).find((p) => p.name === pipelineName)!;
  return ((body.depends_on as string[] | undefined) ?? []).filter((d) => d.startsWith("aws_codepipeline_custom_action_type.")).sort();
};

describe("pipelines that use custom action types", () => {
  it("creates every declared type, each at an address that holds its version", () => {
    expect([...typeAddress.keys()].sort()).toEqual(["AcmeLegacyBuild/1", "AcmeScanner/3", "AcmeUnused/1"]);
    for (const [id, address] of typeAddress) expect(address).toContain(`-${id.replace("/", "-")}_`);
  });

  it("depend on exactly the types their actions use", () => {
    expect(typesDependedOn("legacy-build")).toEqual([typeAddress.get("AcmeLegacyBuild/1")]);
    expect(typesDependedOn("scanned")).toEqual([typeAddress.get("AcmeScanner/3")]);
  });

  it("leave pipelines without custom actions free of custom action type dependencies", () => {
    for (const name of ["orders-service", "payments-container", "data-jobs", "guardrails-stackset", "orders-pull-requests"]) {
      expect(typesDependedOn(name)).toEqual([]);
    }
  });
});

describe("job workers of custom action types", () => {
  const alarms = Object.values(index.resources(stackId, "aws_cloudwatch_metric_alarm"));
  const alarmTopic = Object.entries(index.resources(stackId, "aws_sns_topic")).find(([, b]) => b.name === "acme-codepipeline-alarms")!;
  const topicRef = `\${aws_sns_topic.${alarmTopic[0]}.arn}`;

  it("alarm to the alarm topic when a type's workers stop beating, after the configured or default minutes", () => {
    const beats = alarms.filter((a) => a.metric_name === "Heartbeat");
    expect(beats.map((a) => [a.namespace, a.evaluation_periods, a.treat_missing_data, a.alarm_actions]).sort()).toEqual([
      ["acme/CodePipelineJobWorker/Build/AcmeLegacyBuild/1", 10, "breaching", [topicRef]],
      ["acme/CodePipelineJobWorker/Deploy/AcmeUnused/1", 10, "breaching", [topicRef]],
      ["acme/CodePipelineJobWorker/Test/AcmeScanner/3", 10, "breaching", [topicRef]],
    ]);
  });

  it("match each type's failed action executions with a rule (DLQ, alarms) and alarm on it", () => {
    const rules = Object.values(index.resources(stackId, "aws_cloudwatch_event_rule")).filter((r) => String(r.name).includes("-job-worker-"));
    expect(rules.map((r) => JSON.parse(String(r.event_pattern)).detail).sort((a, b) => a.type.provider[0].localeCompare(b.type.provider[0]))).toEqual([
      { state: ["FAILED"], type: { owner: ["Custom"], category: ["Build"], provider: ["AcmeLegacyBuild"], version: ["1", 1] } },
      { state: ["FAILED"], type: { owner: ["Custom"], category: ["Test"], provider: ["AcmeScanner"], version: ["3", 3] } },
      { state: ["FAILED"], type: { owner: ["Custom"], category: ["Deploy"], provider: ["AcmeUnused"], version: ["1", 1] } },
    ]);
    const targets = Object.values(index.resources(stackId, "aws_cloudwatch_event_target")).filter((t) => String(t.rule).includes("job-worker"));
    expect(targets).toHaveLength(3);
    for (const t of targets) expect(t.dead_letter_config).toBeDefined();
    const triggered = alarms.filter((a) => a.metric_name === "TriggeredRules");
    expect(triggered.map((a) => (a.dimensions as Record<string, string>).RuleName).sort()).toEqual(rules.map((r) => r.name).sort());
    for (const a of triggered) expect(a.alarm_actions).toEqual([topicRef]);
  });

  it("take the heartbeat period from the landing-zone file", () => {
    const custom = exampleInput();
    custom.customActionTypes[0].workerHeartbeatMinutes = 45;
    const f = path.join(dir, "heartbeat.json");
    fs.writeFileSync(f, JSON.stringify(custom));
    const out = path.join(dir, "out-heartbeat");
    const r = synthLandingZone({ LANDING_ZONE_CONFIG: f }, out);
    if (r.exitCode !== 0) throw new Error(r.error);
    const beat = Object.values(new SynthIndex(readSynthOutput(out)).resources(stackId, "aws_cloudwatch_metric_alarm")).find(
      (a) => a.metric_name === "Heartbeat",
    )!;
    expect([beat.evaluation_periods, beat.datapoints_to_alarm]).toEqual([45, 45]);
  });
});
