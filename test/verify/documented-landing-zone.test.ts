import { codeBuildRoleName } from "../../modules/codebuild-project";
import { Naming } from "../../stacks/naming";
import { buildModel, type RoleModel } from "../../verify/access/model";
import { missingPermissions, rowForType } from "../../verify/documented/compare";
import { DOCUMENTED, type DocumentedRow } from "../../verify/documented/permissions";
import { allActionTypesLandingZone } from "../../verify/landing-zones";
import { asList } from "../../synth/resolve";
import { synthExample } from "../fixtures/synth";

// One test per row of the documented-permissions table: the role that runs each action, rule or
// source of the all-action-types landing zone is granted what AWS documents for it.
const lz = allActionTypesLandingZone();
const { stacks, index } = synthExample(lz);
const model = buildModel(stacks);
const pipelinesStack = `pipelines-${lz.tools.primaryRegion}`;
const tools = lz.tools.accountId;

// The connections service was renamed; IAM evaluates the prefix of the connection's ARN (Developer
// Tools console guide, "Connections rename"), so a documented codestar-connections action is
// satisfied by its codeconnections twin on a codeconnections ARN.
const normalize = (a: string) => a.replace(/^codestar-connections:/i, "codeconnections:");
const allowed = (r: RoleModel | undefined): string[] =>
  r ? [...r.inline, ...r.managed].flatMap((p) => p.policy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => asList(s.Action))).map(normalize) : [];
const roleNamed = (account: string, name: string) => [...model.roles.values()].find((r) => r.account === account && r.name === name);
const normalized = (row: DocumentedRow): DocumentedRow => ({ ...row, permissions: row.permissions.map(normalize) });

type TfRule = { name: string; rule_type_id: { provider: string } };
type TfAction = { name: string; category: string; owner: string; provider: string; role_arn?: string; input_artifacts?: string[] };
type TfStage = {
  action: TfAction[];
  before_entry?: { condition: { rule: TfRule[] } };
  on_success?: { condition: { rule: TfRule[] } };
  on_failure?: { condition?: { rule: TfRule[] } };
};
const pipelines = Object.values(index.resources(pipelinesStack, "aws_codepipeline")) as { name: string; role_arn: string; stage: TfStage[] }[];

/** Per row id: the granted actions of each role that runs an instance of it. */
const instances = new Map<string, { what: string; granted: string[]; configuration: Record<string, string> }[]>();
const add = (id: string, what: string, role: RoleModel | undefined, configuration: Record<string, string> = {}) =>
  instances.set(id, [...(instances.get(id) ?? []), { what, granted: allowed(role), configuration }]);
for (const p of pipelines) {
  const pipelineRole = model.roles.get(index.resolveString(pipelinesStack, p.role_arn));
  const producers = new Map<string, TfAction>();
  for (const s of p.stage) for (const a of s.action) for (const o of (a as { output_artifacts?: string[] }).output_artifacts ?? []) producers.set(o, a);
  for (const s of p.stage) {
    for (const a of s.action) {
      const row = rowForType(a.category, a.owner, a.provider);
      const runner = a.role_arn ? model.roles.get(index.resolveString(pipelinesStack, a.role_arn)) : pipelineRole;
      if (row) add(row.id, `${p.name}/${a.name}`, runner, (a as { configuration?: Record<string, string> }).configuration);
      // A CodeBuild action that reads a clone reference: its project's role clones the repository.
      for (const input of a.input_artifacts ?? []) {
        const producer = producers.get(input);
        const format = producer && findConfiguration(p, producer.name)?.OutputArtifactFormat;
        if (a.provider !== "CodeBuild" || format !== "CODEBUILD_CLONE_REF") continue;
        const projectRole = roleNamed(tools, codeBuildRoleName(new Naming({ name: lz.name as string }).codeBuildProjectName(p.name, a.name)));
        add(`Source/${producer!.provider}/CODEBUILD_CLONE_REF`, `${p.name}/${a.name} <- ${producer!.name}`, projectRole);
      }
    }
    for (const c of [s.before_entry?.condition, s.on_success?.condition, s.on_failure?.condition]) {
      for (const r of c?.rule ?? []) add(rowForType("Rule", "AWS", r.rule_type_id.provider)!.id, `${p.name}/${r.name}`, pipelineRole);
    }
  }
}
function findConfiguration(p: { stage: TfStage[] }, actionName: string): Record<string, string> | undefined {
  for (const s of p.stage) for (const a of s.action) if (a.name === actionName) return (a as { configuration?: Record<string, string> }).configuration;
  return undefined;
}
// Event-driven sources: the role EventBridge assumes to start the pipeline.
for (const [source, id] of [
  ["Upload", "Source/S3/change-detection"],
  ["Image", "Source/ECR/change-detection"],
  ["Repo", "Source/CodeCommit/change-detection"],
] as const) {
  const starters = [...model.roles.values()].filter((r) => r.account === tools && r.name.startsWith(`${lz.name}-every-action-${source}-start`));
  for (const r of starters) add(id, `every-action/${source}`, r);
}

describe("the documented-permissions table against the all-action-types landing zone", () => {
  it.each(DOCUMENTED.map((r) => [r.id, r] as const))("%s", (_id, row) => {
    const found = instances.get(row.id) ?? [];
    // Every row is exercised by the fixture.
    expect(found.length).toBeGreaterThan(0);
    for (const i of found)
      expect({ instance: i.what, missing: missingPermissions(normalized(row), i.granted, i.configuration) }).toEqual({ instance: i.what, missing: [] });
  });
});
