import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import * as fs from "node:fs";
import * as path from "node:path";
import { AnnotationMetadataEntryType, App, Aspects, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import {
  CODEPIPELINE_RULES,
  CodePipelineGuardrails,
  defineRule,
  evaluateGuardrails,
  formatGuardrailReport,
  nonCompliant,
  runGuardrails,
  suppressRule,
} from "../../guardrails";
import { constructPaths } from "../../guardrails/pack";
import { kmsKeyRotation } from "../../guardrails/rules/kms-rotation";
import { tempDir } from "../fixtures/landing-zone";
import { stack, TOOLS } from "./helpers";

/**
 * A one-stack app: `events/alerts/{rule,target}` (a target with neither DLQ nor retry policy:
 * CP-EVT-1 error + CP-EVT-2 warning) and `events/keys/{good,bad}` (bad has no rotation: CP-KMS-2).
 */
function smallApp() {
  const app = new App({ outdir: tempDir("guardrails-") });
  const s = new TerraformStack(app, "events");
  new AwsProvider(s, "aws", { region: "eu-west-1", allowedAccountIds: [TOOLS] });
  const alerts = new Construct(s, "alerts");
  const rule = new CloudwatchEventRule(alerts, "rule", { name: "failed", eventPattern: "{}" });
  const target = new CloudwatchEventTarget(alerts, "target", { rule: rule.name, arn: `arn:aws:sns:eu-west-1:${TOOLS}:alerts` });
  const keys = new Construct(s, "keys");
  const good = new KmsKey(keys, "good", { enableKeyRotation: true });
  const bad = new KmsKey(keys, "bad", {});
  return { app, stack: s, alerts, target, keys, good, bad };
}

const messages = (c: IConstruct, type: string) => c.node.metadata.filter((m) => m.type === type).map((m) => String(m.data));

describe("runGuardrails", () => {
  it("returns findings with rule id, level, stack, construct path, resource, message and fix, errors first", () => {
    const { app } = smallApp();
    const report = runGuardrails(app);
    expect(report.findings.map((f) => [f.level, f.ruleId, f.constructPath])).toEqual([
      ["error", "CP-EVT-1", "events/alerts/target"],
      ["error", "CP-KMS-2", "events/keys/bad"],
      ["warning", "CP-EVT-2", "events/alerts/target"],
    ]);
    const kms = report.findings[1]!;
    expect(kms).toMatchObject({
      stack: "events",
      resource: expect.stringMatching(/^aws_kms_key\.keys_bad_[0-9A-F]+$/),
      message: 'KMS key does not have automatic rotation enabled: enable_key_rotation is "unset"',
      fix: kmsKeyRotation.fix,
      details: ['enable_key_rotation is "unset"'],
    });
    expect([report.errorCount, report.warningCount]).toEqual([2, 1]);
  });

  it("formats errors first and ends with a summary line", () => {
    const text = formatGuardrailReport(runGuardrails(smallApp().app));
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^ERROR {3}\[CP-EVT-1\] aws_cloudwatch_event_target\.\S+ in events \(events\/alerts\/target\)$/);
    expect(lines.findIndex((l) => l.startsWith("WARNING"))).toBeGreaterThan(lines.findIndex((l) => l.includes("[CP-KMS-2]")));
    expect(lines.at(-1)).toMatch(/^guardrails: 2 errors, 1 warning \(24 rules over \d+ resources; 0 suppressed, 0 unverified\)$/);
  });

  it("maps each resource's logical id back to its construct", () => {
    const { app, bad } = smallApp();
    bad.overrideLogicalId("renamed");
    expect(constructPaths(app).get("events|aws_kms_key.renamed")).toBe("events/keys/bad");
    expect(runGuardrails(app).findings.find((f) => f.ruleId === "CP-KMS-2")).toMatchObject({
      resource: "aws_kms_key.renamed",
      constructPath: "events/keys/bad",
    });
  });

  it("runs only the rules it is given", () => {
    const report = runGuardrails(smallApp().app, { rules: [kmsKeyRotation] });
    expect(report.findings.map((f) => f.ruleId)).toEqual(["CP-KMS-2"]);
  });
});

