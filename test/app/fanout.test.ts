import { exampleInput } from "../fixtures/landing-zone";
import { synthExample } from "../fixtures/synth";

// A deploy stage over 26 accounts x 2 regions (52 actions) in the landing-zone file.
function fanoutLandingZone() {
  const lz = exampleInput();
  const regions = ["eu-west-1", "eu-central-1"];
  for (let i = 0; i < 26; i++) lz.targets.push({ name: `team${i}`, accountId: String(500000000000 + i), regions });
  lz.pipelines.push({
    name: "baseline-fanout",
    stages: [
      { name: "Source", actions: [{ ...lz.pipelines[3].stages[0].actions[0], output: "Templates" }] },
      {
        name: "Deploy",
        actions: lz.targets
          .filter((t: { name: string }) => t.name.startsWith("team"))
          .flatMap((t: { name: string }) =>
            regions.map((r) => ({
              type: "cloudformation",
              name: `${t.name}-${r}`,
              account: t.name,
              region: r,
              actionMode: "CREATE_UPDATE",
              stackName: "baseline",
              inputs: ["Templates"],
              templatePath: "Templates::baseline.yaml",
            })),
          ),
      },
    ],
  });
  return lz;
}

describe("a fan-out over many accounts and regions", () => {
  const { index } = synthExample(fanoutLandingZone());
  const pipeline = Object.values(index.resources("pipelines-eu-west-1", "aws_codepipeline")).find((p) => p.name === "baseline-fanout")!;
  const stages = pipeline.stage as { name: string; action: { name: string; role_arn: string }[] }[];

  it("is split into consecutive stages of at most 50 actions instead of failing", () => {
    expect(stages.map((s) => [s.name, s.action.length])).toEqual([
      ["Source", 1],
      ["Deploy-1", 50],
      ["Deploy-2", 2],
    ]);
  });

  it("runs every deploy with the action role of its own account", () => {
    for (const a of stages.slice(1).flatMap((s) => s.action)) {
      const account = 500000000000 + Number(/^team(\d+)-/.exec(a.name)![1]);
      expect(index.resolveString("pipelines-eu-west-1", a.role_arn)).toBe(`arn:aws:iam::${account}:role/acme-codepipeline-action`);
    }
  });
});
