import { Annotations, App, Aspects, IAspect, TerraformResource, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { SynthesizedStack, TerraformJson } from "../synth/wiring";
import { evaluateGuardrails, GuardrailFinding, GuardrailReport } from "./engine";
import type { Rule } from "./rule";
import { suppressionsUnder } from "./suppress";

export interface GuardrailOptions {
  /** @default CODEPIPELINE_RULES (every rule of the pack) */
  readonly rules?: readonly Rule[];
  /** The stacks as {@link renderStacks} rendered them, when the caller has them already. @default rendered here */
  readonly stacks?: readonly SynthesizedStack[];
}

/**
 * Renders every stack under a scope the way `cdktf synth` writes it, without writing anything.
 * Stacks are prepared first (backend, cross-stack outputs and remote-state reads), exactly as
 * `app.synth()` does, so calling this before `app.synth()` changes nothing in the output.
 */
export function renderStacks(scope: IConstruct): SynthesizedStack[] {
  const stacks = scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  stacks.forEach((s) => s.prepareStack());
  return stacks.map((s) => ({
    id: s.node.id,
    dependencies: s.dependencies.map((d) => d.node.id),
    json: s.toTerraform() as TerraformJson,
  }));
}

/**
 * Maps each resource's logical id back to its construct: `<stack id>|<type>.<logical id>` to the
 * construct path, for every resource of every stack under a scope.
 */
export function constructPaths(scope: IConstruct): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
    for (const c of s.node.findAll()) {
      if (TerraformResource.isTerraformResource(c) && TerraformStack.of(c) === s) {
        out.set(`${s.node.id}|${c.terraformResourceType}.${c.friendlyUniqueId}`, c.node.path);
      }
    }
  }
  return out;
}

/**
 * Evaluates the guardrails over a cdktf app (or any scope holding stacks) after its stacks are
 * built and before `app.synth()`: every resource of every stack, with the suppressions recorded by
 * `suppressRule`. Nothing is annotated or written; fail the synth when `report.errorCount > 0`.
 *
 * ```ts
 * const report = runGuardrails(app);
 * if (report.errorCount) throw new Error(formatGuardrailReport(report));
 * app.synth();
 * ```
 */
export function runGuardrails(app: IConstruct, options: GuardrailOptions = {}): GuardrailReport {
  return evaluateGuardrails(options.stacks ?? renderStacks(app), {
    ...(options.rules ? { rules: options.rules } : {}),
    suppressions: suppressionsUnder(app),
    constructPaths: constructPaths(app),
  });
}

function location(f: GuardrailFinding): string {
  return f.resource ? `${f.resource} in ${f.stack} (${f.constructPath})` : `construct ${f.constructPath || "<app>"}`;
}

/**
 * The report as text: one block per finding, errors first, then a summary line. With `verbose`,
 * suppressed findings (with their reasons) and the checks that could not decide are listed too.
 */
