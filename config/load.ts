import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { checkLock, CustomActionTypeLock, formatLock, parseLock } from "./custom-action-lock";
import { parseJsonText } from "./json-text";
import { LandingZone, landingZoneSchema } from "./schema";
import { closest } from "./suggest";

/** The landing zone shipped with the package; `npx cdktf synth` uses it when nothing else is chosen. */
export const EXAMPLE_LANDING_ZONE = path.join(__dirname, "example", "landing-zone.json");

export interface ConfigProblem {
  /** JSON path of the offending value, e.g. `targets[2].accountId`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** A landing-zone file that cannot be used; lists every problem found, each with its JSON path. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const lines = problems.map((p) => `  - ${p.path ? `${p.path}: ` : ""}${p.message}`);
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`landing-zone config ${file} is invalid (${count}):\n${lines.join("\n")}`);
    this.name = "ConfigError";
  }
}

export interface LoadOptions {
  /**
   * The file as messages name it: as the user gave it (a relative path stays relative).
   * @default the path relative to the working directory when the file is inside it, else as given
   */
  readonly shown?: string;
  /**
   * Running in CI: a custom action type version missing from the lock file is an error instead of
   * being returned for recording, so that CI never writes to the repository. @default false
   */
  readonly ci?: boolean;
}

/** New custom action type versions to record in the lock file, once the synth has gone through. */
export interface LockUpdate {
  readonly file: string;
  /** The file as messages show it (relative to the working directory when inside it). */
  readonly shown: string;
  readonly text: string;
  /** `<category>/<providerName>/<version>` of each version recorded. */
  readonly added: readonly string[];
}

export interface LoadedLandingZone {
  readonly lz: LandingZone;
  /** Present when the lock file must be written (new versions, outside CI). */
  readonly lockUpdate?: LockUpdate;
}

/**
 * Reads, parses and validates a landing-zone file, and checks its custom action types against the
 * lock file next to it ({@link lockFileOf}). Writes nothing. Throws {@link ConfigError}.
 */
export function readLandingZone(file: string, options: LoadOptions = {}): LoadedLandingZone {
  const shownFile = options.shown ?? displayPath(file);
  const lz = readAndParse(file, shownFile);
  const lockFile = lockFileOf(file);
  const lock = readLock(lockFile);
  if (lz.customActionTypes.length === 0) return { lz };
  const shown = displayPath(lockFile);
  const checked = checkLock(lz.customActionTypes, lock, { lockFile: shown, ci: options.ci ?? false });
  if (checked.problems.length) throw new ConfigError(shownFile, checked.problems);
  if (checked.added.length === 0 || options.ci) return { lz };
  return { lz, lockUpdate: { file: lockFile, shown, text: formatLock(checked.lock), added: checked.added } };
}

/** Reads, parses and validates a landing-zone file (and checks it against its lock file; records nothing). Throws {@link ConfigError}. */
export function loadLandingZone(file: string, options: LoadOptions = {}): LandingZone {
  return readLandingZone(file, options).lz;
}

/** The custom action type lock of a landing-zone file: `landing-zone.json` -> `landing-zone.lock.json`. */
export function lockFileOf(file: string): string {
  return /\.json$/i.test(file) ? file.replace(/\.json$/i, ".lock.json") : `${file}.lock.json`;
}

