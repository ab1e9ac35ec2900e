/**
 * The only place that calls the IAM policy evaluator (@cloud-copilot/iam-simulate, AGPL-3.0, a
 * devDependency: import it from verify/ and tests only, never from modules/, stacks/ or main.ts).
 *
 * The evaluator decides like AWS does: for a cross-account request both the caller's identity
 * policies and the resource policy must allow (an account-root grant narrowed by aws:PrincipalArn
 * counts only together with an identity allow); for a same-account request either suffices,
 * except for KMS keys and role trust policies, where the resource policy must trust the account or
 * the principal; a service principal needs the resource policy; any explicit deny wins. It fills in
 * no context keys by itself: {@link requestContext} does.
 */
import { anonymousPrincipal, runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { PolicyDoc } from "../../synth/resolve";
import { setEvaluatorCaches } from "./evaluator-caches";
import { NamedPolicy } from "./model";
import { partitionOfArn } from "../../modules/shared/partition";

setEvaluatorCaches(true);

export type Expectation = "ALLOWED" | "DENIED";
export type Result = Expectation | "ERROR";

export interface CallerOrganization {
  readonly id: string;
  /** The OU path the account sits under (`o-.../r-.../ou-.../`). */
  readonly path?: string;
}

/** Who makes the request. */
export type Caller =
  | {
      readonly type: "role";
      readonly arn: string;
      readonly account: string;
      readonly name: string;
      /** Identity policies whose documents are known. */
      readonly identity: readonly NamedPolicy[];
      /** Attached policies whose documents are unknown (see {@link AccessCheck.expected}). */
      readonly unresolvedManaged?: readonly string[];
      readonly boundary?: NamedPolicy;
      /** The caller's organization (aws:PrincipalOrgID / aws:PrincipalOrgPaths); none outside one. */
      readonly org?: CallerOrganization;
    }
  | { readonly type: "root"; readonly account: string; readonly org?: CallerOrganization /** @default "aws" */; readonly partition?: string }
  | { readonly type: "service"; readonly service: string; readonly sourceArn?: string; readonly sourceAccount?: string }
  | { readonly type: "anonymous" };

/** One access path: a request and what must happen to it. */
export interface AccessCheck {
  /** What kind of path this is (groups the table). */
  readonly kind: string;
  readonly caller: Caller;
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource (for S3, the account of the stack that creates the bucket). */
  readonly resourceAccount: string;
  readonly resourcePolicy?: PolicyDoc;
  /** Region the request goes to (aws:RequestedRegion), when known. */
  readonly region?: string;
  /** Request-specific context keys (S3 encryption headers, KMS via-service, ...). */
  readonly context?: Record<string, string | string[]>;
  /** aws:SecureTransport; true unless the path tests a non-TLS request. */
  readonly secureTransport?: boolean;
  /** Shown after the action, e.g. "no TLS". */
  readonly qualifier?: string;
  /** Shown after the principal, e.g. the pipeline or rule the request is made for. */
  readonly via?: string;
  /**
   * ALLOWED: policies whose documents are not in the synth (AWS managed policies) are assumed to
   * grant nothing, so the allow rests on what the synth proves. DENIED: they are assumed to grant
   * everything, so the deny rests on the resource side.
   */
  readonly expected: Expectation;
  /** For a DENIED path: the resource policy itself must explicitly deny (not only a missing allow). */
  readonly mustBeDeniedByResourcePolicy?: boolean;
}

export interface Outcome {
  readonly result: Result;
  /** Evaluator verdict and the deciding parts, e.g. "ImplicitlyDenied (identity Allowed, resource AllowedForAccount)". */
  readonly detail: string;
  readonly resourceExplicitDeny: boolean;
}

/** An identity policy that allows everything: the account root, and the stand-in for unknown attached policies. */
export const ALLOW_ALL: PolicyDoc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/** The session ARN a role's requests carry. */
export function sessionArn(roleArn: string, account: string, name: string): string {
  return roleArn.startsWith("arn:") ? `arn:${partitionOfArn(roleArn)}:sts::${account}:assumed-role/${name}/access-proof` : roleArn;
}

/** The context keys AWS would put on the request; the evaluator adds none itself. */
export function requestContext(check: AccessCheck): Record<string, string | string[]> {
  const c = check.caller;
  const ctx: Record<string, string | string[]> = {
    "aws:SecureTransport": String(check.secureTransport ?? true),
    "aws:ResourceAccount": check.resourceAccount,
  };
  if (check.region) ctx["aws:RequestedRegion"] = check.region;
  if ((c.type === "role" || c.type === "root") && c.org) {
    ctx["aws:PrincipalOrgID"] = c.org.id;
    if (c.org.path) ctx["aws:PrincipalOrgPaths"] = [c.org.path];
  }
  switch (c.type) {
    case "role":
      Object.assign(ctx, {
        "aws:PrincipalArn": c.arn,
        "aws:PrincipalAccount": c.account,
        "aws:PrincipalType": "AssumedRole",
        "aws:PrincipalIsAWSService": "false",
      });
      break;
    case "root":
      Object.assign(ctx, {
        "aws:PrincipalArn": `arn:${c.partition ?? "aws"}:iam::${c.account}:root`,
        "aws:PrincipalAccount": c.account,
        "aws:PrincipalType": "Account",
        "aws:PrincipalIsAWSService": "false",
      });
      break;
    case "service":
      Object.assign(ctx, { "aws:PrincipalServiceName": c.service, "aws:PrincipalIsAWSService": "true" });
      if (c.sourceArn) ctx["aws:SourceArn"] = c.sourceArn;
      if (c.sourceAccount) ctx["aws:SourceAccount"] = c.sourceAccount;
      break;
    case "anonymous":
      ctx["aws:PrincipalType"] = "Anonymous";
      break;
  }
  return { ...ctx, ...(check.context ?? {}) };
}

/** The simulation input for a check, exactly as it is handed to the evaluator. */
export function toSimulation(check: AccessCheck): Simulation {
  const c = check.caller;
  let principal: Simulation["request"]["principal"];
  let identityPolicies: Simulation["identityPolicies"] = [];
  let permissionBoundaryPolicies: Simulation["permissionBoundaryPolicies"];
  switch (c.type) {
    case "role":
      principal = sessionArn(c.arn, c.account, c.name.split("/").pop() ?? c.name);
      identityPolicies = c.identity.map((p) => ({ name: p.name, policy: p.policy }));
      if (check.expected === "DENIED") {
        for (const arn of c.unresolvedManaged ?? [])
          identityPolicies.push({ name: `${arn} (unknown document: assumed to allow everything)`, policy: ALLOW_ALL });
      }
      if (c.boundary) permissionBoundaryPolicies = [{ name: c.boundary.name, policy: c.boundary.policy }];
      break;
    case "root":
      principal = `arn:${c.partition ?? "aws"}:iam::${c.account}:root`;
      identityPolicies = [{ name: "account root", policy: ALLOW_ALL }];
      break;
    case "service":
      principal = c.service;
      break;
    case "anonymous":
      principal = anonymousPrincipal;
      break;
  }
  return {
    request: {
      principal,
      action: check.action,
      resource: { resource: check.resource, accountId: check.resourceAccount },
      contextVariables: requestContext(check),
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(check.resourcePolicy ? { resourcePolicy: check.resourcePolicy } : {}),
    ...(permissionBoundaryPolicies ? { permissionBoundaryPolicies } : {}),
  };
}

interface AnalysisLike {
  identityAnalysis?: { result: string };
  resourceAnalysis?: { result: string; denyStatements: { statement: { sid(): string | undefined; index(): number } }[] };
  blockedBy?: string[];
}

/** Evaluates one check with the IAM policy evaluator. */
export async function evaluate(check: AccessCheck): Promise<Outcome> {
  let response;
  try {
    response = await runSimulation(toSimulation(check), { simulationMode: "Strict" });
  } catch (e) {
    return { result: "ERROR", detail: `evaluator threw: ${(e as Error).message}`, resourceExplicitDeny: false };
  }
  if (response.resultType === "error") {
    return { result: "ERROR", detail: `evaluator rejected the request: ${JSON.stringify(response.errors)}`, resourceExplicitDeny: false };
  }
  const analyses: AnalysisLike[] =
    response.resultType === "single" ? [response.result.analysis as AnalysisLike] : response.results.map((x) => x.analysis as AnalysisLike);
  const parts: string[] = [];
  let resourceExplicitDeny = false;
  for (const a of analyses) {
    if (check.caller.type === "role" || check.caller.type === "root") parts.push(`identity ${a.identityAnalysis?.result ?? "-"}`);
    const rp = a.resourceAnalysis;
    if (rp) {
      const denies = rp.denyStatements.map((s) => s.statement.sid() ?? `#${s.statement.index()}`);
      parts.push(`resource ${rp.result}${denies.length ? ` by ${denies.join(",")}` : ""}`);
      if (rp.result === "ExplicitlyDenied" && denies.length > 0) resourceExplicitDeny = true;
    }
    if (a.blockedBy?.length) parts.push(`blocked by ${a.blockedBy.join(",")}`);
  }
  const result: Result = response.overallResult === "Allowed" ? "ALLOWED" : "DENIED";
  return { result, detail: `${response.overallResult} (${parts.join(", ")})`, resourceExplicitDeny };
}
