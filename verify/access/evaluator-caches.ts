/**
 * Three pure functions inside the IAM policy evaluator took about 45% of the access proof's CPU
 * time (`node --cpu-prof`, N = 50 targets):
 * - the resource-type lookup of an (action, resource) pair, recomputed with automata on every
 *   simulation: it depends only on the bundled IAM data, so it is memoized per service, action and
 *   resource;
 * - case-insensitive comparison through `String.prototype.localeCompare` with options, which builds
 *   a collator on every call: ECMA-402 defines it as `new Intl.Collator(undefined, options).compare`,
 *   so one collator serves;
 * - the conversion of a policy string to a regular expression: without a policy variable (`${...}`)
 *   it does not depend on the request, so it is memoized per string and options.
 * {@link setEvaluatorCaches} swaps them in (and out) of the evaluator's own modules.
 *
 * They are internals of exactly pinned devDependencies: if a new version moves them, this throws,
 * naming what moved, rather than silently running slowly or differently.
 * test/verify/evaluator-caches.test.ts runs the proof of a landing zone with and without them and
 * compares every verdict.
 */
import * as path from "node:path";

type ResourceTypesForAction = (service: string, action: string, resource: string) => Promise<unknown[]>;
type CaseInsensitive = (first: string, second: string) => boolean;
type ConvertIamString = (value: string, request: unknown, options?: { readonly replaceWildcards?: boolean; readonly convertToRegex?: boolean }) => unknown;

interface Patched {
  readonly types: { getResourceTypesForAction: ResourceTypesForAction };
  readonly simUtils: { convertIamString: ConvertIamString };
  readonly policyUtils: { caseInsensitiveEquals: CaseInsensitive; caseInsensitiveEndsWith: CaseInsensitive };
}

export interface EvaluatorFunctions {
  readonly getResourceTypesForAction: ResourceTypesForAction;
  readonly convertIamString: ConvertIamString;
  readonly caseInsensitiveEquals: CaseInsensitive;
  readonly caseInsensitiveEndsWith: CaseInsensitive;
}

function internalModule<T>(pkg: string, from: string, file: string, members: readonly string[]): T {
  // The packages export only their root; the evaluator itself requires these files by relative path.
  const root = path.dirname(require.resolve(pkg, { paths: [from] }));
  const mod = require(path.join(root, file)) as Record<string, unknown>;
  for (const m of members) {
    if (typeof mod[m] !== "function") {
      throw new Error(`${pkg}: ${file} no longer exports ${m}; update verify/access/evaluator-caches.ts for the new version`);
    }
  }
  return mod as T;
}

function cachedVariant(original: EvaluatorFunctions): EvaluatorFunctions {
  const lookups = new Map<string, Promise<unknown[]>>();
  // One map per combination of the two options, keyed by the policy string alone.
  const converted = [new Map<string, unknown>(), new Map<string, unknown>(), new Map<string, unknown>(), new Map<string, unknown>()];
  const collator = new Intl.Collator(undefined, { sensitivity: "accent" });
  const equals: CaseInsensitive = (first, second) => {
    if (first === second) return true;
    // Printable ASCII has no accents and no ignorable characters: case folding alone decides.
    if (PRINTABLE_ASCII.test(first) && PRINTABLE_ASCII.test(second)) return first.length === second.length && first.toLowerCase() === second.toLowerCase();
    return collator.compare(first, second) === 0;
  };
  return {
    // The same array for the same pair: the evaluator's one caller only reads it (it maps it to a copy).
    getResourceTypesForAction: (service, action, resource) => {
      const key = `${service}\n${action}\n${resource}`;
      let hit = lookups.get(key);
      if (!hit) {
        hit = original.getResourceTypesForAction(service, action, resource);
        lookups.set(key, hit);
      }
      return hit;
    },
    // The same result for the same string: callers only read it (a string, or a pattern and errors).
    convertIamString: (value, request, options) => {
      if (value.includes("${")) return original.convertIamString(value, request, options);
      // The evaluator merges options over these defaults, an explicit undefined included.
      const o = { replaceWildcards: true, convertToRegex: true, ...options };
      const map = converted[(o.replaceWildcards ? 1 : 0) + (o.convertToRegex ? 2 : 0)]!;
      let hit = map.get(value);
      if (hit === undefined) {
        hit = original.convertIamString(value, request, options);
        map.set(value, hit);
      }
      return hit;
    },
    caseInsensitiveEquals: equals,
    caseInsensitiveEndsWith: (value, suffix) => equals(value.slice(suffix.length * -1), suffix),
  };
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

let state: { patched: Patched; original: EvaluatorFunctions; cached: EvaluatorFunctions } | undefined;

function load() {
  if (state) return state;
  const simulateRoot = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
  const patched: Patched = {
    types: internalModule("@cloud-copilot/iam-simulate", __dirname, "simulation_engine/resourceTypes.js", ["getResourceTypesForAction"]),
    simUtils: internalModule("@cloud-copilot/iam-simulate", __dirname, "util.js", ["convertIamString"]),
    policyUtils: internalModule("@cloud-copilot/iam-policy", simulateRoot, "utils.js", ["caseInsensitiveEquals", "caseInsensitiveEndsWith"]),
  };
  const original: EvaluatorFunctions = {
    getResourceTypesForAction: patched.types.getResourceTypesForAction,
    convertIamString: patched.simUtils.convertIamString,
    caseInsensitiveEquals: patched.policyUtils.caseInsensitiveEquals,
    caseInsensitiveEndsWith: patched.policyUtils.caseInsensitiveEndsWith,
  };
  state = { patched, original, cached: cachedVariant(original) };
  return state;
}

/** The evaluator's own functions and their cached equivalents (for the equivalence test). */
export function evaluatorFunctions(): { readonly original: EvaluatorFunctions; readonly cached: EvaluatorFunctions } {
  const { original, cached } = load();
  return { original, cached };
}

/** Puts the cached (default) or the original functions into the evaluator's modules. */
export function setEvaluatorCaches(enabled: boolean): void {
  const { patched, original, cached } = load();
  const v = enabled ? cached : original;
  patched.types.getResourceTypesForAction = v.getResourceTypesForAction;
  patched.simUtils.convertIamString = v.convertIamString;
  patched.policyUtils.caseInsensitiveEquals = v.caseInsensitiveEquals;
  patched.policyUtils.caseInsensitiveEndsWith = v.caseInsensitiveEndsWith;
}