/** Writes the lock file whole or not at all (temporary file, then rename). */
export function writeLockFile(update: LockUpdate): void {
  const tmp = `${update.file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, update.text);
    fs.renameSync(tmp, update.file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** What the synth says after recording new versions in the lock file. */
export function lockRecordedNote(update: LockUpdate): string {
  return `recorded custom action type ${update.added.join(", ")} in ${update.shown}; commit it`;
}

/** `CI` set to anything but "", "0" or "false" (CI services set CI=true). */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== "" && v !== "0" && v !== "false";
}

function readLock(lockFile: string): CustomActionTypeLock | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockFile, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError(lockFile, [{ path: "", message: (e as Error).message }]);
  }
  const restore = "restore it from version control (never delete it: it remembers deleted versions)";
  // Written by the synth, so plain JSON: no comments.
  const parsed = parseJsonText(text, { comments: false });
  if (parsed.error) throw new ConfigError(displayPath(lockFile), [{ path: "", message: `${syntaxMessage(displayPath(lockFile), parsed.error)}; ${restore}` }]);
  const { lock, problems } = parseLock(parsed.value);
  if (!lock)
    throw new ConfigError(
      lockFile,
      problems.map((p) => ({ ...p, message: `${p.message}; ${restore}` })),
    );
  return lock;
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

function readAndParse(file: string, shown: string): LandingZone {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory, not a file" : (e as Error).message;
    throw new ConfigError(shown, [{ path: "", message: `${reason}; point LANDING_ZONE_CONFIG (or the cdktf context key "landingZone") at an existing file` }]);
  }
  const parsed = parseJsonText(text);
  if (parsed.error) throw new ConfigError(shown, [{ path: "", message: syntaxMessage(shown, parsed.error) }]);
  return parseLandingZone(parsed.value, shown);
}

// "not valid JSON at line 4, column 3 (landing-zone.json:4:3): ..." (the second form is what editors and terminals open).
function syntaxMessage(shown: string, e: { line: number; column: number; message: string }): string {
  return `not valid JSON at line ${e.line}, column ${e.column} (${shown}:${e.line}:${e.column}): ${e.message}`;
}

/** Validates an already parsed landing-zone document. Throws {@link ConfigError}. */
export function parseLandingZone(json: unknown, source = "<inline>"): LandingZone {
  const result = landingZoneSchema.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.flatMap((issue) => toProblems(issue)),
  );
}

function toProblems(issue: z.core.$ZodIssue): ConfigProblem[] {
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(issue.path);
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      const hint = guess ? `did you mean "${guess}"?` : `allowed keys: ${known.join(", ")}`;
      return { path: formatPath([...issue.path, key]), message: `unknown key; ${hint}` };
    });
  }
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return [{ path: formatPath(issue.path), message: `is required (${issue.expected})` }];
  }
  if (issue.code === "invalid_type" && issue.path.length === 0) {
    return [{ path: "", message: 'the file must hold one JSON object, { "name": ..., "tools": ..., ... }' }];
  }
  if (issue.code === "invalid_key") {
    return issue.issues.map((inner) => ({ path: formatPath(issue.path), message: inner.message }));
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}

/** `["targets", 2, "accountId"]` -> `targets[2].accountId` */
export function formatPath(p: readonly PropertyKey[]): string {
  return p.map((seg, i) => (typeof seg === "number" ? `[${seg}]` : `${i === 0 ? "" : "."}${String(seg)}`)).join("");
}

// Walks the schema along an issue path so unknown-key errors can list the keys that are allowed there.
function knownKeys(p: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = landingZoneSchema;
  for (const seg of p) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.core.$ZodType>)[String(seg)];
    else if (node instanceof z.ZodArray) node = node.element as z.core.$ZodType;
    else return [];
  }
  node = unwrap(node);
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(node: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let n = node;
  while (n instanceof z.ZodOptional || n instanceof z.ZodDefault) n = n.unwrap() as z.core.$ZodType;
  return n;
}

/** Environment variable that chooses the landing-zone file; wins over the cdktf context key. */
export const CONFIG_ENV_VAR = "LANDING_ZONE_CONFIG";
/** cdktf context key (cdktf.json `context`, or `cdktf synth --context landingZone=...`). */
export const CONFIG_CONTEXT_KEY = "landingZone";

/** Which landing-zone file to load: the environment variable, else the context key, else the example. */
export function resolveLandingZoneFile(env: NodeJS.ProcessEnv, context: unknown): string {
  return chooseLandingZoneFile(env, context).file;
}

/** The landing-zone file to load (absolute) and how messages name it: as the user wrote it. */
export function chooseLandingZoneFile(env: NodeJS.ProcessEnv, context: unknown): { readonly file: string; readonly shown: string } {
  const chosen = env[CONFIG_ENV_VAR] || (typeof context === "string" && context !== "" ? context : undefined);
  return chosen ? { file: path.resolve(chosen), shown: chosen } : { file: EXAMPLE_LANDING_ZONE, shown: displayPath(EXAMPLE_LANDING_ZONE) };
}
