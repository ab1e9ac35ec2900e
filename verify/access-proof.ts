/**
 * Access proof (DESIGN.md "Verifying without a cloud", item 4): from the synthesized stacks alone,
 * every intended access path of the landing zone is evaluated with a real IAM policy evaluator
 * (@cloud-copilot/iam-simulate) and must be ALLOWED, and every unintended one must be DENIED.
 *
 * - Discovery ({@link buildModel}): roles with every policy attached to them anywhere in the app,
 *   artifact stores (bucket + bucket policy + key + key policy), pipelines and their actions,
 *   EventBridge rules/targets/DLQs, SNS topics, SQS queues, notification rules, Lambda permissions;
 *   references are resolved across stacks through remote-state outputs.
 * - Paths ({@link planPaths}): which principal must (not) be able to do what on which resource.
 * - Evaluation ({@link evaluate}): identity policies + resource policy (bucket, key, trust, topic,
 *   queue policy) + the request context keys AWS would set, which the evaluator does not fill in.
 *
 * What it cannot see: SCPs/RCPs, permission boundaries and managed policies whose documents are
 * not in the synth (see AccessCheck.expected for how those are treated), session policies, VPC
 * endpoint policies, S3 ACLs / Block Public Access, KMS grants, resources outside the landing zone.
 */
import { SynthesizedStack } from "../synth/wiring";
import { buildModel } from "./access/model";
import { planPaths, principalLabel } from "./access/paths";
import { evaluateAll } from "./access/parallel";
import { evaluateByClass } from "./access/symmetry";
import { partitionMismatches } from "./access/partition";
import { AccessCheck, Expectation, Result } from "./access/simulate";

export { buildModel, type LandingZoneModel } from "./access/model";
export { otherRole, planPaths, OTHER_ACCOUNT, OTHER_ROLE } from "./access/paths";
export { evaluate, requestContext, toSimulation, type AccessCheck, type Caller, type Outcome } from "./access/simulate";

export interface AccessRow {
  /** What kind of path this is, e.g. "pipeline role assumes the action roles of its pipelines". */
  readonly kind: string;
  /** Principal ARN (or service / "anonymous"), with what it acts for in brackets. */
  readonly principal: string;
  /** Action, with the request variant in brackets ("no TLS"). */
  readonly action: string;
  readonly resource: string;
  readonly expected: Expectation;
  readonly result: Result;
  readonly pass: boolean;
  /** The evaluator's verdict and deciding policies, or why the path could not be evaluated. */
  readonly detail: string;
  /** The check that was evaluated (absent for paths that could not be evaluated). */
  readonly check?: AccessCheck;
}

export interface AccessProof {
  readonly rows: AccessRow[];
  readonly passed: number;
  readonly failed: number;
  /** What the proof had to leave out or assume (unresolved references, unknown managed policies, ...). */
  readonly notes: string[];
}

