import type { GuardrailFinding } from "../guardrails/engine";
import type { LandingZone } from "../config/schema";
import { pipelinesStackId, targetStackId, toolsStackId } from "./naming";

/**
 * Where in the landing-zone file a finding about a synthesized resource can be fixed: CP-SIZE-1
 * (and any finding under a known stack) then names the file's JSON path and a fix the file can
 * express, not only the construct.
 */
export function locateFinding(lz: LandingZone, f: GuardrailFinding): GuardrailFinding {
  const at = (path: string, fix?: string): GuardrailFinding => ({ ...f, message: `${f.message} (landing-zone file: ${path})`, ...(fix ? { fix } : {}) });
  const org = lz.organization;
  const orgFix = org
    ? `lower organization.listAccountsUpTo (now ${org.listAccountsUpTo}): grants of one role to more accounts than that name the organization instead of each account`
    : `add "organization": { "id": "o-..." } to the landing-zone file: grants of one role to more than 20 accounts then name the organization (aws:PrincipalOrgID with aws:PrincipalArn) instead of each account`;
  for (const region of [lz.tools.primaryRegion, ...lz.tools.replicaRegions]) {
    if (f.constructPath.startsWith(`${toolsStackId(region)}/`))
      return f.ruleId === "CP-SIZE-1" ? at(org ? "organization.listAccountsUpTo" : "organization", orgFix) : at("tools");
  }
  const t = lz.targets.findIndex((x) => f.constructPath.startsWith(`${targetStackId(x.name)}/`));
  if (t >= 0) {
    return f.ruleId === "CP-SIZE-1"
      ? at(
          `targets[${t}]`,
          `deploy into targets[${t}] (${lz.targets[t]!.name}) from fewer pipelines, or set targets[${t}].trustPolicyQuota after AWS raised this account's quota`,
        )
      : at(`targets[${t}]`);
  }
  if (f.constructPath.startsWith(`${pipelinesStackId(lz.tools.primaryRegion)}/eventing/`)) {
    return f.ruleId === "CP-SIZE-1"
      ? at(
          "pipelines[].events",
          "each region's dead-letter queue policy names every rule that uses it (about 100 fit in 8 KB): declare fewer entries under pipelines[].events, for example one rule per pipeline with several states",
        )
      : at("pipelines[].events");
  }
  const prefix = `${pipelinesStackId(lz.tools.primaryRegion)}/pipeline-`;
  if (f.constructPath.startsWith(prefix)) {
    const rest = f.constructPath.slice(prefix.length);
    const p = lz.pipelines.findIndex((x) => rest === x.name || rest.startsWith(`${x.name}/`));
    if (p >= 0) {
      return f.ruleId === "CP-SIZE-1"
        ? at(`pipelines[${p}]`, `split pipelines[${p}] (${lz.pipelines[p]!.name}) into several pipelines over fewer accounts, or ${orgFix}`)
        : at(`pipelines[${p}]`);
    }
  }
  return f;
}
