import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthLandingZone } from "../../main";
import { readSynthOutput } from "../../verify/wiring";
import { SynthIndex } from "../../verify/resolve";
import { exampleInput } from "../fixtures/landing-zone";

// The example's Build/AcmeLegacyBuild/1 (used by legacy-build), plus a type used by a new pipeline
// and one used by none.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-custom-deps-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const input = exampleInput();
const scanner = { category: "Test", providerName: "AcmeScanner", version: "3", workerPrincipal: { service: "ec2.amazonaws.com" }, inputArtifactDetails: { minimumCount: 1, maximumCount: 1 } };
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
  Object.entries(index.resources(stackId, "aws_codepipeline_custom_action_type")).map(([name, body]) => [`${body.provider_name}/${body.version}`, `aws_codepipeline_custom_action_type.${name}`]),
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
