/**
 * The custom action type lock: every custom action type version a landing zone has defined, with
 * the definition it was first synthesized with. A version can never change definition:
 *
 * - Terraform cannot update a custom action type: every argument of
 *   `aws_codepipeline_custom_action_type` but `tags` forces replacement, and its update handles tags
 *   only (hashicorp/terraform-provider-aws, internal/service/codepipeline/custom_action_type.go).
 * - CodePipeline re-creates a deleted version only from a definition identical to the deleted one;
 *   a changed type needs "a string in the version field that has never been used before"
 *   (CodePipeline API reference, DeleteCustomActionType:
 *   https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_DeleteCustomActionType.html).
 *
 * So a changed definition under a recorded version would plan a delete and a re-create that fails,
 * and leave that version unusable. Pure data and checks; reading and writing the file is load.ts's.
 */
import { z } from "zod";
import type { CustomActionTypeConfig } from "./pipeline/custom-action-types";
import type { ConfigProblem } from "./load";

/** What CreateCustomActionType receives besides category, provider and version (all force replacement). */
export interface LockedDefinition {
  readonly configurationProperties: readonly {
    readonly name: string;
    readonly required: boolean;
    readonly key: boolean;
    readonly secret: boolean;
    readonly queryable: boolean;
    readonly description?: string;
    readonly type?: string;
  }[];
  readonly inputArtifactDetails: { readonly minimumCount: number; readonly maximumCount: number };
  readonly outputArtifactDetails: { readonly minimumCount: number; readonly maximumCount: number };
  readonly settings?: Readonly<Record<string, string>>;
}

export interface CustomActionTypeLock {
  /** By `<category>/<providerName>/<version>`. */
  readonly customActionTypes: Readonly<Record<string, LockedDefinition>>;
}

const LOCK_NOTE =
  "Written by cdktf synth; commit it. Every custom action type version this landing zone has defined, as first synthesized: a version can never change definition, nor be reused after it is deleted.";

const count = z.strictObject({ minimumCount: z.number().int(), maximumCount: z.number().int() });
const lockSchema = z.strictObject({
  _note: z.string().optional(),
  customActionTypes: z.record(
    z.string().regex(/^[A-Za-z]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/, { error: "is not <category>/<providerName>/<version>" }),
    z.strictObject({
      configurationProperties: z.array(
        z.strictObject({
          name: z.string(),
          required: z.boolean(),
          key: z.boolean(),
          secret: z.boolean(),
          queryable: z.boolean(),
          description: z.string().optional(),
          type: z.string().optional(),
        }),
      ),
      inputArtifactDetails: count,
      outputArtifactDetails: count,
      settings: z.record(z.string(), z.string()).optional(),
    }),
  ),
});

export function lockKey(c: Pick<CustomActionTypeConfig, "category" | "providerName" | "version">): string {
  return `${c.category}/${c.providerName}/${c.version}`;
}

/**
 * The definition as the custom-action-type module emits it: its defaults applied (flags false, no
 * artifacts, no settings), property order kept (a list in Terraform), key order fixed.
 */
export function lockedDefinition(c: CustomActionTypeConfig): LockedDefinition {
  const settings = Object.fromEntries(
    (["entityUrlTemplate", "executionUrlTemplate", "revisionUrlTemplate", "thirdPartyConfigurationUrl"] as const)
      .filter((k) => c.settings?.[k] !== undefined)
      .map((k) => [k, c.settings![k]!]),
  );
  const range = (r: { minimumCount: number; maximumCount: number } | undefined) => ({ minimumCount: r?.minimumCount ?? 0, maximumCount: r?.maximumCount ?? 0 });
  return {
    configurationProperties: (c.configurationProperties ?? []).map((p) => ({
      name: p.name,
      required: p.required ?? false,
      key: p.key ?? false,
      secret: p.secret ?? false,
      queryable: p.queryable ?? false,
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.type !== undefined ? { type: p.type } : {}),
    })),
    inputArtifactDetails: range(c.inputArtifactDetails),
    outputArtifactDetails: range(c.outputArtifactDetails),
    ...(Object.keys(settings).length ? { settings } : {}),
  };
}

