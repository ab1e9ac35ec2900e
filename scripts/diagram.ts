/**
 * CLI: Mermaid diagrams of the synthesized landing zone and of each pipeline.
 *
 *   npm run diagram [-- --out DIR] [--landing-zone FILE] [--write FILE] [--readme]
 *
 * The landing zone: accounts, their regions, the stacks coloured by wave (the waves of
 * `synth/wiring.ts`, account and region as `plan-order` reads them), the remote-state reads as edges.
 * Each pipeline: its stages in order, the actions of a stage grouped by run order (one group's
 * actions run in parallel), and where each deploy action acts: the account of its role and its region.
 */
import * as fs from "node:fs";
import { blocks, SynthIndex } from "../synth/resolve";
import { analyseWiring, type RemoteStateRead, type SynthesizedStack } from "../synth/wiring";
import { errorReason, parseCli, runMain, writeOutputFile, type CliHelp, type CliResult } from "../verify/cli";
import { checkedSynthOutput, type PlanEntry, planEntries } from "./plan-order";

export const DIAGRAM_HELP: CliHelp = {
  synopsis: "npm run diagram -- [--out DIR] [--landing-zone FILE] [--write FILE] [--readme]",
  description: `
Renders Mermaid diagrams of the synth output: the landing zone (accounts, regions, stacks coloured by
wave, remote-state reads) and one per pipeline (stages, actions grouped by run order, the account and
region each deploy action acts in). Prints them as Markdown unless --write or --readme is given.

  --out DIR            the synth output (default: cdktf.out)
  --landing-zone FILE  the landing-zone file it was synthesized from (default: $LANDING_ZONE_CONFIG,
                       else cdktf.json's context.landingZone); the synth must be newer
  --write FILE         write the diagrams as a Markdown file
  --readme             rewrite the README's diagram blocks that differ: the lines between
                       <!-- diagram:KEY --> and <!-- /diagram -->, KEY being landing-zone or
                       pipeline:NAME (the file is left alone when none differs)
  -h, --help           this text

Exit 0 when written, 1 when the wiring is unsafe, 2 when the synth output is missing, unreadable
(HCL from cdktf synth --hcl) or older than the landing-zone file, the README lacks a block for a
diagram or has one for no diagram, a file cannot be written, or an argument is wrong.`,
};

/** The command that rewrites the README's blocks, named by the staleness test. */
export const README_COMMAND = "npm run diagram -- --readme";

/** One diagram: `landing-zone` or `pipeline:<name>`, a title, and its Mermaid source (ends with a newline). */
export interface Diagram {
  readonly key: string;
  readonly title: string;
  readonly mermaid: string;
}

/** A pipeline action as the diagram shows it. */
export interface PipelineActionView {
  readonly name: string;
  readonly category: string;
  readonly provider: string;
  readonly runOrder: number;
  /** Where it acts: the account of its role_arn (else the pipeline's), its region (else the pipeline's). */
  readonly account: string | undefined;
  readonly region: string;
  /** Shown for Deploy actions and for any action with its own role or region. */
  readonly showTarget: boolean;
  /** StackSet actions deploy to the accounts (or OUs) and regions their configuration names. */
  readonly stackSetTargets?: { readonly targets: string; readonly regions: string };
}

export interface PipelineView {
  readonly name: string;
  readonly stack: string;
  readonly account: string | undefined;
  readonly region: string;
  readonly stages: readonly { readonly name: string; readonly actions: readonly PipelineActionView[] }[];
}

const ARN_ACCOUNT = /^arn:aws[\w-]*:iam::(\d{12}):/;
// CloudFormationStackSet / CloudFormationStackInstances name their targets in configuration:
// https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StackSets.html
const STACK_SET_PROVIDERS = new Set(["CloudFormationStackSet", "CloudFormationStackInstances"]);

/**
 * The pipelines of the synthesized stacks, references resolved. Action fields as the pipeline
 * structure reference documents them (runOrder defaults to 1; roleArn, region):
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html
 */
