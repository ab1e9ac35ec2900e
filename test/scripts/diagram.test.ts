import * as fs from "node:fs";
import * as path from "node:path";
import {
  type Diagram,
  MermaidIds,
  mermaidLabel,
  type PipelineView,
  README_COMMAND,
  readmeBlocks,
  renderDiagrams,
  renderPipeline,
  runDiagramCli,
  staleReadmeBlocks,
} from "../../scripts/diagram";
import { blocks } from "../../synth/resolve";
import { analyseWiring } from "../../synth/wiring";
import { exampleInput, tempDir, writeConfig } from "../fixtures/landing-zone";
import { synthExample } from "../fixtures/synth";

const README = path.join(__dirname, "..", "..", "README.md");

interface Node {
  readonly label: string;
  /** Labels of the enclosing subgraphs, outermost first. */
  readonly parents: readonly string[];
}

/**
 * The flowchart subset the script writes, parsed strictly: every line is a header, a subgraph
 * (id and quoted label), `end`, a node (id and quoted label), an edge (optionally with a quoted
 * label), a classDef or a class line. Throws on anything else, on unbalanced subgraphs, on an id
 * defined twice, on a reference to an undefined id and on a label Mermaid would not read as text.
 */
function parseFlowchart(text: string) {
  const lines = text.trimEnd().split("\n");
  const id = "[A-Za-z][A-Za-z0-9_]*";
  const label = '"((?:[^"#<>&`]|#\\w+;|<br/>)*)"';
  const forms = {
    subgraph: new RegExp(`^subgraph (${id}) \\[${label}\\]$`),
    node: new RegExp(`^(${id})\\[${label}\\]$`),
    edge: new RegExp(`^(${id}) -->(?:\\|${label}\\|)? (${id})$`),
    classDef: /^classDef (\w+) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6}$/,
    class: new RegExp(`^class (${id}(?:,${id})*) (\\w+)$`),
  };
  const direction = /^flowchart (TB|LR)$/.exec(lines[0] ?? "")?.[1];
  if (!direction) throw new Error(`not a flowchart header: ${lines[0]}`);
  const nodes = new Map<string, Node>();
  const subgraphs = new Map<string, Node>();
  const order: string[] = [];
  const edges: { from: string; to: string; label?: string }[] = [];
  const classDefs = new Set<string>();
  const classes = new Map<string, string[]>();
  const open: { id: string; label: string }[] = [];
  const define = (key: string, map: Map<string, Node>, lbl: string) => {
    if (nodes.has(key) || subgraphs.has(key)) throw new Error(`id ${key} defined twice`);
    map.set(key, { label: lbl, parents: open.map((o) => o.label) });
  };
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = forms.subgraph.exec(line))) {
      define(m[1]!, subgraphs, m[2]!);
      open.push({ id: m[1]!, label: m[2]! });
    } else if (line === "end") {
      if (!open.pop()) throw new Error("end without subgraph");
    } else if ((m = forms.node.exec(line))) {
      define(m[1]!, nodes, m[2]!);
      order.push(m[1]!);
    } else if ((m = forms.edge.exec(line))) {
      edges.push({ from: m[1]!, to: m[3]!, ...(m[2] !== undefined ? { label: m[2] } : {}) });
    } else if ((m = forms.classDef.exec(line))) {
      classDefs.add(m[1]!);
    } else if ((m = forms.class.exec(line))) {
      classes.set(m[2]!, m[1]!.split(","));
    } else {
      throw new Error(`line Mermaid would not read as the script means it: ${JSON.stringify(raw)}`);
    }
  }
  if (open.length > 0) throw new Error(`subgraph ${open[0]!.id} not closed`);
  const known = (x: string) => nodes.has(x) || subgraphs.has(x);
  for (const e of edges) if (!known(e.from) || !known(e.to)) throw new Error(`edge to an undefined id: ${e.from} --> ${e.to}`);
  for (const [c, members] of classes) {
    if (!classDefs.has(c)) throw new Error(`class ${c} has no classDef`);
    for (const x of members) if (!nodes.has(x)) throw new Error(`class ${c} names undefined node ${x}`);
  }
  return { direction, nodes, subgraphs, order, edges, classes };
}