/** Parses a lock file's JSON; problems carry paths inside the lock file. */
export function parseLock(json: unknown): { lock?: CustomActionTypeLock; problems: ConfigProblem[] } {
  const result = lockSchema.safeParse(json);
  if (result.success) return { lock: { customActionTypes: result.data.customActionTypes }, problems: [] };
  return {
    problems: result.error.issues.map((i) => ({
      path: i.path.map((seg, n) => (typeof seg === "number" ? `[${seg}]` : n === 0 ? String(seg) : `.${String(seg)}`)).join(""),
      message: i.message,
    })),
  };
}

/** The lock file's text: entries sorted by key, so that its diffs show only what changed. */
export function formatLock(lock: CustomActionTypeLock): string {
  const sorted = Object.fromEntries(
    Object.keys(lock.customActionTypes)
      .sort()
      .map((k) => [k, lock.customActionTypes[k]!]),
  );
  return `${JSON.stringify({ _note: LOCK_NOTE, customActionTypes: sorted }, null, 2)}\n`;
}

export interface LockCheck {
  /** One per custom action type that breaks the lock, at `customActionTypes[i]`. */
  readonly problems: ConfigProblem[];
  /** Keys of versions the lock does not hold yet (recorded in `lock` unless `ci`). */
  readonly added: string[];
  /** The lock with the added versions; entries of versions no longer defined are kept. */
  readonly lock: CustomActionTypeLock;
}

export interface LockCheckOptions {
  /** Name of the lock file, for messages. */
  readonly lockFile: string;
  /** Under CI a version missing from the lock is a problem: CI never writes to the repository. */
  readonly ci: boolean;
}

/** Checks the landing zone's custom action types against the lock (none yet: `undefined`). */
export function checkLock(types: readonly CustomActionTypeConfig[], lock: CustomActionTypeLock | undefined, options: LockCheckOptions): LockCheck {
  const entries: Record<string, LockedDefinition> = { ...(lock?.customActionTypes ?? {}) };
  const problems: ConfigProblem[] = [];
  const added: string[] = [];
  types.forEach((c, i) => {
    const key = lockKey(c);
    const path = `customActionTypes[${i}]`;
    const definition = lockedDefinition(c);
    const recorded = entries[key];
    if (recorded === undefined) {
      added.push(key);
      if (options.ci) {
        problems.push({
          path,
          message:
            `${key} is not recorded in ${options.lockFile}, and CI never writes to the repository. ` +
            `Fix: run \`npx cdktf synth\` locally (without CI=true), which records it, and commit ${options.lockFile}`,
        });
      } else entries[key] = definition;
      return;
    }
    const changes = differences(recorded, definition);
    if (changes.length === 0) return;
    problems.push({
      path,
      message:
        `${key} differs from the definition recorded in ${options.lockFile} (${changes.join("; ")}). ` +
        "A custom action type cannot be changed under the same version: Terraform would delete and re-create it " +
        "(every argument but tags forces replacement), and CodePipeline re-creates a deleted version only with its original definition, " +
        "so the apply would fail and leave the version unusable. " +
        'Fix: give the changed definition a new "version" that the lock does not hold, and point the custom actions (actionType.version) at it; ' +
        `or undo the change. Only if no apply ever created ${key} may you delete its entry from the lock instead`,
    });
  });
  return { problems, added, lock: { customActionTypes: entries } };
}

// "configurationProperties[0].description: \"a\" -> \"b\"", at most three, in document order.
function differences(before: unknown, after: unknown, at = ""): string[] {
  if (canonical(before) === canonical(after)) return [];
  const bothObjects = typeof before === "object" && before !== null && typeof after === "object" && after !== null;
  if (!bothObjects || Array.isArray(before) !== Array.isArray(after)) return [`${at || "definition"}: ${show(before)} -> ${show(after)}`];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  if (Array.isArray(b) && Array.isArray(a) && b.length !== a.length) return [`${at}: ${b.length} entries -> ${a.length}`];
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out = keys.flatMap((k) => differences(b[k], a[k], Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k));
  return out.slice(0, 3);
}

function show(v: unknown): string {
  return v === undefined ? "(none)" : JSON.stringify(v);
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)))
      : x,
  );
}