export function formatGuardrailReport(report: GuardrailReport, options: { readonly verbose?: boolean } = {}): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${f.level === "error" ? "ERROR  " : "WARNING"} [${f.ruleId}] ${location(f)}`, `        ${f.message}`, `        Fix: ${f.fix}`);
  }
  if (options.verbose) {
    for (const s of report.suppressed) lines.push(`SUPPRESSED [${s.ruleId}] ${location(s)} at ${s.suppressedAt}: ${s.reason}`);
    for (const u of report.unverified) lines.push(`UNVERIFIED [${u.ruleId}] ${u.resource} in ${u.stack}: ${u.reasons.join("; ")}`);
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  lines.push(
    `guardrails: ${plural(report.errorCount, "error")}, ${plural(report.warningCount, "warning")} ` +
      `(${plural(report.ruleCount, "rule")} over ${plural(report.resourceCount, "resource")}; ` +
      `${report.suppressed.length} suppressed, ${report.unverified.length} unverified)`,
  );
  return lines.join("\n");
}

/** The annotation text of a finding: `[<rule id>] <message> Fix: <fix>`. */
export function annotationText(f: GuardrailFinding): string {
  return `[${f.ruleId}] ${f.message} Fix: ${f.fix}`;
}

// jsii stamps every cdktf class with its fully qualified name and the cdktf version it ships in.
const JSII_RTTI = Symbol.for("jsii.rtti");
type Rtti = { fqn?: string; version?: string };
const rttiOf = (ctor: unknown): Rtti | undefined => (ctor as { [JSII_RTTI]?: Rtti } | undefined)?.[JSII_RTTI];
function cdktfVersionOf(ctor: unknown): string {
  return rttiOf(ctor)?.version ?? "unknown version";
}
// The core library's package name, from its jsii name: cdktf, or cdktn for CDK Terrain (npm run compat:cdktn).
const CORE = rttiOf(TerraformStack)?.fqn?.split(".")[0] ?? "cdktf";

/**
 * `TerraformStack.isStack` and `App.isApp` recognise stacks of any cdktf copy (a global symbol),
 * but each copy keeps its aspects under a symbol of its own: an aspect added with this package's
 * cdktf to a stack built with another copy is never visited, and the guardrails would pass
 * silently. So a stack or app that is not an instance of this package's classes is an error.
 */
function assertSameCdktf(scope: IConstruct, stacks: readonly IConstruct[]): void {
  const root = scope.node.root;
  const foreign = [...(App.isApp(root) && !(root instanceof App) ? [root] : []), ...stacks.filter((s) => !(s instanceof TerraformStack))];
  if (foreign.length === 0) return;
  const first = foreign[0]!;
  throw new Error(
    `CodePipelineGuardrails.addTo: ${first === root ? "the app" : `stack "${first.node.id}"`} was built with another copy of ${CORE} ` +
      `(${cdktfVersionOf(first.constructor)}) than the one this package loads (${cdktfVersionOf(TerraformStack)}), so the guardrails ` +
      `would never run. Fix: install a single ${CORE} that satisfies this package's peer dependency ` +
      `(\`npm ls ${CORE}\` lists every copy; remove the others, e.g. with \`npm dedupe\`, or pin the app's ${CORE} to that range).`,
  );
}

/**
 * The guardrails as a cdktf Aspect (cdk-nag style): visits every construct of the stacks it is
 * added to and reports each finding on the resource's construct with
 * `Annotations.addError/addWarning("[<rule id>] <message> Fix: <fix>")` (wrong suppressions on the
 * construct that carries them), so `cdktf synth` fails on any error. Cross-stack rules see the
 * whole app, whichever stacks the aspect is added to.
 *
 * cdktf 0.21 invokes only the aspects of a stack and its children (`Aspects.of(app)` is never
 * visited), so add it per stack: `Aspects.of(stack).add(pack)`, or `CodePipelineGuardrails.addTo(app)`
 * for every stack of the app.
 */
export class CodePipelineGuardrails implements IAspect {
  private readonly reports = new WeakMap<IConstruct, GuardrailReport>();
  private readonly annotated = new WeakSet<IConstruct>();

  constructor(private readonly options: GuardrailOptions = {}) {}

  /** Adds one pack to every stack under `scope` (the stack itself when `scope` is one); returns it. */
  static addTo(scope: IConstruct, options: GuardrailOptions = {}): CodePipelineGuardrails {
    const pack = new CodePipelineGuardrails(options);
    const stacks = scope.node.findAll().filter((c) => TerraformStack.isStack(c));
    if (stacks.length === 0) throw new Error(`CodePipelineGuardrails.addTo(${scope.node.path || "<app>"}): no stack under this scope; build the stacks first`);
    assertSameCdktf(scope, stacks);
    for (const s of stacks) Aspects.of(s).add(pack);
    return pack;
  }

  /** The report for the app `node` belongs to (computed once per app). */
  report(node: IConstruct): GuardrailReport {
    const root = node.node.root;
    let report = this.reports.get(root);
    if (!report) {
      report = runGuardrails(root, this.options);
      this.reports.set(root, report);
    }
    return report;
  }

  visit(node: IConstruct): void {
    if (this.annotated.has(node)) return;
    const path = node.node.path;
    const mine = this.report(node).findings.filter((f) => f.constructPath === path);
    if (mine.length === 0) return;
    this.annotated.add(node);
    for (const f of mine) {
      if (f.level === "error") Annotations.of(node).addError(annotationText(f));
      else Annotations.of(node).addWarning(annotationText(f));
    }
  }
}
