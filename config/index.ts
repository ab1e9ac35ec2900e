/**
 * The landing-zone file's public surface: the loader (JSONC, validation with errors that name the
 * JSON path, the custom action type lock), the zod schema and the types it gives. No cdktf here.
 * The JSON Schema of the file ships as `<package>/landing-zone.schema.json`.
 */
export { loadLandingZone, readLandingZone, parseLandingZone, lockFileOf, writeLockFile, isCi, ConfigError, EXAMPLE_LANDING_ZONE } from "./load";
export type { ConfigProblem, LoadOptions, LoadedLandingZone, LockUpdate } from "./load";
export { landingZoneSchema } from "./schema";
export type { LandingZone, LandingZoneInput, TargetAccount, ToolsAccountConfig, StateBackendConfig } from "./schema";
