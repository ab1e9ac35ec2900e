import type { SynthIndex } from "../synth/resolve";
import type { SynthesizedStack } from "../synth/wiring";
import type { PolicyStatementView } from "./policy";

/** How bad a non-compliant resource is: errors fail the synth, warnings are reported. */
export type RuleLevel = "error" | "warning";

/** What a rule decides about one resource. */
export type RuleStatus = "compliant" | "non-compliant" | "not-applicable";

/** A decision with the reasons behind it. */
export interface RuleOutcome {
  readonly status: RuleStatus;
  /**
   * One line each: what exactly is wrong (non-compliant), or why the rule could not decide
   * (not-applicable, e.g. "the function is not a resource of this app"). @default none
   */
  readonly details?: readonly string[];
}

/** A bare status, or a status with details. */
export type RuleResult = RuleStatus | RuleOutcome;

/** One Terraform resource of the synthesized app, as the rules see it. */
export interface TfResource {
  /** Id of the stack it is synthesized in. */
  readonly stack: string;
  /** Terraform resource type, e.g. `aws_codepipeline`. */
  readonly type: string;
  /** Logical id (the name in the Terraform JSON). */
  readonly name: string;
  /** `<type>.<name>`. */
  readonly address: string;
  /** The body as synthesized, Terraform expressions (`${...}`) kept. */
  readonly body: Readonly<Record<string, unknown>>;
  /**
   * The body with every reference resolved that can be: across stacks through remote-state
   * outputs, and to the ARNs/ids the resources will have. What cannot be known before apply stays
   * as `${<stack>:<expression>}` or a stable placeholder `<stack:type.name>`.
   */
  readonly values: Readonly<Record<string, unknown>>;
  /** Path of the construct that synthesized it (`//.metadata.path`), or `<stack>/<address>`. */
  readonly constructPath: string;
  /** Account of its provider (allowed_account_ids, else the assumed role's account). */
  readonly account: string | undefined;
  /** Its `region` argument, else its provider's region. */
  readonly region: string;
}

/** A resource found through a reference or an ARN, with its computed ARN. */
export interface Located {
  readonly resource: TfResource;
  readonly arn: string;
}

/** The identity policies of a role that the app defines, and what could not be read. */
export interface RolePolicies {
  /** Whether the role itself (aws_iam_role) is a resource of the app. */
  readonly roleInApp: boolean;
  /** Every statement of every identity policy attached to the role in the app. */
  readonly statements: readonly PolicyStatementView[];
  /** Policies attached to the role that the app does not define or that cannot be parsed (may grant more). */
  readonly unknown: readonly string[];
}

/**
 * Read-only view of the whole synthesized app that rules evaluate against: the resolved JSON of
 * every stack, each stack's account and region, and a resolver for cross-stack values.
 */
export interface RuleContext {
  /** Every stack of the app, as `toTerraform()` renders it. */
  readonly stacks: readonly SynthesizedStack[];
  /** The shared cross-stack resolver of `verify/` over the same stacks. */
  readonly index: SynthIndex;
  /** Account of a stack's default provider, when it is pinned. */
  accountOf(stackId: string): string | undefined;
  /** Region of a stack's default provider. */
  regionOf(stackId: string): string;
  /** Every resource of a type, across all stacks. */
  resources(type: string): readonly TfResource[];
  /** Resolves a value (string, list, object) as seen from a stack. */
  resolve(stackId: string, value: unknown): unknown;
  /** The ARN a resource will have, when it can be computed before apply. */
  arnOf(resource: TfResource): string | undefined;
  /** The resource of the app with this ARN (optionally of the given types). */
  findByArn(arn: string, types?: readonly string[]): TfResource | undefined;
  /** The aws_s3_bucket of the app with this name. */
  bucketNamed(name: string): TfResource | undefined;
  /** Resources of a type whose `bucket` argument names this bucket (versioning, policy, ...). */
  bucketAttachments(type: string, bucketName: string): readonly TfResource[];
  /** Identity policies the app attaches to a role, by role ARN. */
  rolePolicies(roleArn: string): RolePolicies;
}

/**
 * A guardrail: one concern, one id, one pure check. `check` may read the resource and the context
 * only; it returns the same result for the same app.
 */
export interface Rule {
  /** `CP-<AREA>-<n>`, e.g. `CP-EVT-1`; stable: suppressions name it. */
  readonly id: string;
  readonly level: RuleLevel;
  /** A few words, for listings. */
  readonly title: string;
  /** One line: what is wrong when the rule fails. */
  readonly message: string;
  /** One line: how to fix it. */
  readonly fix: string;
  /** Terraform resource types the rule is evaluated on. */
  readonly appliesTo: readonly string[];
  check(resource: TfResource, ctx: RuleContext): RuleResult;
}

const RULE_ID = /^CP-[A-Z0-9]+-\d+$/;

/** Declares a rule, checking the parts the pack and the suppressions rely on. */
export function defineRule(rule: Rule): Rule {
  if (!RULE_ID.test(rule.id)) throw new Error(`rule id "${rule.id}" must look like CP-<AREA>-<n>, e.g. CP-EVT-1`);
  for (const field of ["title", "message", "fix"] as const) {
    const value = rule[field];
    if (!value.trim() || /[\r\n]/.test(value)) throw new Error(`rule ${rule.id}: ${field} must be one non-empty line`);
  }
  if (rule.appliesTo.length === 0) throw new Error(`rule ${rule.id}: appliesTo must name at least one resource type`);
  return Object.freeze({ ...rule, appliesTo: Object.freeze([...rule.appliesTo]) });
}

/** The resource passes. */
export const compliant = (): RuleOutcome => ({ status: "compliant" });

/** The resource fails; each detail is one line naming the offending part. */
export const nonCompliant = (...details: string[]): RuleOutcome => ({ status: "non-compliant", details });

/** The rule does not apply, or cannot decide (say why, so the report can list what stayed unverified). */
export const notApplicable = (...reasons: string[]): RuleOutcome => ({ status: "not-applicable", details: reasons });

/** Compliant when there is nothing to report, else non-compliant with the problems. */
export function fromProblems(problems: readonly string[]): RuleOutcome {
  return problems.length === 0 ? compliant() : nonCompliant(...problems);
}

/** A result as an outcome object. */
export function outcomeOf(result: RuleResult): RuleOutcome {
  return typeof result === "string" ? { status: result } : result;
}
