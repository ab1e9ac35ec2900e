import type { ActionConfig } from "../config/pipeline";
import type { LandingZone } from "../config/schema";
import { artifactKeys, pipelineArtifactKeys } from "../modules/shared/artifact-layout";
import type { OrganizationScope } from "../modules/shared/policy";

/** The object keys one target account's roles use in one region's artifact store. */
export interface TargetStoreKeys {
  /** Folders of the pipelines whose actions here consume artifacts (the action role reads them). */
  readonly actionRead: ReadonlySet<string>;
  /** Folders of the output artifacts the actions here produce (the action role writes only these). */
  readonly actionWrite: ReadonlySet<string>;
  /** Folders of the pipelines whose CloudFormation actions pass this account's execution role (read only). */
  readonly cloudFormationRead: ReadonlySet<string>;
}

/** What the landing zone grants each target account, derived from its pipelines' actions. */
export interface ArtifactFootprint {
  /** target name -> region -> keys. */
  readonly keys: ReadonlyMap<string, ReadonlyMap<string, TargetStoreKeys>>;
  /** target name -> names of the pipelines that run actions there (their roles are trusted). */
  readonly pipelines: ReadonlyMap<string, readonly string[]>;
}

const cache = new WeakMap<LandingZone, ArtifactFootprint>();

export function entryInputs(cfg: ActionConfig): string[] {
  return "inputs" in cfg && Array.isArray(cfg.inputs) ? cfg.inputs : [];
}

export function entryOutputs(cfg: ActionConfig): string[] {
  if ("output" in cfg && typeof cfg.output === "string") return [cfg.output];
  return "outputs" in cfg && Array.isArray(cfg.outputs) ? cfg.outputs : [];
}

// CloudFormation actions that pass the account's own execution role (the default one).
function passesExecutionRole(cfg: ActionConfig): boolean {
  return cfg.type === "cloudformation" && cfg.deploymentRoleArn === undefined && cfg.actionMode !== "CHANGE_SET_EXECUTE";
}

/** One pass over every action of the landing zone (cached): linear in the number of actions. */
export function artifactFootprint(lz: LandingZone): ArtifactFootprint {
  const cached = cache.get(lz);
  if (cached) return cached;
  type Mutable = { actionRead: Set<string>; actionWrite: Set<string>; cloudFormationRead: Set<string> };
  const keys = new Map<string, Map<string, Mutable>>();
  const pipelines = new Map<string, string[]>();
  for (const p of lz.pipelines) {
    for (const s of p.stages) {
      for (const cfg of s.actions) {
        const target = "account" in cfg ? cfg.account : undefined;
        if (!target) continue;
        const names = pipelines.get(target) ?? [];
        if (names[names.length - 1] !== p.name) names.push(p.name);
        pipelines.set(target, names);
        const region = ("region" in cfg ? cfg.region : undefined) ?? lz.tools.primaryRegion;
        const byRegion = keys.get(target) ?? new Map<string, Mutable>();
        keys.set(target, byRegion);
        const k = byRegion.get(region) ?? { actionRead: new Set(), actionWrite: new Set(), cloudFormationRead: new Set() };
        byRegion.set(region, k);
        if (entryInputs(cfg).length > 0) k.actionRead.add(pipelineArtifactKeys(p.name));
        for (const out of entryOutputs(cfg)) k.actionWrite.add(artifactKeys(p.name, out));
        if (passesExecutionRole(cfg) && entryInputs(cfg).length > 0) k.cloudFormationRead.add(pipelineArtifactKeys(p.name));
      }
    }
  }
  const footprint: ArtifactFootprint = { keys, pipelines };
  cache.set(lz, footprint);
  return footprint;
}

/** The organization scope of the landing-zone file, for the modules' grants. */
export function organizationScope(lz: LandingZone): OrganizationScope | undefined {
  const org = lz.organization;
  return org ? { id: org.id, paths: org.paths, listAccountsUpTo: org.listAccountsUpTo } : undefined;
}
