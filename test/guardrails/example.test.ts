import { App, Aspects, TerraformStack } from "cdktf";
import { EXAMPLE_LANDING_ZONE, loadLandingZone } from "../../config/load";
import { CodePipelineGuardrails, evaluateGuardrails, formatGuardrailReport, renderStacks, runGuardrails } from "../../guardrails";
import { AppModel } from "../../guardrails/model";
import { outcomeOf } from "../../guardrails/rule";
import { approvalTopicPublish, artifactStoreRegion, crossAccountArtifactGrants, customActionWorker, eventsDestinationAccess } from "../../guardrails/rules";
import { buildLandingZone } from "../../stacks/landing-zone";
import type { SynthesizedStack } from "../../synth/wiring";
import { tempDir } from "../fixtures/landing-zone";

// Built once: the example landing zone exactly as main.ts builds it, without any suppression.
let app: App;
let stacks: SynthesizedStack[];
beforeAll(() => {
  app = new App({ outdir: tempDir("guardrails-example-") });
  buildLandingZone(app, loadLandingZone(EXAMPLE_LANDING_ZONE));
  stacks = renderStacks(app);
});

describe("the example landing zone", () => {
  it("has no error and one warning, the ECR repository policy it cannot own, without any suppression", () => {
    const report = runGuardrails(app);
    expect(report.suppressed).toEqual([]);
    expect(formatGuardrailReport(report)).toMatch(/guardrails: 0 errors, 1 warning \(24 rules over \d+ resources/);
    expect(report.findings.map((f) => [f.ruleId, f.constructPath])).toEqual([["CP-ECR-1", "pipelines-eu-west-1/pipeline-payments-container/pipeline"]]);
    expect(report.resourceCount).toBeGreaterThan(50);
  });

  it("leaves only the Lambda callback of a function outside the app unverified", () => {
    expect(runGuardrails(app).unverified.map((u) => u.ruleId)).toEqual(["CP-LAMBDA-1"]);
  });

  it("is decided (compliant, not skipped) by the cross-stack rules", () => {
    const model = new AppModel(stacks);
    const orders = model.resources("aws_codepipeline").find((p) => p.values.name === "orders-service")!;
    for (const rule of [crossAccountArtifactGrants, artifactStoreRegion, approvalTopicPublish]) {
      expect([rule.id, outcomeOf(rule.check(orders, model)).status]).toEqual([rule.id, "compliant"]);
    }
    const [type] = model.resources("aws_codepipeline_custom_action_type");
    expect(outcomeOf(customActionWorker.check(type!, model)).status).toBe("compliant");
    const decided = model.resources("aws_sqs_queue").map((q) => outcomeOf(eventsDestinationAccess.check(q, model)).status);
    expect(decided).toContain("compliant");
  });

  it("is caught when a replica store stops granting a target's action role (cross-stack)", () => {
    const broken = structuredClone(stacks);
    const replica = broken.find((s) => s.id === "tools-eu-central-1")!;
    for (const p of Object.values(replica.json.resource!.aws_s3_bucket_policy!)) {
      const doc = JSON.parse(p.policy as string) as { Statement: { Principal?: { AWS?: string | string[] } }[] };
      // Drop the dev account (222222222222) from every grant; statements left without principals go.
      doc.Statement = doc.Statement.flatMap((st) => {
        if (!st.Principal?.AWS) return [st];
        const kept = ([] as string[]).concat(st.Principal.AWS).filter((a) => !a.includes("222222222222"));
        return kept.length ? [{ ...st, Principal: { AWS: kept } }] : [];
      });
      p.policy = JSON.stringify(doc);
    }
    const report = evaluateGuardrails(broken);
    const errors = report.findings.filter((f) => f.ruleId !== "CP-ECR-1");
    expect(errors.map((f) => [f.ruleId, f.constructPath])).toEqual([["CP-XA-2", "pipelines-eu-west-1/pipeline-orders-service/pipeline"]]);
    expect(errors[0]!.details).toEqual([
      expect.stringMatching(
        /^action DeployDev\/Dev-eu-central-1 \(role arn:aws:iam::222222222222:role\/[\w-]+, eu-central-1\): bucket policy of [\w-]+-eu-central-1 does not grant s3:GetObject$/,
      ),
    ]);
  });

  it("synthesizes with the aspect on every stack, which annotates the one warning", () => {
    const pack = CodePipelineGuardrails.addTo(app);
    const all = app.node.findAll().filter((c) => TerraformStack.isStack(c));
    expect(all.map((s) => s.node.id).sort()).toEqual(stacks.map((s) => s.id).sort());
    expect(all.filter((s) => !Aspects.of(s).all.includes(pack)).map((s) => s.node.id)).toEqual([]);
    expect(() => app.synth()).not.toThrow();
    const annotated = app.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === "@cdktf/warn" || m.type === "@cdktf/error")
          .map((m) => [c.node.path, m.type, /^\[[\w-]+\]/.exec(String(m.data))?.[0]]),
      );
    expect(annotated).toEqual([["pipelines-eu-west-1/pipeline-payments-container/pipeline", "@cdktf/warn", "[CP-ECR-1]"]]);
  });
});
