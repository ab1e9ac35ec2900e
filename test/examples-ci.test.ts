/**
 * The CI templates of examples/ci against the example landing zone: both parse, the workflow
 * validates against the GitHub Actions schema, and the stacks and waves they fan out over are the
 * plan-order matrix's. Their shell steps run here with stub `aws`, `terraform`, `npm` and `npx`.
 */
import { validateWorkflow } from "@action-validator/core";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { planEntries, type PlanEntry } from "../scripts/plan-order";
import { analyseWiring } from "../synth/wiring";
import { tempDir } from "./fixtures/landing-zone";
import { synthExample } from "./fixtures/synth";

const CI = path.resolve(__dirname, "../examples/ci");
const workflowText = fs.readFileSync(path.join(CI, "github-actions.yml"), "utf8");
const workflow = parse(workflowText) as { jobs: Record<string, Record<string, any>> };
const buildspec = parse(fs.readFileSync(path.join(CI, "buildspec.yml"), "utf8")) as Record<string, any>;

// A repository checkout after `cdktf synth` and `npm run plan-order`: cdktf.out with its matrix.
const { outdir, stacks } = synthExample();
const waves = analyseWiring(stacks).waves;
const matrix: PlanEntry[] = planEntries(stacks, waves, "cdktf.out");
fs.writeFileSync(path.join(outdir, "plan-matrix.json"), JSON.stringify(matrix));
function checkout(entries: readonly PlanEntry[] = matrix): string {
  const repo = tempDir("ci-repo-");
  fs.mkdirSync(path.join(repo, "cdktf.out"));
  fs.symlinkSync(path.join(outdir, "stacks"), path.join(repo, "cdktf.out/stacks"));
  fs.writeFileSync(path.join(repo, "cdktf.out/plan-matrix.json"), JSON.stringify(entries));
  return repo;
}
const ofWave = (n: number) => matrix.filter((e) => e.wave === n);

describe("examples/ci/github-actions.yml", () => {
  it("validates against the GitHub Actions workflow schema (and the validator rejects a broken copy)", () => {
    expect(validateWorkflow(workflowText).errors).toEqual([]);
    expect(validateWorkflow(workflowText.replace("    runs-on: ubuntu-latest\n    outputs:", "    runs_on: ubuntu-latest\n    outputs:")).errors).not.toEqual(
      [],
    );
  });

  it("has a plan job per wave of the example, each a matrix over its wave's output and after the previous wave's apply", () => {
    const planJobs = Object.keys(workflow.jobs).filter((j) => j.startsWith("plan-wave-"));
    expect(planJobs).toEqual(waves.map((_, i) => `plan-wave-${i + 1}`));
    planJobs.forEach((id, i) => {
      const job = workflow.jobs[id]!;
      expect(job.strategy.matrix.include).toBe(`\${{ fromJSON(needs.synth.outputs.wave${i + 1}) }}`);
      expect(job.needs).toEqual(i === 0 ? ["synth"] : ["synth", `apply-wave-${i}`]);
      expect(workflow.jobs.synth!.outputs[`wave${i + 1}`]).toBe(`\${{ steps.waves.outputs.wave${i + 1} }}`);
      const steps = job.steps as { uses?: string; run?: string; with?: Record<string, string>; "working-directory"?: string }[];
      expect(steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"))!.with!["role-to-assume"]).toContain("${{ matrix.account }}");
      expect(steps.find((s) => s.run?.startsWith("terraform plan"))).toMatchObject({
        run: expect.stringContaining("-out=tfplan"),
        "working-directory": "${{ matrix.directory }}",
      });
      expect(steps.find((s) => s.uses?.startsWith("actions/upload-artifact"))!.with!.name).toBe("tfplan-${{ matrix.stack }}");
    });
  });

  it("applies only on main, behind the environment's approval, one run per stack at a time, the kept plan", () => {
    waves.forEach((_, i) => {
      const job = workflow.jobs[`apply-wave-${i + 1}`]!;
      expect(job.needs).toEqual(["synth", `plan-wave-${i + 1}`]);
      expect(job.if).toContain("github.ref == 'refs/heads/main'");
      expect(job.environment).toBe("landing-zone");
      expect(job.concurrency).toEqual({ group: "landing-zone-apply-${{ matrix.stack }}", "cancel-in-progress": false });
      expect((job.steps as { run?: string }[]).map((s) => s.run).filter(Boolean)).toEqual([
        "terraform init -input=false",
        "terraform apply -input=false tfplan",
      ]);
    });
  });

  const wavesStep = (workflow.jobs.synth!.steps as { id?: string; run: string }[]).find((s) => s.id === "waves")!;
  function runWavesStep(entries?: readonly PlanEntry[]) {
    const repo = checkout(entries);
    const output = path.join(repo, "github-output");
    const r = spawnSync("bash", ["-e", "-c", wavesStep.run], { cwd: repo, env: { ...process.env, GITHUB_OUTPUT: output }, encoding: "utf8" });
    return { status: r.status, stderr: r.stderr, output: fs.existsSync(output) ? fs.readFileSync(output, "utf8") : "" };
  }

  it("fans each wave out over exactly the matrix's stacks of that wave", () => {
    const r = runWavesStep();
    expect(r.status).toBe(0);
    const outputs = Object.fromEntries(
      r.output
        .trim()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf("=")), JSON.parse(l.slice(l.indexOf("=") + 1))]),
    );
    expect(Object.keys(outputs)).toEqual(waves.map((_, i) => `wave${i + 1}`));
    waves.forEach((ids, i) => {
      expect(outputs[`wave${i + 1}`]).toEqual(ofWave(i + 1));
      expect((outputs[`wave${i + 1}`] as PlanEntry[]).map((e) => e.stack).sort()).toEqual([...ids].sort());
    });
  });

  it("fails the synth job when the landing zone has more waves than the workflow has jobs", () => {
    const r = runWavesStep([...matrix, { ...matrix[0]!, stack: "extra", wave: waves.length + 1 }]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`the landing zone has ${waves.length + 1} waves, this workflow ${waves.length}: add wave jobs`);
  });
});

