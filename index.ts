// Public API for other repositories: the modules (no accounts, no stacks), the stack classes of the
// landing zone, the typed remote-state readers and the config loader.
export * from "./modules/artifact-store";
export * from "./modules/tools-account";
export * from "./modules/target-account-roles";
export type { ArtifactStoreRef } from "./modules/shared/artifacts";
export * from "./stacks/remote-state";
export * from "./stacks/outputs";
export { buildLandingZone } from "./stacks/landing-zone";
export type { LandingZoneStacks } from "./stacks/landing-zone";
export { toolsStackId, targetStackId, stateKey } from "./stacks/naming";
export { loadLandingZone, parseLandingZone, ConfigError } from "./config/load";
export type { LandingZone, LandingZoneInput, TargetAccount } from "./config/schema";
export * from "./modules/pipeline/action";
export * from "./modules/pipeline/pipeline";
export * from "./modules/pipeline/triggers-conditions";
export * from "./modules/pipeline/actions/source-connection";
export * from "./modules/pipeline/actions/sources";
export * from "./modules/pipeline/actions/codebuild";
export * from "./modules/pipeline/actions/cloudformation";
export * from "./modules/pipeline/actions/deploy";
export * from "./modules/pipeline/actions/approval";
export * from "./modules/pipeline/actions/invoke";
export * from "./modules/pipeline/actions/custom";
export * from "./modules/codebuild-project";
export * from "./modules/codedeploy-application";
export * from "./modules/custom-action-type";