export function readPipelines(stacks: readonly SynthesizedStack[]): PipelineView[] {
  const index = new SynthIndex(stacks);
  const str = (stack: string, v: unknown) => (typeof v === "string" ? index.resolveString(stack, v) : v === undefined ? undefined : String(v));
  return stacks
    .flatMap((s) =>
      Object.values(index.resources(s.id, "aws_codepipeline")).map((body): PipelineView => {
        const account = index.providerOf(s.id, body).account;
        const region = index.regionOf(s.id, body);
        return {
          name: str(s.id, body.name) ?? "",
          stack: s.id,
          account,
          region,
          stages: blocks(body.stage).map((st) => ({
            name: str(s.id, st.name) ?? "",
            actions: blocks(st.action).map((a): PipelineActionView => {
              const roleArn = str(s.id, a.role_arn);
              const ownRegion = str(s.id, a.region);
              const category = str(s.id, a.category) ?? "";
              const provider = str(s.id, a.provider) ?? "";
              const config = (a.configuration ?? {}) as Record<string, unknown>;
              const stackSet = STACK_SET_PROVIDERS.has(provider)
                ? { targets: str(s.id, config.DeploymentTargets) ?? "", regions: str(s.id, config.Regions) ?? "" }
                : undefined;
              return {
                name: str(s.id, a.name) ?? "",
                category,
                provider,
                runOrder: typeof a.run_order === "number" ? a.run_order : 1,
                account: roleArn ? ARN_ACCOUNT.exec(roleArn)?.[1] : account,
                region: ownRegion ?? region,
                showTarget: category === "Deploy" || roleArn !== undefined || (ownRegion !== undefined && ownRegion !== region),
                ...(stackSet ? { stackSetTargets: stackSet } : {}),
              };
            }),
          })),
        };
      }),
    )
    .sort((a, b) => a.name.localeCompare(b.name) || a.stack.localeCompare(b.stack));
}

// --- Mermaid ----------------------------------------------------------------------------------
// Syntax: https://mermaid.js.org/syntax/flowchart.html (quoted labels, entity codes, subgraphs and
// edges between them, classDef/class).

