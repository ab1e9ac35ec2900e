import type { App } from "cdktf";
import type { LandingZone } from "../config/schema";
import type { AccountStack } from "./account-stack";
import { PipelinesStack } from "./pipelines-stack";
import { TargetStack } from "./target-stack";
import { ToolsPrimaryStack, ToolsReplicaStack } from "./tools-stack";

/** Every stack of a landing zone, by role. */
export interface LandingZoneStacks {
  readonly toolsReplicas: ReadonlyMap<string, ToolsReplicaStack>;
  readonly toolsPrimary: ToolsPrimaryStack;
  readonly targets: ReadonlyMap<string, TargetStack>;
  /** The pipelines stack; absent when the landing zone declares no pipeline. */
  readonly pipelines?: PipelinesStack;
  /** All stacks in creation order. */
  readonly all: readonly AccountStack[];
}

/** Builds the stacks of a validated landing zone and declares the order they must be applied in. */
export function buildLandingZone(app: App, lz: LandingZone): LandingZoneStacks {
  const toolsReplicas = new Map(lz.tools.replicaRegions.map((region) => [region, new ToolsReplicaStack(app, { lz, region })]));
  const toolsPrimary = new ToolsPrimaryStack(app, {
    lz,
    region: lz.tools.primaryRegion,
    replicaStacks: [...toolsReplicas.values()],
  });
  const targets = new Map(lz.targets.map((target) => [target.name, new TargetStack(app, { lz, target, toolsPrimary, toolsReplicas })]));
  const pipelines = lz.pipelines.length > 0 ? new PipelinesStack(app, { lz, toolsPrimary, targets }) : undefined;
  return {
    toolsReplicas,
    toolsPrimary,
    targets,
    ...(pipelines ? { pipelines } : {}),
    all: [...toolsReplicas.values(), toolsPrimary, ...targets.values(), ...(pipelines ? [pipelines] : [])],
  };
}
