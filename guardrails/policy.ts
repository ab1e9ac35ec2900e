/**
 * Just enough IAM policy semantics for the guardrails: parse a (resolved) policy document, and
 * decide whether statements allow a request. Not a full evaluator (that is the access proof's job):
 * condition keys the request does not carry are assumed satisfied for Allow and not to apply for
 * Deny, so an unfamiliar condition never produces a false alarm.
 */

/** A statement with every string-or-list field as a list. */
export interface PolicyStatementView {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  /** `undefined` in identity policies. */
  readonly principal?: PrincipalView;
  readonly notPrincipal?: PrincipalView;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  /** operator -> key -> values. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PrincipalView {
  /** `"*"` or `{"AWS": "*"}`: everyone. */
  readonly any: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly other: readonly string[];
}

export type ParsedPolicy = { readonly ok: true; readonly statements: readonly PolicyStatementView[] } | { readonly ok: false; readonly error: string };

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function principalView(raw: unknown): PrincipalView {
  if (raw === "*") return { any: true, aws: [], service: [], other: [] };
  const obj = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const aws = list(obj.AWS);
  const other = Object.entries(obj)
    .filter(([k]) => k !== "AWS" && k !== "Service")
    .flatMap(([, v]) => list(v));
  return { any: aws.includes("*"), aws: aws.filter((a) => a !== "*"), service: list(obj.Service), other };
}

// A store's bucket and key policies are read once per action that uses them: 3,000 times each
// for a fan-out over 1,000 accounts. The views are read-only, so one parse serves every reader.
const parsedTexts = new Map<string, ParsedPolicy>();
const parsedObjects = new WeakMap<object, ParsedPolicy>();
const PARSED_TEXTS_MAX = 5_000;

/** Parses a policy given as JSON text (as resource arguments hold it) or as an object. */
export function parsePolicy(value: unknown): ParsedPolicy {
  const known = typeof value === "string" ? parsedTexts.get(value) : value && typeof value === "object" ? parsedObjects.get(value) : undefined;
  if (known) return known;
  const parsed = parse(value);
  if (typeof value === "string") {
    if (parsedTexts.size >= PARSED_TEXTS_MAX) parsedTexts.clear();
    parsedTexts.set(value, parsed);
  } else if (value && typeof value === "object") parsedObjects.set(value, parsed);
  return parsed;
}

function parse(value: unknown): ParsedPolicy {
  let doc: unknown = value;
  if (typeof value === "string") {
    try {
      doc = JSON.parse(value);
    } catch {
      return { ok: false, error: `not a JSON policy document (${value.length > 60 ? `${value.slice(0, 57)}...` : value})` };
    }
  }
  if (!doc || typeof doc !== "object") return { ok: false, error: "no policy document" };
  const raw = (doc as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  const out: PolicyStatementView[] = [];
  for (const s of statements) {
    if (!s || typeof s !== "object") return { ok: false, error: "a statement is not an object" };
    const effect = s.Effect === "Deny" ? "Deny" : s.Effect === "Allow" ? "Allow" : undefined;
    if (!effect) return { ok: false, error: `statement ${String(s.Sid ?? "")} has no Effect Allow or Deny` };
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const [op, block] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
      conditions[op] = Object.fromEntries(Object.entries(block ?? {}).map(([k, v]) => [k, list(v)]));
    }
    out.push({
      ...(typeof s.Sid === "string" ? { sid: s.Sid } : {}),
      effect,
      ...(s.Principal !== undefined ? { principal: principalView(s.Principal) } : {}),
      ...(s.NotPrincipal !== undefined ? { notPrincipal: principalView(s.NotPrincipal) } : {}),
      ...(s.Action !== undefined ? { actions: list(s.Action) } : {}),
      ...(s.NotAction !== undefined ? { notActions: list(s.NotAction) } : {}),
      ...(s.Resource !== undefined ? { resources: list(s.Resource) } : {}),
      ...(s.NotResource !== undefined ? { notResources: list(s.NotResource) } : {}),
      conditions,
    });
  }
  return { ok: true, statements: out };
}

// Compiled once per pattern: the guardrails and the access proof match the same few patterns often.
const compiled = new Map<string, RegExp>();

/**
 * IAM wildcard match: `*` any run of characters, `?` one character. The one matcher of the guardrails,
 * verify/ and the test helpers; test/guardrails/wildcard.test.ts keeps it in step with the IAM evaluator.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html (wildcards in ARNs)
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const id = `${ignoreCase ? "i" : "c"}${pattern}`;
  let re = compiled.get(id);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      ignoreCase ? "is" : "s",
    );
    compiled.set(id, re);
  }
  return re.test(value);
}

/** Whether a statement's Action/NotAction covers an action (case-insensitive, wildcards). */
export function coversAction(st: PolicyStatementView, action: string): boolean {
  if (st.actions) return st.actions.some((a) => wildcardMatch(a, action, true));
  if (st.notActions) return !st.notActions.some((a) => wildcardMatch(a, action, true));
  return false;
}

