import { SynthIndex } from "../../synth/resolve";
import { analyseWiring, SynthesizedStack, TerraformJson } from "../../synth/wiring";

const backend = (key: string) => ({ backend: { s3: { bucket: "state", key } } });
const read = (key: string) => ({ backend: "s3", config: { bucket: "state", key } });

function stack(id: string, dependencies: string[], json: Partial<TerraformJson> = {}): SynthesizedStack {
  return { id, dependencies, json: { terraform: backend(`${id}.tfstate`), ...json } as TerraformJson };
}

const producer = stack("a", [], {
  provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["111111111111"] }] },
  resource: { aws_iam_role: { r: { name: "pipeline" } } },
  output: { role_arn: { value: "${aws_iam_role.r.arn}" } },
});
const consumer = (deps: string[], output = "role_arn", key = "a.tfstate") =>
  stack("b", deps, {
    data: { terraform_remote_state: { a: read(key) } },
    resource: { aws_iam_role: { t: { assume_role_policy: `{"AWS":"\${data.terraform_remote_state.a.outputs.${output}}"}` } } },
  });

describe("analyseWiring", () => {
  it("accepts a consumer that depends on the stack it reads, and orders them in waves", () => {
    const report = analyseWiring([producer, consumer(["a"])]);
    expect(report.problems).toEqual([]);
    expect(report.waves).toEqual([["a"], ["b"]]);
    expect(report.reads).toEqual([{ stack: "b", dataSource: "a", location: "s3://state/a.tfstate", sourceStack: "a", outputs: ["role_arn"] }]);
  });

  it("reports a read of a stack that is not applied earlier", () => {
    expect(analyseWiring([producer, consumer([])]).problems).toEqual(["b: reads the state of a but does not depend on it, so it may be applied first"]);
  });

  it("reports a read of an output the source stack does not have", () => {
    expect(analyseWiring([producer, consumer(["a"], "missing")]).problems).toEqual(["b: reads output missing of a, which has no such output"]);
  });

  it("reports a read of state no stack writes", () => {
    expect(analyseWiring([producer, consumer(["a"], "role_arn", "elsewhere.tfstate")]).problems).toEqual([
      "b: remote state a reads s3://state/elsewhere.tfstate, which no stack of this app writes",
    ]);
  });

  it("reports a cycle", () => {
    const report = analyseWiring([stack("x", ["y"]), stack("y", ["x"]), stack("z", [])]);
    expect(report.problems).toEqual(["dependency cycle among: x, y"]);
    expect(report.waves).toEqual([["z"]]);
  });

  it("reports two stacks sharing a state key and a stack without backend", () => {
    const twin = { ...stack("c", []), json: { terraform: backend("a.tfstate") } };
    const local = { id: "d", dependencies: [], json: {} };
    expect(analyseWiring([producer, twin, local]).problems).toEqual([
      "c: state location s3://state/a.tfstate is also used by a",
      "d: has no backend; its state would stay on the CI runner",
    ]);
  });
});

describe("SynthIndex", () => {
  it("follows a remote-state output into the stack that writes it and computes the role ARN", () => {
    const index = new SynthIndex([producer, consumer(["a"])]);
    expect(index.resolveString("b", "${data.terraform_remote_state.a.outputs.role_arn}")).toBe("arn:aws:iam::111111111111:role/pipeline");
  });

  it("leaves what it cannot resolve marked with its stack", () => {
    const index = new SynthIndex([producer]);
    expect(index.resolveString("a", "${aws_sqs_queue.q.arn}/x")).toBe("${a:aws_sqs_queue.q.arn}/x");
  });
});