const lines = (label: string) => label.split("<br/>");

describe("npm run diagram", () => {
  const { outdir, stacks } = synthExample();
  const lzFile = writeConfig(exampleInput());
  // The landing-zone file is older than the synth.
  fs.utimesSync(lzFile, new Date(0), new Date(0));
  const { diagrams, problems } = renderDiagrams(stacks, outdir);
  const byKey = new Map(diagrams.map((d) => [d.key, d]));
  const report = analyseWiring(stacks);
  const args = ["--out", outdir, "--landing-zone", lzFile];

  it("renders the example without wiring problems: the landing zone and one diagram per pipeline, each a flowchart it parses", () => {
    expect(problems).toEqual([]);
    const pipelines = stacks.flatMap((s) => Object.values(s.json.resource?.aws_codepipeline ?? {}).map((p) => `pipeline:${String(p.name)}`));
    expect(diagrams.map((d) => d.key)).toEqual(["landing-zone", ...pipelines.sort()]);
    for (const d of diagrams) expect(() => parseFlowchart(d.mermaid)).not.toThrow();
  });

  it("the README's diagrams are those of the example", () => {
    const stale = staleReadmeBlocks(fs.readFileSync(README, "utf8"), diagrams).map((p) => `README.md: ${p}: run \`${README_COMMAND}\``);
    expect(stale).toEqual([]);
  });

  describe("the landing zone", () => {
    const lz = parseFlowchart(byKey.get("landing-zone")!.mermaid);
    const stackNodes = [...lz.nodes].filter(([, n]) => n.parents[0]?.startsWith("account "));
    const nodeOf = (stack: string) => stackNodes.find(([, n]) => lines(n.label)[0] === stack)![0];

    it("shows every stack once, inside its account's and region's subgraphs, with its wave", () => {
      expect(stackNodes.map(([, n]) => lines(n.label)[0]).sort()).toEqual(stacks.map((s) => s.id).sort());
      for (const s of stacks) {
        const provider = s.json.provider!.aws![0] as { allowed_account_ids: string[]; region: string };
        const wave = report.waves.findIndex((w) => w.includes(s.id)) + 1;
        const node = lz.nodes.get(nodeOf(s.id))!;
        expect([s.id, node.parents, lines(node.label)]).toEqual([
          s.id,
          [`account ${provider.allowed_account_ids[0]}`, provider.region],
          [s.id, `wave ${wave}`],
        ]);
      }
      expect(lz.nodes.get(nodeOf("target-prod"))!.parents).toEqual(["account 444444444444", "eu-west-1"]);
    });

    it("draws one edge per remote-state read, from the stack read to the reader, labelled with the outputs read", () => {
      const expected = new Map<string, Set<string>>();
      for (const r of report.reads) {
        const key = `${r.sourceStack} -> ${r.stack}`;
        expected.set(key, new Set([...(expected.get(key) ?? []), ...r.outputs]));
      }
      const label = (id: string) => lines(lz.nodes.get(id)!.label)[0];
      const drawn = lz.edges.filter((e) => !e.from.startsWith("legend_")).map((e) => [`${label(e.from)} -> ${label(e.to)}`, lines(e.label!)] as const);
      expect(drawn.map(([k]) => k).sort()).toEqual([...expected.keys()].sort());
      for (const [k, outputs] of drawn) expect([k, outputs]).toEqual([k, [...expected.get(k)!].sort()]);
      expect(drawn.find(([k]) => k === "tools-eu-west-1 -> pipelines-eu-west-1")![1]).toContain("artifact_stores");
    });

    it("gives each wave its class, whose members are that wave's stacks (and its legend entry)", () => {
      expect([...lz.classes.keys()]).toEqual(report.waves.map((_, i) => `wave${i + 1}`));
      report.waves.forEach((wave, i) => {
        const members = lz.classes.get(`wave${i + 1}`)!;
        expect(members.filter((m) => !m.startsWith("legend_")).map((m) => lines(lz.nodes.get(m)!.label)[0])).toEqual([...wave]);
        expect(members.filter((m) => m.startsWith("legend_")).map((m) => lz.nodes.get(m)!.label)).toEqual([`wave ${i + 1}`]);
      });
    });
  });

  describe("the pipelines", () => {
    const synthesized = stacks.flatMap((s) => Object.values(s.json.resource?.aws_codepipeline ?? {}));

    it("show every action in order: stage by stage, inside its stage's and its run order's subgraphs", () => {
      expect(synthesized.length).toBeGreaterThan(3);
      for (const p of synthesized) {
        const chart = parseFlowchart(byKey.get(`pipeline:${String(p.name)}`)!.mermaid);
        expect(chart.direction).toBe("TB");
        const expected = blocks(p.stage).flatMap((st, i) => {
          const actions = blocks(st.action).map((a) => ({ name: String(a.name), runOrder: Number(a.run_order ?? 1) }));
          const orders = [...new Set(actions.map((a) => a.runOrder))].sort((x, y) => x - y);
          return orders.flatMap((o) =>
            actions.filter((a) => a.runOrder === o).map((a) => [a.name, [`stage ${i + 1}: ${String(st.name)}`, `run order ${o}`]] as const),
          );
        });
        const drawn = chart.order.map((id) => [lines(chart.nodes.get(id)!.label)[0], chart.nodes.get(id)!.parents] as const);
        expect([p.name, drawn]).toEqual([p.name, expected]);
        // Stages follow each other, and so do the run orders of a stage.
        const stageIds = [...chart.subgraphs].filter(([, s]) => s.parents.length === 0).map(([id]) => id);
        expect(chart.edges.filter((e) => stageIds.includes(e.from)).map((e) => [e.from, e.to])).toEqual(stageIds.slice(1).map((to, i) => [stageIds[i], to]));
      }
    });

    it("name the account of each deploy action's role and its region", () => {
      const orders = parseFlowchart(byKey.get("pipeline:orders-service")!.mermaid);
      const labelOf = (name: string) => lines([...orders.nodes.values()].find((n) => lines(n.label)[0] === name)!.label);
      expect(labelOf("Execute-us-east-1")).toEqual(["Execute-us-east-1", "Deploy: CloudFormation", "account 444444444444, us-east-1"]);
      expect(labelOf("Dev-eu-west-1")).toEqual(["Dev-eu-west-1", "Deploy: CloudFormation", "account 222222222222, eu-west-1"]);
      // Not a deploy, no role of its own: where it runs is the pipeline's.
      expect(labelOf("UnitTests")).toEqual(["UnitTests", "Test: CodeBuild"]);
      const stackSet = parseFlowchart(byKey.get("pipeline:guardrails-stackset")!.mermaid);
      expect(lines([...stackSet.nodes.values()].find((n) => n.label.startsWith("UpdateStackSet"))!.label)).toEqual([
        "UpdateStackSet",
        "Deploy: CloudFormationStackSet",
        "targets 222222222222, 333333333333, 444444444444",
        "regions eu-west-1, eu-central-1",
      ]);
    });
  });

  describe("Mermaid text", () => {
    it("escapes the characters a quoted label cannot hold as entity codes, and joins lines with <br/>", () => {
      expect(mermaidLabel('say "hi" #1 <b> & `x`', "two\nlines")).toBe('"say #quot;hi#quot; #35;1 #lt;b#gt; #amp; #96;x#96;<br/>two lines"');
    });

    it("keeps node ids unique when names differ only in characters an id cannot hold", () => {
      const ids = new MermaidIds();
      expect([ids.take("stack", "a-b"), ids.take("stack", "a_b"), ids.take("stack", "a.b"), ids.take("stack", "end")]).toEqual([
        "stack_a_b",
        "stack_a_b_2",
        "stack_a_b_3",
        "stack_end",
      ]);
    });

    it("draws a pipeline whose names need escaping and whose action names repeat across stages", () => {
      const action = (name: string, runOrder: number) => ({
        name,
        category: "Deploy",
        provider: "CloudFormation",
        runOrder,
        account: undefined,
        region: "eu-west-1",
        showTarget: true,
      });
      const p: PipelineView = {
        name: "odd",
        stack: "s",
        account: "111111111111",
        region: "eu-west-1",
        stages: [
          { name: 'Deploy "A" #1', actions: [action("Go", 1), action("Go-2", 1)] },
          { name: "Deploy <B>", actions: [action("Go", 2), action("Go", 1)] },
        ],
      };
      const chart = parseFlowchart(renderPipeline(p));
      expect([...chart.subgraphs.values()].filter((s) => s.parents.length === 0).map((s) => s.label)).toEqual([
        "stage 1: Deploy #quot;A#quot; #35;1",
        "stage 2: Deploy #lt;B#gt;",
      ]);
      expect(chart.order).toEqual(["action_1_Go", "action_1_Go_2", "action_2_Go", "action_2_Go_2"]);
      expect(lines(chart.nodes.get("action_2_Go_2")!.label)).toEqual(["Go", "Deploy: CloudFormation", "account (not known before apply), eu-west-1"]);
      expect(chart.nodes.get("action_2_Go_2")!.parents).toEqual(["stage 2: Deploy #lt;B#gt;", "run order 2"]);
    });
  });

  describe("the command", () => {
    it("prints the diagrams as Markdown: a heading and a mermaid block each", () => {
      const r = runDiagramCli(args);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout.match(/^## /gm)).toHaveLength(diagrams.length);
      expect([...r.stdout.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1])).toEqual(diagrams.map((d) => d.mermaid));
    });

    it("--write FILE: one line naming it and why, exit 2, when it cannot be written", () => {
      const notADir = path.join(tempDir("diagram-"), "file");
      fs.writeFileSync(notADir, "x");
      const file = path.join(notADir, "docs", "diagrams.md");
      expect(runDiagramCli([...args, "--write", file])).toEqual({
        code: 2,
        stdout: "",
        stderr: `--write ${file}: cannot write: ${notADir} is not a directory`,
      });
    });

    it("--write FILE writes them", () => {
      const file = path.join(tempDir("diagram-"), "docs", "diagrams.md");
      const r = runDiagramCli([...args, "--write", file]);
      expect(r).toEqual({ code: 0, stdout: `${file}: ${diagrams.length} diagrams`, stderr: "" });
      expect(fs.readFileSync(file, "utf8")).toContain(`## Landing zone\n\n\`\`\`mermaid\n${diagrams[0]!.mermaid}\`\`\``);
    });

    describe("--readme", () => {
      const readme = (text: string) => {
        const file = path.join(tempDir("diagram-readme-"), "README.md");
        fs.writeFileSync(file, text);
        return file;
      };
      const blockText = (d: Diagram) => `<!-- diagram:${d.key} -->\nstale\n<!-- /diagram -->`;
      const all = `# Title\n\nintro\n\n${diagrams.map(blockText).join("\n\ntext between\n\n")}\n\nend\n`;

      it("rewrites every block between its markers and nothing else", () => {
        const file = readme(all);
        const r = runDiagramCli([...args, "--readme"], file);
        expect(r).toEqual({ code: 0, stdout: `${file}: ${diagrams.length} of ${diagrams.length} diagram blocks rewritten`, stderr: "" });
        const text = fs.readFileSync(file, "utf8");
        expect(staleReadmeBlocks(text, diagrams)).toEqual([]);
        expect(text.replace(/<!-- diagram:(\S+) -->\n[\s\S]*?<!-- \/diagram -->/g, "<$1>")).toBe(
          all.replace(/<!-- diagram:(\S+) -->\nstale\n<!-- \/diagram -->/g, "<$1>"),
        );
        expect(readmeBlocks(text).get("landing-zone")).toBe(`\`\`\`mermaid\n${diagrams[0]!.mermaid}\`\`\`\n`);
      });

      it("says how many blocks it rewrote, and leaves the file alone when none differs", () => {
        const file = readme(all);
        runDiagramCli([...args, "--readme"], file);
        const fresh = fs.readFileSync(file, "utf8");
        // Two blocks made stale again.
        const stale = [diagrams[0]!, diagrams[1]!].reduce(
          (text, d) => text.replace(`<!-- diagram:${d.key} -->\n${readmeBlocks(text).get(d.key)!}`, blockText(d).replace(/<!-- \/diagram -->$/, "")),
          fresh,
        );
        fs.writeFileSync(file, stale);
        expect(runDiagramCli([...args, "--readme"], file)).toEqual({
          code: 0,
          stdout: `${file}: 2 of ${diagrams.length} diagram blocks rewritten`,
          stderr: "",
        });
        expect(fs.readFileSync(file, "utf8")).toBe(fresh);
        // Up to date: not written (its modification time stays where the test put it).
        fs.utimesSync(file, new Date(0), new Date(0));
        expect(runDiagramCli([...args, "--readme"], file)).toEqual({
          code: 0,
          stdout: `${file}: ${diagrams.length} diagram blocks, already up to date`,
          stderr: "",
        });
        expect(fs.statSync(file).mtimeMs).toBe(0);
        expect(fs.readFileSync(file, "utf8")).toBe(fresh);
      });

      it("fails with exit 2 and one line when the README cannot be read", () => {
        const dir = path.join(tempDir("diagram-readme-"), "README.md");
        fs.mkdirSync(dir);
        expect(runDiagramCli([...args, "--readme"], dir)).toEqual({
          code: 2,
          stdout: "",
          stderr: `--readme ${dir}: cannot read: it is a directory`,
        });
      });

      it("fails with exit 2, changing nothing, when a diagram has no block or a block names no diagram", () => {
        const missing = readme(all.replace(blockText(byKey.get("pipeline:orders-service")!), ""));
        const r = runDiagramCli([...args, "--readme"], missing);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(
          `${missing}: pipeline:orders-service: no <!-- diagram:pipeline:orders-service --> ... <!-- /diagram --> block; add the markers where it belongs`,
        );
        const extra = readme(`${all}<!-- diagram:pipeline:gone -->\n<!-- /diagram -->\n`);
        expect(runDiagramCli([...args, "--readme"], extra).stderr).toBe(
          `${extra}: pipeline:gone: a block for a diagram the synth output does not have; remove its markers`,
        );
        expect(fs.readFileSync(extra, "utf8")).toContain("stale");
      });

      it("names the stale blocks", () => {
        expect(staleReadmeBlocks(all, diagrams)).toEqual(diagrams.map((d) => `${d.key}: the block differs from the synth output`));
      });
    });

    it("fails with exit 1 and draws nothing when the wiring is unsafe (a read of an output that is not there)", () => {
      const broken = path.join(tempDir("diagram-"), "cdktf.out");
      fs.cpSync(outdir, broken, { recursive: true });
      const file = path.join(broken, "stacks", "tools-eu-west-1", "cdk.tf.json");
      const json = JSON.parse(fs.readFileSync(file, "utf8")) as { output: Record<string, unknown> };
      delete json.output.artifact_stores;
      fs.writeFileSync(file, JSON.stringify(json));
      const r = runDiagramCli(["--out", broken, "--landing-zone", lzFile]);
      expect(r).toMatchObject({ code: 1, stdout: "" });
      expect(r.stderr).toMatch(/^unsafe stack wiring:\n {2}- pipelines-eu-west-1: reads output artifact_stores of tools-eu-west-1, which has no such output$/m);
    });

    it("fails with exit 2 and a message when cdktf.out is missing", () => {
      const r = runDiagramCli(["--out", path.join(tempDir("diagram-"), "cdktf.out"), "--landing-zone", lzFile]);
      expect(r).toMatchObject({ code: 2, stdout: "" });
      expect(r.stderr).toMatch(/manifest\.json not found: run `npx cdktf synth` first/);
    });

    it("fails with exit 2 and a message when cdktf.out is older than the landing-zone file", () => {
      const newer = writeConfig(exampleInput());
      fs.utimesSync(newer, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
      const r = runDiagramCli(["--out", outdir, "--landing-zone", newer]);
      expect(r).toMatchObject({ code: 2, stdout: "" });
      expect(r.stderr).toMatch(/is older than .*: run `npx cdktf synth` again, then diagram$/);
    });
  });
});