/** Characters a quoted Mermaid label cannot hold as they are, as Mermaid's entity codes. */
const ENTITIES: Record<string, string> = { '"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;" };

/** A quoted Mermaid label: each line escaped, lines joined with `<br/>`. */
export function mermaidLabel(...lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/[\r\n\t]+/g, " ").replace(/["#<>&`]/g, (c) => ENTITIES[c]!)).join("<br/>")}"`;
}

/** Node ids made of letters, digits and `_` from a prefix and a name, unique within one diagram. */
export class MermaidIds {
  private readonly used = new Set<string>();

  take(prefix: string, name: string): string {
    const base = `${prefix}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base}_${i}`;
    this.used.add(id);
    return id;
  }
}

// Fill and stroke per wave, light fills that keep dark text readable; repeats past six waves.
const WAVE_STYLES = [
  "fill:#dbeafe,stroke:#1d4ed8",
  "fill:#dcfce7,stroke:#15803d",
  "fill:#fef3c7,stroke:#b45309",
  "fill:#fce7f3,stroke:#be185d",
  "fill:#ede9fe,stroke:#6d28d9",
  "fill:#ffedd5,stroke:#c2410c",
];

/**
 * The landing zone: one subgraph per account, one per region inside it, a node per stack with the
 * wave's class, an edge per pair of stacks that reads the other's state (labelled with the outputs).
 */
export function renderLandingZone(entries: readonly PlanEntry[], reads: readonly RemoteStateRead[]): string {
  const ids = new MermaidIds();
  const lines = ["flowchart LR"];
  const stackId = new Map<string, string>();
  const accounts = [...new Set(entries.map((e) => e.account))].sort();
  for (const account of accounts) {
    lines.push(`  subgraph ${ids.take("account", account)} [${mermaidLabel(`account ${account || "(not pinned)"}`)}]`);
    const inAccount = entries.filter((e) => e.account === account);
    for (const region of [...new Set(inAccount.map((e) => e.region))].sort()) {
      lines.push(`    subgraph ${ids.take("region", `${account}_${region}`)} [${mermaidLabel(region || "(no region)")}]`);
      for (const e of inAccount.filter((x) => x.region === region)) {
        const id = ids.take("stack", e.stack);
        stackId.set(e.stack, id);
        lines.push(`      ${id}[${mermaidLabel(e.stack, `wave ${e.wave}`)}]`);
      }
      lines.push("    end");
    }
    lines.push("  end");
  }
  // One edge per (source, reader) pair, its outputs merged: a stack may read one state twice.
  const edges = new Map<string, { from: string; to: string; outputs: Set<string> }>();
  for (const r of reads) {
    if (!r.sourceStack || !stackId.has(r.sourceStack) || !stackId.has(r.stack)) continue;
    const key = `${r.sourceStack}\n${r.stack}`;
    const edge = edges.get(key) ?? { from: r.sourceStack, to: r.stack, outputs: new Set<string>() };
    for (const o of r.outputs) edge.outputs.add(o);
    edges.set(key, edge);
  }
  for (const e of [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to))) {
    const outputs = [...e.outputs].sort();
    lines.push(`  ${stackId.get(e.from)} -->|${mermaidLabel(...(outputs.length ? outputs : ["(remote state)"]))}| ${stackId.get(e.to)}`);
  }
  const waves = [...new Set(entries.map((e) => e.wave))].sort((a, b) => a - b);
  // A legend: the waves in apply order, in their colours.
  lines.push(`  subgraph ${ids.take("legend", "waves")} [${mermaidLabel("waves, applied in order")}]`);
  const legend = waves.map((w) => ids.take("legend", `wave_${w}`));
  waves.forEach((w, i) => lines.push(`    ${legend[i]}[${mermaidLabel(`wave ${w}`)}]`));
  for (let i = 1; i < legend.length; i++) lines.push(`    ${legend[i - 1]} --> ${legend[i]}`);
  lines.push("  end");
  waves.forEach((w, i) => {
    lines.push(`  classDef wave${w} ${WAVE_STYLES[(w - 1) % WAVE_STYLES.length]}`);
    const members = entries.filter((e) => e.wave === w).map((e) => stackId.get(e.stack)!);
    lines.push(`  class ${[...members, legend[i]].join(",")} wave${w}`);
  });
  return `${lines.join("\n")}\n`;
}

const listed = (csv: string) => csv.split(",").join(", ");

/** Where an action acts, as label lines. */
function targetLines(a: PipelineActionView): string[] {
  if (a.stackSetTargets) return [`targets ${listed(a.stackSetTargets.targets)}`, `regions ${listed(a.stackSetTargets.regions)}`];
  if (!a.showTarget) return [];
  return [`account ${a.account ?? "(not known before apply)"}, ${a.region}`];
}

/**
 * A pipeline as the CodePipeline console lays it out: its stages top to bottom; in a stage, one
 * group per run order, top to bottom, whose actions (which run in parallel) stand side by side.
 */
export function renderPipeline(p: PipelineView): string {
  const ids = new MermaidIds();
  const lines = ["flowchart TB"];
  const stageIds = p.stages.map((stage, s) => {
    const stageId = ids.take("stage", `${s + 1}_${stage.name}`);
    lines.push(`  subgraph ${stageId} [${mermaidLabel(`stage ${s + 1}: ${stage.name}`)}]`);
    const orders = [...new Set(stage.actions.map((a) => a.runOrder))].sort((a, b) => a - b);
    const groupIds = orders.map((order) => {
      const groupId = ids.take("run", `${s + 1}_${order}`);
      lines.push(`    subgraph ${groupId} [${mermaidLabel(`run order ${order}`)}]`);
      for (const a of stage.actions.filter((x) => x.runOrder === order)) {
        lines.push(`      ${ids.take("action", `${s + 1}_${a.name}`)}[${mermaidLabel(a.name, `${a.category}: ${a.provider}`, ...targetLines(a))}]`);
      }
      lines.push("    end");
      return groupId;
    });
    for (let i = 1; i < groupIds.length; i++) lines.push(`    ${groupIds[i - 1]} --> ${groupIds[i]}`);
    lines.push("  end");
    return stageId;
  });
  for (let i = 1; i < stageIds.length; i++) lines.push(`  ${stageIds[i - 1]} --> ${stageIds[i]}`);
  return `${lines.join("\n")}\n`;
}

/** Every diagram of a synth output: the landing zone first, then the pipelines by name. */
export function renderDiagrams(stacks: readonly SynthesizedStack[], outDir: string): { diagrams: Diagram[]; problems: readonly string[] } {
  const report = analyseWiring(stacks);
  const entries = planEntries(stacks, report.waves, outDir);
  const pipelines = readPipelines(stacks);
  const names = pipelines.map((p) => p.name);
  const diagrams: Diagram[] = [{ key: "landing-zone", title: "Landing zone", mermaid: renderLandingZone(entries, report.reads) }];
  for (const p of pipelines) {
    // Pipeline names are unique per account and region; across stacks the stack tells them apart.
    const key = names.filter((n) => n === p.name).length > 1 ? `pipeline:${p.name}@${p.stack}` : `pipeline:${p.name}`;
    const where = `account ${p.account ?? "(not pinned)"}, ${p.region}, stack ${p.stack}`;
    diagrams.push({ key, title: `Pipeline ${p.name} (${where})`, mermaid: renderPipeline(p) });
  }
  return { diagrams, problems: report.problems };
}

/** The diagrams as one Markdown document. */
export function diagramsMarkdown(diagrams: readonly Diagram[]): string {
  return diagrams.map((d) => `## ${d.title}\n\n${fenced(d)}`).join("\n");
}

function fenced(d: Diagram): string {
  return `\`\`\`mermaid\n${d.mermaid}\`\`\`\n`;
}

const BLOCK = /<!-- diagram:(\S+) -->\n([\s\S]*?)<!-- \/diagram -->/g;

/** The README's diagram blocks by key: the text between the markers. */
export function readmeBlocks(readme: string): Map<string, string> {
  return new Map([...readme.matchAll(BLOCK)].map((m) => [m[1]!, m[2]!]));
}

/** The text a README block holds for a diagram. */
export function readmeBlock(d: Diagram): string {
  return fenced(d);
}

/** What is stale in a README: one line per diagram block that differs, is missing or names no diagram. */
export function staleReadmeBlocks(readme: string, diagrams: readonly Diagram[]): string[] {
  const blocks = readmeBlocks(readme);
  const keys = new Set(diagrams.map((d) => d.key));
  return [
    ...diagrams.flatMap((d) => {
      const block = blocks.get(d.key);
      if (block === undefined) return [`${d.key}: no <!-- diagram:${d.key} --> ... <!-- /diagram --> block; add the markers where it belongs`];
      return block === readmeBlock(d) ? [] : [`${d.key}: the block differs from the synth output`];
    }),
    ...[...blocks.keys()].filter((k) => !keys.has(k)).map((k) => `${k}: a block for a diagram the synth output does not have; remove its markers`),
  ];
}

/** The README with every diagram block rewritten; throws when a block is missing or names no diagram. */
export function updateReadme(readme: string, diagrams: readonly Diagram[]): string {
  const problems = staleReadmeBlocks(readme, diagrams).filter((p) => !p.endsWith("differs from the synth output"));
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const byKey = new Map(diagrams.map((d) => [d.key, d]));
  return readme.replace(BLOCK, (_whole, key: string) => `<!-- diagram:${key} -->\n${readmeBlock(byKey.get(key)!)}<!-- /diagram -->`);
}

export function runDiagramCli(argv: string[], readmeFile = "README.md"): CliResult {
  const parsed = parseCli(
    argv,
    { out: { type: "string" }, "landing-zone": { type: "string" }, write: { type: "string" }, readme: { type: "boolean" } },
    DIAGRAM_HELP,
  );
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  const outArg = values.out ?? "cdktf.out";
  const checked = checkedSynthOutput(outArg, values["landing-zone"], "diagram");
  if ("exit" in checked) return checked.exit;
  const { diagrams, problems } = renderDiagrams(checked.stacks, outArg);
  if (problems.length > 0) return { code: 1, stdout: "", stderr: `unsafe stack wiring:\n${problems.map((p) => `  - ${p}`).join("\n")}` };
  const done: string[] = [];
  if (values.readme) {
    if (!fs.existsSync(readmeFile)) return { code: 2, stdout: "", stderr: `${readmeFile} not found: run from the repository's root` };
    let readme: string;
    let updated: string;
    try {
      readme = fs.readFileSync(readmeFile, "utf8");
    } catch (e) {
      return { code: 2, stdout: "", stderr: `--readme ${readmeFile}: cannot read: ${errorReason(e as Error)}` };
    }
    try {
      updated = updateReadme(readme, diagrams);
    } catch (e) {
      return { code: 2, stdout: "", stderr: `${readmeFile}: ${(e as Error).message.split("\n").join("; ")}` };
    }
    if (updated === readme) done.push(`${readmeFile}: ${diagrams.length} diagram blocks, already up to date`);
    else {
      const failed = writeOutputFile("--readme", readmeFile, updated);
      if (failed) return failed;
      const changed = staleReadmeBlocks(readme, diagrams).length;
      done.push(`${readmeFile}: ${changed} of ${diagrams.length} diagram blocks rewritten`);
    }
  }
  if (values.write) {
    const failed = writeOutputFile("--write", values.write, diagramsMarkdown(diagrams), { mkdir: true });
    if (failed) return { ...failed, stdout: done.join("\n") };
    done.push(`${values.write}: ${diagrams.length} diagrams`);
  }
  return { code: 0, stdout: done.length ? done.join("\n") : diagramsMarkdown(diagrams).trimEnd(), stderr: "" };
}

if (require.main === module) runMain(() => runDiagramCli(process.argv.slice(2)));
