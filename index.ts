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
