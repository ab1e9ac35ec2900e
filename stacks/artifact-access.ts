import { type ActionConfig, entryArtifacts } from "../config/pipeline";
import type { LandingZone } from "../config/schema";
import { artifactKeys, pipelineArtifactKeys } from "../modules/shared/artifact-layout";
import type { OrganizationScope } from "../modules/shared/policy";
import type { ArtifactObjectGrant } from "../modules/artifact-store";
import { Naming } from "./naming";
import { pipelineRegions } from "./pipeline-factory";

/** The object keys one target account's roles use in one region's artifact store. */
export interface TargetStoreKeys {
  /** Folders of the pipelines whose actions here consume artifacts (the action role reads them). */
  readonly actionRead: ReadonlySet<string>;
  /** Folders of the output artifacts the actions here produce (the action role writes only these). */
  readonly actionWrite: ReadonlySet<string>;
  /** Folders of the pipelines whose CloudFormation actions pass this account's execution role (read only). */
  readonly cloudFormationRead: ReadonlySet<string>;
  /** Keys of the revisions CodeDeploy actions here deploy: the instances' roles download them (read only). */
  readonly instanceRead: ReadonlySet<string>;
}

/** What the landing zone grants each target account, derived from its pipelines' actions. */
export interface ArtifactFootprint {
  /** target name -> region -> keys. */
  readonly keys: ReadonlyMap<string, ReadonlyMap<string, TargetStoreKeys>>;
  /** target name -> ARNs of the service roles of the pipelines that run actions there (trusted exactly). */
  readonly trusted: ReadonlyMap<string, readonly string[]>;
}

const cache = new WeakMap<LandingZone, ArtifactFootprint>();

// CloudFormation actions that pass the account's own execution role (the default one).
function passesExecutionRole(cfg: ActionConfig): boolean {
  return cfg.type === "cloudformation" && cfg.deploymentRoleArn === undefined && cfg.actionMode !== "CHANGE_SET_EXECUTE";
}

/** One pass over every action of the landing zone (cached): linear in the number of actions. */
export function artifactFootprint(lz: LandingZone): ArtifactFootprint {
  const cached = cache.get(lz);
  if (cached) return cached;
  type Mutable = { actionRead: Set<string>; actionWrite: Set<string>; cloudFormationRead: Set<string>; instanceRead: Set<string> };
  const keys = new Map<string, Map<string, Mutable>>();
  const trusted = new Map<string, string[]>();
  const naming = new Naming(lz);
  const place = (
    pipeline: string,
    roleArn: string,
    target: string,
    region: string,
    reads: boolean,
    outputs: string[],
    cloudFormation: boolean,
    revisions: string[] = [],
  ) => {
    const roles = trusted.get(target) ?? [];
    if (roles[roles.length - 1] !== roleArn) roles.push(roleArn);
    trusted.set(target, roles);
    const byRegion = keys.get(target) ?? new Map<string, Mutable>();
    keys.set(target, byRegion);
    const k = byRegion.get(region) ?? { actionRead: new Set(), actionWrite: new Set(), cloudFormationRead: new Set(), instanceRead: new Set() };
    byRegion.set(region, k);
    if (reads) k.actionRead.add(pipelineArtifactKeys(pipeline));
    for (const out of outputs) k.actionWrite.add(artifactKeys(pipeline, out));
    if (cloudFormation && reads) k.cloudFormationRead.add(pipelineArtifactKeys(pipeline));
    for (const r of revisions) k.instanceRead.add(artifactKeys(pipeline, r));
  };
  for (const p of lz.pipelines) {
    const roleArn = naming.pipelineServiceRoleArn(lz.tools.accountId, p.name);
    for (const s of p.stages) {
      for (const cfg of s.actions) {
        const target = "account" in cfg ? cfg.account : undefined;
        if (!target) continue;
        const region = ("region" in cfg ? cfg.region : undefined) ?? lz.tools.primaryRegion;
        const { inputs, outputs } = entryArtifacts(cfg);
        place(p.name, roleArn, target, region, inputs.length > 0, outputs, passesExecutionRole(cfg), cfg.type === "codedeploy" ? inputs : []);
      }
    }
  }
  for (const e of lz.externalPipelines) {
    for (const a of e.actions) place(e.name, e.roleArn, a.account, a.region ?? lz.tools.primaryRegion, a.inputs, [], a.cloudFormation);
  }
  // A role named by several external pipelines (or twice for one target) is trusted once.
  for (const [t, roles] of trusted) trusted.set(t, [...new Set(roles)]);
  const footprint: ArtifactFootprint = { keys, trusted };
  cache.set(lz, footprint);
  return footprint;
}

/** The organization scope of the landing-zone file, for the modules' grants. */
export function organizationScope(lz: LandingZone): OrganizationScope | undefined {
  const org = lz.organization;
  return org ? { id: org.id, paths: org.paths, listAccountsUpTo: org.listAccountsUpTo } : undefined;
}

/**
 * The tools account's roles on the store of `region`, each on its pipeline's folder only: every
 * pipeline's service role (reads and writes its folder), its CodeBuild projects' roles (read the
 * folder, write their own outputs), and the roles of external pipelines (their folder). Same
 * account as the store: the key policy grants them, their own (folder-scoped) policies do the rest.
 */
export function toolsObjectGrants(lz: LandingZone, region: string): ArtifactObjectGrant[] {
  const naming = new Naming(lz);
  const role = (name: string) => naming.roleArn(lz.tools.accountId, name);
  const grants: ArtifactObjectGrant[] = [];
  for (const p of lz.pipelines) {
    const folder = pipelineArtifactKeys(p.name);
    if (pipelineRegions(lz, p).has(region))
      grants.push({ roleArns: [naming.pipelineServiceRoleArn(lz.tools.accountId, p.name)], read: [folder], write: [folder], inBucketPolicy: false });
    for (const s of p.stages) {
      for (const a of s.actions) {
        if (a.type !== "codebuild" || (a.region ?? lz.tools.primaryRegion) !== region) continue;
        const projectRole = role(naming.codeBuildRoleName(a.projectName ?? naming.codeBuildProjectName(p.name, a.name)));
        grants.push({ roleArns: [projectRole], read: [folder], write: (a.outputs ?? []).map((o) => artifactKeys(p.name, o)), inBucketPolicy: false });
      }
    }
  }
  for (const e of lz.externalPipelines) {
    const regions = new Set([lz.tools.primaryRegion, ...e.actions.map((a) => a.region ?? lz.tools.primaryRegion)]);
    if (!regions.has(region)) continue;
    const folder = pipelineArtifactKeys(e.name);
    grants.push({ roleArns: [e.roleArn, ...e.buildRoleArns], read: [folder], write: [folder], inBucketPolicy: false });
  }
  return grants;
}