/** Whether a statement's Resource/NotResource covers a resource ARN. A statement without either covers everything. */
export function coversResource(st: PolicyStatementView, resource: string): boolean {
  if (st.resources) return st.resources.some((r) => wildcardMatch(r, resource));
  if (st.notResources) return !st.notResources.some((r) => wildcardMatch(r, resource));
  return true;
}

/** Who makes a request to a resource policy. */
export interface Caller {
  /** IAM principal ARN (a role) for AWS callers. */
  readonly principalArn?: string;
  /** Account of that principal. */
  readonly account?: string;
  /** Service principal, e.g. `events.amazonaws.com`. */
  readonly service?: string;
}

const ACCOUNT_ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/;

/** The account an AWS principal entry names as a whole (`arn:...:root` or a bare id), if it does. */
export function rootAccount(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return ACCOUNT_ROOT.exec(principal)?.[1];
}

function principalMatches(p: PrincipalView, caller: Caller): boolean {
  if (p.any) return true;
  if (caller.service) return p.service.includes(caller.service);
  if (caller.principalArn && p.aws.includes(caller.principalArn)) return true;
  return caller.account !== undefined && p.aws.some((a) => rootAccount(a) === caller.account);
}

/** The request a statement is evaluated against. */
export interface Request {
  readonly action: string;
  readonly resource: string;
  /** Set for resource policies; omitted for identity policies (the principal is implied). */
  readonly caller?: Caller;
  /** Condition context, keys case-insensitive: `aws:PrincipalArn`, `aws:SourceArn`, ... */
  readonly context?: Readonly<Record<string, string>>;
}

type Tri = true | false | undefined;

function evaluateOperator(operator: string, values: readonly string[], actual: string): Tri {
  let op = operator;
  if (op.endsWith("IfExists")) op = op.slice(0, -"IfExists".length);
  if (op.includes(":")) return undefined; // ForAnyValue:/ForAllValues: set operators: not modelled
  if (op === "Null") return values.includes("false");
  const negated = /Not/.test(op);
  let hit: boolean;
  switch (op.replace("Not", "")) {
    case "StringEquals":
    case "ArnEquals":
      hit = values.includes(actual);
      break;
    case "StringEqualsIgnoreCase":
      hit = values.some((v) => v.toLowerCase() === actual.toLowerCase());
      break;
    case "StringLike":
    case "ArnLike":
      hit = values.some((v) => wildcardMatch(v, actual));
      break;
    case "Bool":
      hit = values.some((v) => v.toLowerCase() === actual.toLowerCase());
      break;
    default:
      return undefined;
  }
  return negated ? !hit : hit;
}

/** true / false when every condition could be decided, undefined when one could not (and none failed). */
export function evaluateConditions(st: PolicyStatementView, context: Readonly<Record<string, string>> = {}): Tri {
  const lower = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  let unknown = false;
  for (const [op, block] of Object.entries(st.conditions)) {
    for (const [key, values] of Object.entries(block)) {
      // A key the request context does not carry is undecided: it may or may not be present.
      const actual = lower.get(key.toLowerCase());
      const r = actual !== undefined ? evaluateOperator(op, values, actual) : undefined;
      if (r === false) return false;
      if (r === undefined) unknown = true;
    }
  }
  return unknown ? undefined : true;
}

/** Whether a statement applies to the request (conditions: Allow optimistic, Deny only when certain). */
export function statementApplies(st: PolicyStatementView, req: Request): boolean {
  if (!coversAction(st, req.action) || !coversResource(st, req.resource)) return false;
  if (req.caller) {
    if (st.principal && !principalMatches(st.principal, req.caller)) return false;
    if (st.notPrincipal && principalMatches(st.notPrincipal, req.caller)) return false;
    if (!st.principal && !st.notPrincipal) return false;
  }
  const c = evaluateConditions(st, req.context);
  return st.effect === "Allow" ? c !== false : c === true;
}

/** Allowed by some Allow statement and denied by no Deny statement. */
export function allows(statements: readonly PolicyStatementView[], req: Request): boolean {
  let allowed = false;
  for (const st of statements) {
    if (!statementApplies(st, req)) continue;
    if (st.effect === "Deny") return false;
    allowed = true;
  }
  return allowed;
}

/** The value of a condition key under positive operators (StringEquals/Like, ArnEquals/Like, with IfExists). */
export function positiveConditionValues(st: PolicyStatementView, key: string): string[] | undefined {
  let found: string[] | undefined;
  for (const [op, block] of Object.entries(st.conditions)) {
    if (!/^(ForAnyValue:)?(StringEquals|StringLike|ArnEquals|ArnLike)(IfExists)?$/.test(op)) continue;
    for (const [k, values] of Object.entries(block)) {
      if (k.toLowerCase() === key.toLowerCase()) found = [...(found ?? []), ...values];
    }
  }
  return found;
}
