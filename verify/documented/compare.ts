import { wildcardMatch } from "../../guardrails/policy";
import { DOCUMENTED, type DocumentedRow } from "./permissions";

/** Whether any granted action pattern covers `action` (IAM wildcards `*` and `?`, case-insensitive). */
export function isGranted(action: string, grantedActions: readonly string[]): boolean {
  return grantedActions.some((pattern) => wildcardMatch(pattern, action, true));
}

/**
 * The row's documented permissions that no granted action pattern covers, in the row's order,
 * leaving out those the row declares `deliberatelyNotGranted`. Pure.
 */
export function missingPermissions(row: DocumentedRow, grantedActions: readonly string[], configuration: Readonly<Record<string, string>> = {}): string[] {
  const omitted = new Set((row.deliberatelyNotGranted ?? []).map((o) => o.action.toLowerCase()));
  // A row documented for all modes at once: only the part the instance's mode uses.
  const mode = row.byConfiguration ? configuration[row.byConfiguration.key] : undefined;
  const subset = mode !== undefined ? row.byConfiguration!.subsets[mode] : undefined;
  const required = subset ? row.permissions.filter((p) => subset.some((s) => s.toLowerCase() === p.toLowerCase())) : row.permissions;
  return required.filter((p) => !omitted.has(p.toLowerCase()) && !isGranted(p, grantedActions));
}

/** For each of the row's conditional permission sets, the permissions not granted (sets fully granted are left out). */
export function missingConditionalPermissions(row: DocumentedRow, grantedActions: readonly string[]): { when: string; missing: string[] }[] {
  return (row.conditional ?? [])
    .map((c) => ({ when: c.when, missing: c.permissions.filter((p) => !isGranted(p, grantedActions)) }))
    .filter((c) => c.missing.length > 0);
}

/** The action or rule row documenting a type as written in `aws_codepipeline` (category, owner, provider). */
export function rowForType(category: string, owner: string, provider: string, rows: readonly DocumentedRow[] = DOCUMENTED): DocumentedRow | undefined {
  const is = (pattern: string, value: string) => pattern === "*" || pattern === value;
  return rows.find((r) => r.type?.categories.some((c) => is(c, category)) && is(r.type.owner, owner) && is(r.type.provider, provider));
}