describe("examples/ci/buildspec.yml (CodeBuild batch build)", () => {
  it("is a build graph: synth, then one build per wave of the example, each after the previous", () => {
    const graph = buildspec.batch["build-graph"] as { identifier: string; "depend-on"?: string[]; env: { variables: Record<string, string> } }[];
    expect(graph.map((b) => b.identifier)).toEqual(["synth", ...waves.map((_, i) => `wave${i + 1}`)]);
    graph.slice(1).forEach((b, i) => {
      expect(b["depend-on"]).toEqual([i === 0 ? "synth" : `wave${i}`]);
      expect(b.env.variables).toEqual({ STEP: "wave", WAVE: String(i + 1) });
    });
    expect(buildspec.env.variables.WAVES).toBe(String(waves.length));
  });

  // Stubs that log each call (command, arguments, directory, the AWS key in use).
  function stubs(): { bin: string; log: string } {
    const bin = tempDir("ci-bin-");
    const log = path.join(bin, "calls.log");
    const stub = (name: string, body = "") =>
      fs.writeFileSync(path.join(bin, name), `#!/bin/bash\necho "${name} $* | $(pwd) | \${AWS_ACCESS_KEY_ID:-build-role}" >> ${log}\n${body}\n`, {
        mode: 0o755,
      });
    stub("aws", `if [ "$2" = assume-role ]; then acct=$(echo "$4" | cut -d: -f5); echo "KEY-$acct SECRET TOKEN"; fi`);
    for (const n of ["terraform", "npm", "npx"]) stub(n);
    return { bin, log };
  }
  function runBuild(vars: Record<string, string>, entries?: readonly PlanEntry[]) {
    const repo = checkout(entries);
    const { bin, log } = stubs();
    const script = (buildspec.phases.build.commands as string[]).join("\n");
    const env = {
      ...process.env,
      ...buildspec.env.variables,
      PATH: `${bin}:${process.env.PATH}`,
      HANDOFF_BUCKET: "handoff",
      LZ_CI_ROLE_NAME: "lz-ci",
      CODEBUILD_RESOLVED_SOURCE_VERSION: "abc123",
      ...vars,
    };
    const r = spawnSync("bash", ["-c", script], { cwd: repo, env, encoding: "utf8" });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    return { status: r.status, stderr: r.stderr, calls, repo };
  }

  it("plans every stack of a wave, and only those, in its directory with credentials for its account", () => {
    waves.forEach((_, i) => {
      const r = runBuild({ STEP: "wave", WAVE: String(i + 1) });
      expect(r.status).toBe(0);
      const plans = r.calls.filter((c) => c.startsWith("terraform plan"));
      expect(plans).toEqual(ofWave(i + 1).map((e) => `terraform plan -input=false -out=tfplan | ${path.join(r.repo, e.directory)} | KEY-${e.account}`));
      for (const e of ofWave(i + 1)) {
        expect(r.calls).toContainEqual(
          expect.stringContaining(`aws sts assume-role --role-arn arn:aws:iam::${e.account}:role/lz-ci --role-session-name landing-zone-${e.stack}`),
        );
        // The plan is kept with the build role, beside cdktf.out.
        expect(r.calls).toContainEqual(
          expect.stringMatching(new RegExp(`^aws s3 cp tfplan s3://handoff/landing-zone/abc123/plans/${e.stack}\\.tfplan \\| .* \\| build-role$`)),
        );
      }
      expect(r.calls.filter((c) => c.startsWith("terraform apply"))).toEqual([]);
    });
  });

  it("applies the plan it made only when started with APPLY=true", () => {
    const r = runBuild({ STEP: "wave", WAVE: "1", APPLY: "true" });
    expect(r.status).toBe(0);
    expect(r.calls.filter((c) => c.startsWith("terraform apply")).length).toBe(ofWave(1).length);
  });

  it("synthesizes once and hands cdktf.out over; fails when the landing zone has more waves than builds", () => {
    const ok = runBuild({ STEP: "synth" });
    expect(ok.status).toBe(0);
    expect(ok.calls.map((c) => c.split(" | ")[0])).toEqual([
      "npm ci",
      "npx cdktf synth",
      "npm run plan-order",
      "aws s3 sync --delete cdktf.out s3://handoff/landing-zone/abc123/cdktf.out",
    ]);
    const more = runBuild({ STEP: "synth" }, [...matrix, { ...matrix[0]!, stack: "extra", wave: waves.length + 1 }]);
    expect(more.status).not.toBe(0);
    expect(more.stderr).toContain(`the landing zone has ${waves.length + 1} waves, this buildspec ${waves.length}: add wave builds`);
  });
});

it("the templates call only scripts that exist", () => {
  const scripts = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../package.json"), "utf8")).scripts;
  expect(scripts["plan-order"]).toBeDefined();
  expect(execFileSync("bash", ["-n", "-c", (buildspec.phases.build.commands as string[]).join("\n")], { encoding: "utf8" })).toBe("");
});
