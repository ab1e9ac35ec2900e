import type { IConstruct } from "constructs";

/** Node metadata type under which suppressions are recorded on their construct. */
export const SUPPRESSION_METADATA = "cdktf-guardrails/suppression";

/** Fewer characters cannot say why a rule does not apply. */
export const MIN_REASON_LENGTH = 10;

/** A rule silenced on a construct and everything under it. */
export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
  /** Path of the construct the suppression was added to. */
  readonly path: string;
}

/**
 * Silences one guardrail on a construct and all its children (a stack, a module construct, a
 * single resource). The reason is mandatory and kept in the report; a suppression that silences no
 * non-compliant finding, or names a rule the pack does not have, is itself reported as an error.
 */
export function suppressRule(construct: IConstruct, ruleId: string, reason: string): void {
  const where = `suppressRule(${construct.node.path || "<app>"})`;
  if (typeof ruleId !== "string" || !ruleId.trim()) throw new Error(`${where}: ruleId must name a guardrail, e.g. "CP-EVT-1"`);
  if (typeof reason !== "string" || reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(
      `${where}, ${ruleId}: reason must explain why the rule does not apply here, in at least ${MIN_REASON_LENGTH} characters (got ${JSON.stringify(reason)})`,
    );
  }
  construct.node.addMetadata(SUPPRESSION_METADATA, { ruleId: ruleId.trim(), reason: reason.trim() });
}

/** Every suppression recorded under a scope (the scope included). */
export function suppressionsUnder(scope: IConstruct): Suppression[] {
  const out: Suppression[] = [];
  for (const c of scope.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== SUPPRESSION_METADATA) continue;
      const data = m.data as { ruleId: string; reason: string };
      out.push({ ruleId: data.ruleId, reason: data.reason, path: c.node.path });
    }
  }
  return out;
}

/** Whether a suppression on `suppression.path` covers a construct path (itself or a descendant). */
export function covers(suppression: Suppression, constructPath: string): boolean {
  const p = suppression.path;
  return p === "" || constructPath === p || constructPath.startsWith(`${p}/`);
}
