/**
 * Most paths of a large landing zone are the same request made from another account: target 7's
 * action role reading the fan-out pipeline's artifacts differs from target 8's only in the account
 * id. The IAM evaluator compares account ids only as whole values (equality, or a `*`/`?` that
 * spans the whole id), so renaming every account id of a request to another one, consistently and
 * one to one, cannot change its verdict. Each class of requests equal up to such a renaming is
 * therefore evaluated once and its verdict (with the account ids in its detail renamed back) given to
 * every member: at 100 targets, 8,769 paths fall into under 800 classes, a number that does not grow
 * with the targets.
 *
 * A request is put in a class of its own (evaluated as it is) when the argument could fail for it:
 * a digit next to a wildcard (a pattern such as `5000*` compares part of an id) or a numeric
 * condition operator (which compares ids as numbers). test/verify/symmetry.test.ts evaluates every
 * path of several landing zones both ways and compares every outcome.
 */
import type { AccessCheck, Outcome } from "./simulate";
import { toSimulation } from "./simulate";

/** A maximal run of exactly 12 digits: an account id, wherever it occurs (ARN, context key, Sid). */
const ACCOUNT_ID = /(?<!\d)\d{12}(?!\d)/g;
/** Where the renaming could change a verdict: part of a digit run compared by a wildcard, or a number comparison. */
const UNSAFE = /\d[*?]|[*?]\d|"Numeric/i;
/** JSON.stringify escapes control characters, so this never occurs in its output. */
const MARK = "\u0000";

interface Part {
  /** Interned text with every account id replaced by {@link MARK}; -1 when unsafe. */
  readonly id: number;
  /** The account ids in order of occurrence. */
  readonly ids: readonly string[];
}

export interface CheckClass {
  /** Index of the check that is evaluated for the class. */
  readonly representative: number;
  /** The account ids of each member in order of first occurrence, aligned with the representative's. */
  readonly members: readonly (readonly [index: number, ids: readonly string[]])[];
}

/** Groups checks whose evaluator input is the same up to a one-to-one renaming of account ids. */
export function classify(checks: readonly AccessCheck[]): CheckClass[] {
  const templates = new Map<string, number>();
  const byObject = new WeakMap<object, Part>();
  const part = (text: string): Part => {
    if (UNSAFE.test(text)) return { id: -1, ids: [] };
    const ids: string[] = [];
    const template = text.replace(ACCOUNT_ID, (id) => {
      ids.push(id);
      return MARK;
    });
    let id = templates.get(template);
    if (id === undefined) templates.set(template, (id = templates.size));
    return { id, ids };
  };
  // Policy documents are shared between many checks: each is read once.
  const policyPart = (doc: object): Part => {
    let p = byObject.get(doc);
    if (!p) byObject.set(doc, (p = part(JSON.stringify(doc))));
    return p;
  };
  const classes = new Map<string, { representative: number; members: [number, string[]][] }>();
  checks.forEach((check, index) => {
    const sim = toSimulation(check);
    const { identityPolicies, resourcePolicy, permissionBoundaryPolicies, request, ...rest } = sim;
    const parts = [
      part(
        JSON.stringify({
          request,
          rest,
          identity: identityPolicies.map((p) => p.name),
          boundary: permissionBoundaryPolicies?.map((p) => p.name),
          resource: resourcePolicy === undefined,
        }),
      ),
      ...identityPolicies.map((p) => policyPart(p.policy as object)),
      ...(permissionBoundaryPolicies ?? []).map((p) => policyPart(p.policy as object)),
      ...(resourcePolicy === undefined ? [] : [policyPart(resourcePolicy as object)]),
    ];
    if (parts.some((p) => p.id < 0)) {
      classes.set(`#${index}`, { representative: index, members: [[index, []]] });
      return;
    }
    // The class key: the templates, and which occurrences carry the same id (by first occurrence).
    const first = new Map<string, number>();
    const order: number[] = [];
    for (const p of parts) {
      for (const id of p.ids) {
        let n = first.get(id);
        if (n === undefined) first.set(id, (n = first.size));
        order.push(n);
      }
    }
    const key = `${parts.map((p) => p.id).join(",")}|${order.join(",")}`;
    const ids = [...first.keys()];
    const found = classes.get(key);
    if (found) found.members.push([index, ids]);
    else classes.set(key, { representative: index, members: [[index, ids]] });
  });
  return [...classes.values()];
}

/** The representative's outcome as a member's: its account ids in the detail renamed to the member's. */
export function renameOutcome(outcome: Outcome, from: readonly string[], to: readonly string[]): Outcome {
  if (from === to || from.length === 0) return outcome;
  const map = new Map(from.map((id, i) => [id, to[i]!]));
  const detail = outcome.detail.replace(ACCOUNT_ID, (id) => map.get(id) ?? id);
  return detail === outcome.detail ? outcome : { ...outcome, detail };
}

/** Every check's outcome, evaluating one check per class with `evaluate`. */
export async function evaluateByClass(
  checks: readonly AccessCheck[],
  evaluate: (representatives: readonly AccessCheck[]) => Promise<Outcome[]>,
): Promise<Outcome[]> {
  const classes = classify(checks);
  const verdicts = await evaluate(classes.map((c) => checks[c.representative]!));
  const outcomes = new Array<Outcome>(checks.length);
  classes.forEach((c, i) => {
    const repIds = c.members[0]![1];
    for (const [index, ids] of c.members) outcomes[index] = renameOutcome(verdicts[i]!, repIds, ids);
  });
  return outcomes;
}
