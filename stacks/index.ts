/**
 * The stacks' public surface: the landing zone's stacks (one per account x region role) and their
 * builder, the stack ids and state keys (a public contract), the output names, and the typed
 * remote-state readers another cdktf app uses to read the landing zone.
 */
export { buildLandingZone } from "./landing-zone";
export type { LandingZoneStacks } from "./landing-zone";
export { AccountStack } from "./account-stack";
export type { AccountStackProps } from "./account-stack";
export { ToolsReplicaStack, ToolsPrimaryStack } from "./tools-stack";
export type { ToolsStackProps } from "./tools-stack";
export { TargetStack } from "./target-stack";
export type { TargetStackProps } from "./target-stack";
export { PipelinesStack } from "./pipelines-stack";
export type { PipelinesStackProps } from "./pipelines-stack";
export { toolsStackId, targetStackId, pipelinesStackId, stateKey } from "./naming";
export { TOOLS_REGION_OUTPUTS, TOOLS_PRIMARY_OUTPUTS, PIPELINES_OUTPUTS, TARGET_OUTPUTS } from "./outputs";
export { ToolsRegionState, ToolsPrimaryState, TargetState } from "./remote-state";
export type { LandingZoneStateLocation, ToolsRegionStateProps, TargetStateProps } from "./remote-state";