describe("CodePipelineGuardrails aspect", () => {
  it("annotates each resource with [<rule id>] <message> Fix: <fix>, and cdktf synth fails on the errors", () => {
    const { app, target, bad, good } = smallApp();
    CodePipelineGuardrails.addTo(app);
    expect(() => app.synth()).toThrow(/\[CP-EVT-1\]/);
    expect(messages(bad, AnnotationMetadataEntryType.ERROR)).toEqual([
      `[CP-KMS-2] KMS key does not have automatic rotation enabled: enable_key_rotation is "unset" Fix: ${kmsKeyRotation.fix}`,
    ]);
    expect(messages(target, AnnotationMetadataEntryType.ERROR)).toHaveLength(1);
    expect(messages(target, AnnotationMetadataEntryType.WARN)).toEqual([expect.stringMatching(/^\[CP-EVT-2\] .* Fix: Set retry_policy/)]);
    expect([...messages(good, AnnotationMetadataEntryType.ERROR), ...messages(good, AnnotationMetadataEntryType.WARN)]).toEqual([]);
  });

  it("works when added to a stack with Aspects.of(stack).add, and lets a clean app synthesize", () => {
    const { app, stack: s, target, bad } = smallApp();
    target.putDeadLetterConfig({ arn: `arn:aws:sqs:eu-west-1:${TOOLS}:dlq` });
    target.putRetryPolicy({ maximumRetryAttempts: 4 });
    bad.enableKeyRotation = true;
    Aspects.of(s).add(new CodePipelineGuardrails());
    expect(() => app.synth()).not.toThrow();
    expect(messages(target, AnnotationMetadataEntryType.WARN)).toEqual([]);
  });

  it("addTo adds the pack to every stack (cdktf 0.21 never visits aspects added to the App)", () => {
    const app = new App({ outdir: tempDir("guardrails-") });
    const [a, b] = [new TerraformStack(app, "a"), new TerraformStack(app, "b")];
    const pack = CodePipelineGuardrails.addTo(app);
    expect([Aspects.of(a).all, Aspects.of(b).all, Aspects.of(app).all]).toEqual([[pack], [pack], []]);
    expect(() => CodePipelineGuardrails.addTo(new App({ outdir: tempDir("guardrails-") }))).toThrow(/no stack under this scope/);
  });
});

describe("suppressRule", () => {
  it("throws when the reason is shorter than 10 characters, naming the field", () => {
    const { bad } = smallApp();
    expect(() => suppressRule(bad, "CP-KMS-2", "legacy")).toThrow(/reason must explain why the rule does not apply here, in at least 10 characters/);
    expect(() => suppressRule(bad, "", "a proper reason here")).toThrow(/ruleId must name a guardrail/);
  });

  it("silences the rule on the construct's children, keeping the reason in the report", () => {
    const { app, keys } = smallApp();
    suppressRule(keys, "CP-KMS-2", "imported key, rotated by the security team's own schedule");
    const report = runGuardrails(app);
    expect(report.findings.map((f) => f.ruleId)).toEqual(["CP-EVT-1", "CP-EVT-2"]);
    expect(report.suppressed).toEqual([
      expect.objectContaining({
        ruleId: "CP-KMS-2",
        constructPath: "events/keys/bad",
        suppressedAt: "events/keys",
        reason: "imported key, rotated by the security team's own schedule",
      }),
    ]);
    expect(formatGuardrailReport(report, { verbose: true })).toContain("SUPPRESSED [CP-KMS-2] aws_kms_key.");
  });

  it("does not silence other rules or other constructs", () => {
    const { app, keys } = smallApp();
    suppressRule(keys, "CP-EVT-1", "the alerts are not under keys at all");
    const report = runGuardrails(app);
    expect(report.findings.map((f) => f.ruleId)).toContain("CP-EVT-1");
  });

  it("reports a suppression that matches nothing as an error on its construct (runner and aspect)", () => {
    const { app, good } = smallApp();
    suppressRule(good, "CP-KMS-2", "copied from the other key by mistake");
    const report = runGuardrails(app);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "CP-SUP-1",
        level: "error",
        constructPath: "events/keys/good",
        message: "suppression of CP-KMS-2 on events/keys/good matches nothing; remove it",
      }),
    );
    CodePipelineGuardrails.addTo(app);
    expect(() => app.synth()).toThrow(/matches nothing/);
    expect(messages(good, AnnotationMetadataEntryType.ERROR)).toEqual([
      expect.stringMatching(/^\[CP-SUP-1\] suppression of CP-KMS-2 on events\/keys\/good matches nothing; remove it Fix: /),
    ]);
  });

  it("reports a suppression of an unknown rule id as an error", () => {
    const { app, keys } = smallApp();
    suppressRule(keys, "CP-NOPE-9", "there is no such rule in the pack");
    expect(runGuardrails(app).findings).toContainEqual(
      expect.objectContaining({ ruleId: "CP-SUP-2", level: "error", message: "suppression of CP-NOPE-9 on events/keys names no rule of this pack; remove it" }),
    );
  });
});

