/**
 * The landing zones the real-engine checks and the benchmark run on: the embedded example, a large
 * generated one (many targets, one fan-out pipeline) and a minimal one (one region, one target).
 */
import * as fs from "node:fs";
import { EXAMPLE_LANDING_ZONE } from "../config/load";

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