/** Evaluates every intended and unintended access path of the synthesized landing zone. */
export async function proveAccess(
  stacks: readonly SynthesizedStack[],
  options: {
    readonly workers?: number;
    /** Evaluate one path per class of paths equal up to the account ids (./access/symmetry); false evaluates every path. @default true */
    readonly byClass?: boolean;
    /** Told how many paths there are, and how many evaluations they take, before the evaluation. @default silent */
    readonly progress?: (line: string) => void;
  } = {},
): Promise<AccessProof> {
  const progress = options.progress ?? (() => {});
  const model = buildModel(stacks);
  const plan = planPaths(model);
  const paths = plan.checks.length.toLocaleString("en-US");
  const rows: AccessRow[] = [];
  for (const p of partitionMismatches(stacks)) {
    rows.push({
      kind: "every ARN is in the partition of its stack's region",
      principal: p.stack,
      action: p.at,
      resource: p.arn,
      expected: "DENIED",
      result: "ERROR",
      pass: false,
      detail: `an ARN of another partition than ${p.expected}: the evaluator would match an account principal by its account id alone`,
    });
  }
  for (const u of plan.unprovable) {
    rows.push({
      kind: u.kind,
      principal: u.principal,
      action: u.action,
      resource: u.resource,
      expected: u.expected,
      result: "ERROR",
      pass: false,
      detail: u.reason,
    });
  }
  const evaluate = (checks: readonly AccessCheck[], line: string) => {
    progress(line);
    return evaluateAll(checks, options.workers);
  };
  const outcomes =
    options.byClass === false
      ? await evaluate(plan.checks, `  ${paths} paths, each evaluated`)
      : await evaluateByClass(plan.checks, (classes) =>
          evaluate(classes, `  ${paths} paths in ${classes.length.toLocaleString("en-US")} classes, one evaluation each`),
        );
  for (const [i, check] of plan.checks.entries()) {
    const outcome = outcomes[i]!;
    const pass = outcome.result === check.expected && (check.expected === "ALLOWED" || !check.mustBeDeniedByResourcePolicy || outcome.resourceExplicitDeny);
    rows.push({
      kind: check.kind,
      principal: `${principalLabel(check.caller)}${check.via ? ` [${check.via}]` : ""}`,
      action: `${check.action}${check.qualifier ? ` (${check.qualifier})` : ""}`,
      resource: check.resource,
      expected: check.expected,
      result: outcome.result,
      pass,
      detail:
        check.mustBeDeniedByResourcePolicy && outcome.result === "DENIED" && !outcome.resourceExplicitDeny
          ? `${outcome.detail}; the resource policy itself must deny this`
          : outcome.detail,
      check,
    });
  }
  const notes = [...new Set(model.notes)];
  const unknown = new Set<string>();
  for (const r of model.roles.values()) {
    for (const a of r.unresolvedManaged)
      unknown.add(`${r.arn}: attached policy ${a} is not in the synth (assumed to allow nothing on ALLOWED paths, everything on DENIED paths)`);
    if (r.unresolvedBoundary) unknown.add(`${r.arn}: permissions boundary ${r.unresolvedBoundary} is not in the synth (not applied)`);
  }
  notes.push(...[...unknown].sort());
  notes.push(...model.resolver.unresolved().map((u) => `unresolved reference ${u}`));
  const failed = rows.filter((r) => !r.pass).length;
  return { rows, passed: rows.length - failed, failed, notes };
}

/** The proof as a padded text table, grouped by path kind, with the summary line last. */
export function formatAccessTable(proof: AccessProof, options: { onlyFailures?: boolean } = {}): string {
  const header = ["principal", "action", "resource", "expected", "result"];
  const shown = options.onlyFailures ? proof.rows.filter((r) => !r.pass) : proof.rows;
  const cells = (r: AccessRow) => [r.principal, r.action, r.resource, r.expected, r.pass ? r.result : `${r.result}  <-- MISMATCH`];
  const widths = header.map((h, i) => Math.max(h.length, ...shown.map((r) => cells(r)[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join("  ");
  const out = [line(header), line(widths.map((w) => "-".repeat(w)))];
  let kind: string | undefined;
  for (const r of shown) {
    if (r.kind !== kind) {
      kind = r.kind;
      out.push(`# ${kind}`);
    }
    out.push(line(cells(r)));
  }
  const failures = proof.rows.filter((r) => !r.pass);
  if (failures.length > 0) {
    out.push("", "mismatches:");
    for (const r of failures) out.push(`  - ${r.principal} ${r.action} ${r.resource}: expected ${r.expected}, got ${r.result}: ${r.detail}`);
  }
  if (proof.notes.length > 0) {
    out.push("", "notes:");
    for (const n of proof.notes) out.push(`  - ${n}`);
  }
  out.push("", `${proof.passed} passed, ${proof.failed} failed`);
  return out.join("\n");
}