describe("the rule contract", () => {
  it("has one rule per id, each with a one-line message and fix", () => {
    const ids = CODEPIPELINE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(24);
    expect(CODEPIPELINE_RULES.filter((r) => r.level === "warning").map((r) => r.id)).toEqual(["CP-EVT-2", "CP-PR-1", "CP-ECR-1"]);
  });

  it("has compliant and non-compliant tests for every rule (a describe per rule id in rules-*.test.ts)", () => {
    const dir = __dirname;
    const text = fs
      .readdirSync(dir)
      .filter((f) => /^rules-.*\.test\.ts$/.test(f))
      .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
      .join("\n");
    const described = new Set([...text.matchAll(/describe\("(CP-[A-Z0-9]+-\d+) /g)].map((m) => m[1]));
    expect(CODEPIPELINE_RULES.map((r) => r.id).filter((id) => !described.has(id))).toEqual([]);
  });

  it("rejects a malformed rule", () => {
    const base = { id: "CP-X-1", level: "error" as const, title: "t", message: "m", fix: "f", appliesTo: ["aws_kms_key"], check: () => "compliant" as const };
    expect(() => defineRule({ ...base, id: "custom-1" })).toThrow(/must look like CP-<AREA>-<n>/);
    expect(() => defineRule({ ...base, message: "two\nlines" })).toThrow(/message must be one non-empty line/);
    expect(() => defineRule({ ...base, appliesTo: [] })).toThrow(/appliesTo/);
  });

  it("turns a rule that throws into an error finding instead of crashing the synth", () => {
    const broken = defineRule({
      id: "CP-TEST-1",
      level: "warning",
      title: "t",
      message: "m",
      fix: "f",
      appliesTo: ["aws_kms_key"],
      check: () => {
        throw new Error("boom");
      },
    });
    const report = evaluateGuardrails([stack("s", { resources: { aws_kms_key: { k: {} } } })], { rules: [broken] });
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: "CP-SUP-3", level: "error", message: "rule CP-TEST-1 failed on aws_kms_key.k: boom" })]);
  });

  it("evaluates plain Terraform JSON with suppressions given as data", () => {
    const always = defineRule({
      id: "CP-TEST-2",
      level: "error",
      title: "t",
      message: "m",
      fix: "f",
      appliesTo: ["aws_kms_key"],
      check: () => nonCompliant("d"),
    });
    const stacks = [stack("s", { resources: { aws_kms_key: { k: {} } } })];
    expect(evaluateGuardrails(stacks, { rules: [always] }).findings).toEqual([
      expect.objectContaining({ ruleId: "CP-TEST-2", constructPath: "s/aws_kms_key.k", message: "m: d" }),
    ]);
    const silenced = evaluateGuardrails(stacks, { rules: [always], suppressions: [{ ruleId: "CP-TEST-2", reason: "because reasons", path: "s" }] });
    expect([silenced.findings.length, silenced.suppressed.length]).toEqual([0, 1]);
  });
});

describe("CodePipelineGuardrails.addTo with another copy of cdktf", () => {
  // The core library the message names (npm run compat:cdktn renames this literal to cdktn, as the message does).
  const core = "cdktf";
  // A fresh module registry loads cdktf a second time: new classes and a new aspects symbol, as a
  // consumer's own cdktf next to this package's would be.
  function foreignCdktf(): typeof import("cdktf") {
    let copy: typeof import("cdktf") | undefined;
    jest.isolateModules(() => {
      copy = require("cdktf");
    });
    expect(copy!.TerraformStack).not.toBe(TerraformStack);
    return copy!;
  }

  it("throws, naming the stack and both versions, instead of adding an aspect that never runs", () => {
    const other = foreignCdktf();
    const app = new other.App({ outdir: tempDir("guardrails-foreign-") });
    new other.TerraformStack(app, "team-pipeline");
    const version = (JSON.parse(fs.readFileSync(require.resolve(`${core}/package.json`), "utf8")) as { version: string }).version;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const v = version.replace(/\./g, "\\.");
    expect(() => CodePipelineGuardrails.addTo(app)).toThrow(
      new RegExp(`the app was built with another copy of ${core} \\(${v}\\) than the one this package loads \\(${v}\\).*npm ls ${core}`),
    );
  });

  it("names the foreign stack when only the stack comes from the other copy", () => {
    const other = foreignCdktf();
    const app = new App({ outdir: tempDir("guardrails-foreign-") });
    new other.TerraformStack(app, "team-pipeline");
    expect(() => CodePipelineGuardrails.addTo(app)).toThrow(new RegExp(`stack "team-pipeline" was built with another copy of ${core} `));
  });
});
