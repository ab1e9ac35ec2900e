import { parseLandingZone } from "../../config/load";
import { asList, PolicyDoc } from "../../synth/resolve";
import { exampleInput } from "../fixtures/landing-zone";
import { synthExample } from "../fixtures/synth";

// Self-managed stack sets whose roles the file leaves out get them from the landing zone: an
// administration role per pipeline (tools account) and an execution role per target account.
const lz = parseLandingZone(exampleInput());
const { index } = synthExample();
const pipelinesStack = `pipelines-${lz.tools.primaryRegion}`;
const doc = (v: unknown): PolicyDoc => JSON.parse(String(v));
const tools = lz.tools.accountId;
const adminArn = `arn:aws:iam::${tools}:role/acme-stackset-admin-guardrails-stackset`;

const stackSetAction = () => {
  const p = Object.values(index.resources(pipelinesStack, "aws_codepipeline")).find((x) => x.name === "guardrails-stackset")!;
  return (p.stage as { action: { provider: string; configuration: Record<string, string> }[] }[])
    .flatMap((s) => s.action)
    .find((a) => a.provider === "CloudFormationStackSet")!;
};

describe("self-managed stack sets", () => {
  it("name the landing zone's administration role and execution role in the action", () => {
    expect(stackSetAction().configuration).toMatchObject({
      AdministrationRoleArn: adminArn,
      ExecutionRoleName: "acme-stackset-execution",
      PermissionModel: "SELF_MANAGED",
    });
  });

  it("create the administration role, trusted by CloudFormation for the tools account only, reaching exactly the targets' execution roles", () => {
    const roles = Object.values(index.resources(pipelinesStack, "aws_iam_role")).filter((r) => r.name === "acme-stackset-admin-guardrails-stackset");
    expect(roles).toHaveLength(1);
    expect(doc(roles[0]!.assume_role_policy).Statement).toEqual([
      {
        Sid: "CloudFormation",
        Effect: "Allow",
        Principal: { Service: "cloudformation.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": tools } },
      },
    ]);
    const policy = Object.values(index.resources(pipelinesStack, "aws_iam_role_policy")).find((p) => p.name === "assume-execution-roles")!;
    const statements = doc(policy.policy).Statement;
    expect(statements.flatMap((s) => asList(s.Action))).toEqual(["sts:AssumeRole"]);
    // The stack set deploys to dev, staging and prod; its instances action adds prod again.
    expect(statements.flatMap((s) => asList(s.Resource))).toEqual(
      ["222222222222", "333333333333", "444444444444"].map((a) => `arn:aws:iam::${a}:role/acme-stackset-execution`),
    );
  });

  it("create an execution role in each target it deploys to, trusting exactly that administration role, bounded like CloudFormation's", () => {
    for (const t of lz.targets) {
      const stack = `target-${t.name}`;
      const role = Object.values(index.resources(stack, "aws_iam_role")).find((r) => r.name === "acme-stackset-execution")!;
      expect(doc(role.assume_role_policy).Statement).toEqual([
        {
          Sid: "StackSetAdministration0",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${tools}:root` },
          Action: "sts:AssumeRole",
          Condition: { ArnEquals: { "aws:PrincipalArn": [adminArn] } },
        },
      ]);
      const attached = Object.values(index.resources(stack, "aws_iam_role_policy_attachment")).filter((a) =>
        String(a.role).includes("stackset-execution-role"),
      );
      expect(attached.map((a) => a.policy_arn).sort()).toEqual([...(t.cloudFormationExecutionPolicyArns ?? [])].sort());
    }
  });

  it("exist before the pipeline, whose first execution starts on creation", () => {
    const p = Object.values(index.resources(pipelinesStack, "aws_codepipeline")).find((x) => x.name === "guardrails-stackset")!;
    const policyId = Object.entries(index.resources(pipelinesStack, "aws_iam_role_policy")).find(([, b]) => b.name === "assume-execution-roles")![0];
    expect(p.depends_on).toContain(`aws_iam_role_policy.${policyId}`);
  });

  it("leave the roles to the user when the file names them", () => {
    const input = exampleInput();
    Object.assign(input.pipelines[3].stages[1].actions[0], {
      administrationRoleArn: `arn:aws:iam::${tools}:role/platform-stackset-admin`,
      executionRoleName: "platform-stackset-execution",
    });
    const own = synthExample(input).index;
    expect(Object.values(own.resources(pipelinesStack, "aws_iam_role")).map((r) => r.name)).not.toContain("acme-stackset-admin-guardrails-stackset");
    for (const t of lz.targets)
      expect(Object.values(own.resources(`target-${t.name}`, "aws_iam_role")).map((r) => r.name)).not.toContain("acme-stackset-execution");
  });
});
