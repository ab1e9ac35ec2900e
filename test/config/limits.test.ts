import { formatPath, parseLandingZone } from "../../config/load";
import { exampleInput } from "../fixtures/landing-zone";

// Every limit the landing-zone schema enforces, at the limit (accepted) and one past it (the error
// names the field). Paths point into the example file (config/example/landing-zone.json).
type Path = (string | number)[];
const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const text = (n: number, c = "x") => c.repeat(n);
const rule = (i: number) => ({ name: `Window${i}`, provider: "DeploymentWindow", configuration: { Cron: "0 9-17 ? * MON-FRI *" } });
const property = (i: number) => ({ name: `P${i}`, required: false, key: false, secret: false });

const ORDERS = ["pipelines", 0];
const BUILD = [...ORDERS, "stages", 1, "actions", 0];
const APPROVAL = [...ORDERS, "stages", 3, "actions", 0];
const CUSTOM_TYPE = ["customActionTypes", 0];
const BLUE_GREEN = ["pipelines", 1, "stages", 1, "actions", 0];
const LAMBDA = ["pipelines", 2, "stages", 1, "actions", 0];
const STEP_FUNCTIONS = ["pipelines", 2, "stages", 1, "actions", 1];
const STACK_SET = ["pipelines", 3, "stages", 1, "actions", 0];
const STACK_INSTANCES = ["pipelines", 3, "stages", 1, "actions", 1];
const image = (i: number) => ({ artifactName: "Image", containerName: `IMAGE${i + 1}_NAME` });
const link = (n: number) => `https://e.example.com/${text(n - 22, "p")}`;

// [field, path, value at the limit, value one past it, the field the error names when not the path]
const LIMITS: [string, Path, unknown, unknown, Path?][] = [
  [
    "rules in a condition (5)",
    [...ORDERS, "stages", 3, "beforeEntry"],
    { result: "FAIL", rules: many(5, rule) },
    { result: "FAIL", rules: many(6, rule) },
    [...ORDERS, "stages", 3, "beforeEntry", "rules"],
  ],
  [
    "rules in a condition (at least 1)",
    [...ORDERS, "stages", 3, "beforeEntry"],
    { result: "FAIL", rules: many(1, rule) },
    { result: "FAIL", rules: [] },
    [...ORDERS, "stages", 3, "beforeEntry", "rules"],
  ],
  ["runOrder (999)", [...BUILD, "runOrder"], 999, 1000],
  ["runOrder (at least 1)", [...BUILD, "runOrder"], 1, 0],
  ["approval timeout (86400 minutes)", [...APPROVAL, "timeoutInMinutes"], 86400, 86401],
  ["approval timeout (at least 5 minutes)", [...APPROVAL, "timeoutInMinutes"], 5, 4],
  ["approval customData (1000 characters)", [...APPROVAL, "customData"], text(1000), text(1001)],
  ["CodeBuild timeout (2160 minutes)", [...BUILD, "project", "timeoutInMinutes"], 2160, 2161],
  ["CodeBuild timeout (at least 5 minutes)", [...BUILD, "project", "timeoutInMinutes"], 5, 4],
  ["CodeBuild description (255 characters)", [...BUILD, "project", "description"], text(255), text(256)],
  ["variable default (1000 characters)", [...ORDERS, "variables", 0, "defaultValue"], text(1000), text(1001)],
  ["variable description (200 characters)", [...ORDERS, "variables", 0, "description"], text(200), text(201)],
  ["trigger pattern (255 characters)", [...ORDERS, "triggers", 0, "push", 0, "branches", "includes", 0], text(255, "b"), text(256, "b")],
  [
    "custom action configuration properties (10)",
    [...CUSTOM_TYPE, "configurationProperties"],
    [{ ...property(0), key: true, required: true }, ...many(9, (i) => property(i + 1))],
    [{ ...property(0), key: true, required: true }, ...many(10, (i) => property(i + 1))],
  ],
  ["custom action property name (50 characters)", [...CUSTOM_TYPE, "configurationProperties", 0, "name"], text(50, "P"), text(51, "P")],
  ["custom action property description (160 characters)", [...CUSTOM_TYPE, "configurationProperties", 0, "description"], text(160), text(161)],
  ["custom action artifact count (5)", [...CUSTOM_TYPE, "outputArtifactDetails", "maximumCount"], 5, 6],
  ["custom action heartbeat (1440 minutes)", [...CUSTOM_TYPE, "workerHeartbeatMinutes"], 1440, 1441],
  ["custom action heartbeat (at least 3 minutes)", [...CUSTOM_TYPE, "workerHeartbeatMinutes"], 3, 2],
  ["tag value (256 characters)", ["defaultTags", "team"], text(256), text(257)],
  ["approval externalEntityLink (1000 characters)", [...APPROVAL, "externalEntityLink"], link(1000), link(1001)],
  ["CodeDeployToECS applicationName (100 characters)", [...BLUE_GREEN, "applicationName"], text(100), text(101)],
  ["CodeDeployToECS deploymentGroupName (100 characters)", [...BLUE_GREEN, "deploymentGroupName"], text(100), text(101)],
  ["CodeDeployToECS images (4)", [...BLUE_GREEN, "images"], many(4, image), many(5, image)],
  ["Lambda userParameters (1000 characters)", [...LAMBDA, "userParameters"], text(1000), text(1001)],
  ["Step Functions input (1000 characters serialised)", [...STEP_FUNCTIONS, "input"], { v: text(992) }, { v: text(993) }],
  ["stack set description (1000 characters)", [...STACK_SET, "description"], text(1000), text(1001)],
  ["stack set failureTolerancePercentage (100)", [...STACK_SET, "failureTolerancePercentage"], 100, 101],
  ["stack set failureTolerancePercentage (at least 0)", [...STACK_SET, "failureTolerancePercentage"], 0, -1],
  ["stack set maxConcurrentPercentage (100)", [...STACK_SET, "maxConcurrentPercentage"], 100, 101],
  ["stack instances maxConcurrentPercentage (at least 0)", [...STACK_INSTANCES, "maxConcurrentPercentage"], 0, -1],
];

function withValue(path: Path, value: unknown): unknown {
  const lz = exampleInput();
  let node = lz;
  for (const seg of path.slice(0, -1)) node = node[seg];
  node[path.at(-1)!] = value;
  return lz;
}

describe("landing-zone limits at their edge", () => {
  // Every row gets its five columns (jest would pass its `done` callback in a missing one).
  const rows = LIMITS.map(([name, path, at, past, field]): [string, Path, unknown, unknown, Path] => [name, path, at, past, field ?? path]);
  it.each(rows)("%s: accepted at the limit, rejected one past it naming the field", (_, path, at, past, field) => {
    expect(() => parseLandingZone(withValue(path, at))).not.toThrow();
    expect(() => parseLandingZone(withValue(path, past))).toThrow(`\n  - ${formatPath(field)}: `);
  });

  it("tag keys: 128 characters accepted, 129 rejected naming the key", () => {
    expect(() => parseLandingZone(withValue(["defaultTags", text(128, "k")], "v"))).not.toThrow();
    expect(() => parseLandingZone(withValue(["defaultTags", text(129, "k")], "v"))).toThrow(`tag key "${text(129, "k")}" is longer than 128 characters`);
  });
});
