/**
 * The landing zones the real-engine checks and the benchmark run on: the embedded example, a large
 * generated one (many targets, one fan-out pipeline) and a minimal one (one region, one target).
 */
import * as fs from "node:fs";
import { EXAMPLE_LANDING_ZONE } from "../config/load";

export function exampleLandingZone(): Record<string, any> {
  return JSON.parse(fs.readFileSync(EXAMPLE_LANDING_ZONE, "utf8"));
}

/** The example with `n` more targets, all deploying from one fan-out stage. */
export function largeLandingZone(n: number): Record<string, any> {
  const lz = exampleLandingZone();
  const regions = ["eu-west-1", "eu-central-1"];
  for (let i = 0; i < n; i++) {
    lz.targets.push({ name: `team${i}`, accountId: String(500000000000 + i), regions });
  }
  const names: string[] = lz.targets.map((t: { name: string }) => t.name);
  const deploys = names.flatMap((t) =>
    regions.map((r) => ({
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
  const targetRegions = new Map<string, string[]>(lz.targets.map((t: { name: string; regions: string[] }) => [t.name, t.regions]));
  lz.pipelines.push({
    name: "baseline-fanout",
    stages: [
      { name: "Source", actions: [{ ...lz.pipelines[3].stages[0].actions[0], name: "Source", output: "Templates" }] },
      { name: "Deploy", actions: deploys.filter((d) => targetRegions.get(d.account)!.includes(d.region)) },
    ],
  });
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
