import { approvalTopicPublish, crossAccountActionRole, crossAccountArtifactGrants, customActionWorker, lambdaJobResult } from "../../guardrails/rules";
import {
  ACTION_ROLE,
  action,
  doc,
  OTHER,
  outcome,
  PIPELINE_ROLE,
  pipelineStack,
  remotePipelineStack,
  roleArn,
  stack,
  stages,
  status,
  TARGET,
  TOOLS,
  toolsStack,
} from "./helpers";

const P = "aws_codepipeline.p";
const cfn = (extra: Record<string, unknown> = {}, config: Record<string, string> = {}) =>
  action("Deploy", "Deploy", "CloudFormation", {
    configuration: { ActionMode: "CREATE_UPDATE", StackName: "app", TemplatePath: "Src::t.yaml", RoleArn: roleArn(TARGET, "cfn-exec"), ...config },
    input_artifacts: ["Src"],
    ...extra,
  });

describe("CP-XA-1 cross-account action runs with a role of its target account", () => {
  it("passes a CloudFormation action whose role_arn is in the account of its RoleArn", () => {
    expect(status(crossAccountActionRole, [pipelineStack({ stages: stages({ name: "D", action: [cfn({ role_arn: ACTION_ROLE })] }) })], P)).toBe("compliant");
  });
  it("fails a CloudFormation action targeting another account without role_arn", () => {
    const o = outcome(crossAccountActionRole, [pipelineStack({ stages: stages({ name: "D", action: [cfn()] }) })], P);
    expect(o.details).toEqual([
      `action D/Deploy: RoleArn is in account ${TARGET}, but the action has no role_arn (it would run as the pipeline role of ${TOOLS})`,
    ]);
  });
  it("fails a role_arn in another account than the configuration targets (the pipeline's own included)", () => {
    const own = outcome(crossAccountActionRole, [pipelineStack({ stages: stages({ name: "D", action: [cfn({ role_arn: roleArn(TOOLS, "deployer") })] }) })], P);
    expect(own.details?.[0]).toContain(`RoleArn is in account ${TARGET}, but role_arn arn:aws:iam::${TOOLS}:role/deployer is in account ${TOOLS}`);
    const lambda = action("Invoke", "Invoke", "Lambda", {
      configuration: { FunctionName: `arn:aws:lambda:eu-west-1:${OTHER}:function:f` },
      role_arn: ACTION_ROLE,
    });
    expect(status(crossAccountActionRole, [pipelineStack({ stages: stages({ name: "I", action: [lambda] }) })], P)).toBe("non-compliant");
  });
  it("is not applicable to a pipeline that stays in its account", () => {
    expect(status(crossAccountActionRole, [pipelineStack()], P)).toBe("not-applicable");
  });
});

describe("CP-XA-2 cross-account role granted by both bucket policy and key policy", () => {
  const deploy = cfn({ role_arn: ACTION_ROLE, output_artifacts: ["Out"] });
  const pipelines = (roleStatements?: object[]) => {
    const p = remotePipelineStack(["eu-west-1"], { stages: stages({ name: "D", action: [deploy] }) });
    const target = stack("target", {
      account: TARGET,
      resources: roleStatements
        ? {
            aws_iam_role: { action: { name: "action", assume_role_policy: doc() } },
            aws_iam_role_policy: { a: { role: "${aws_iam_role.action.name}", policy: doc(...roleStatements) } },
          }
        : {},
    });
    return [p, target];
  };

  it("passes when the store's bucket policy and key policy both grant the role (root + aws:PrincipalArn)", () => {
    expect(status(crossAccountArtifactGrants, [toolsStack("eu-west-1", { bucketGrants: [ACTION_ROLE], keyGrants: [ACTION_ROLE] }), ...pipelines()], P)).toBe(
      "compliant",
    );
  });
  it("fails when only the bucket policy grants the role", () => {
    const o = outcome(crossAccountArtifactGrants, [toolsStack("eu-west-1", { bucketGrants: [ACTION_ROLE] }), ...pipelines()], P);
    expect(o.details).toEqual([
      expect.stringMatching(
        /^action D\/Deploy \(role arn:aws:iam::222222222222:role\/action, eu-west-1\): key policy of arn:aws:kms:eu-west-1:111111111111:key\/<tools-eu-west-1:aws_kms_key.key> does not grant kms:Decrypt, kms:GenerateDataKey$/,
      ),
    ]);
  });
  it("fails when only the key policy grants the role, or grants too little", () => {
    const o = outcome(crossAccountArtifactGrants, [toolsStack("eu-west-1", { keyGrants: [ACTION_ROLE], keyActions: ["kms:Decrypt"] }), ...pipelines()], P);
    expect(o.details).toEqual([
      expect.stringContaining("bucket policy of artifacts-eu-west-1 does not grant s3:GetObject, s3:PutObject"),
      expect.stringContaining("does not grant kms:GenerateDataKey"),
    ]);
  });
  it("fails when the role's own policy in the app does not cover the store", () => {
    const grants = { bucketGrants: [ACTION_ROLE], keyGrants: [ACTION_ROLE] };
    const o = outcome(
      crossAccountArtifactGrants,
      [toolsStack("eu-west-1", grants), ...pipelines([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::elsewhere/*" }])],
      P,
    );
    expect(o.details?.[0]).toMatch(/the role's own policies do not allow s3:GetObject, s3:PutObject, kms:Decrypt, kms:GenerateDataKey on the eu-west-1 store$/);
  });
  it("is not applicable to same-account actions, and unverified when the store is outside the app", () => {
    expect(status(crossAccountArtifactGrants, [toolsStack("eu-west-1"), pipelineStack()], P)).toBe("not-applicable");
    const o = outcome(crossAccountArtifactGrants, [pipelineStack({ stages: stages({ name: "D", action: [deploy] }) })], P);
    expect(o.status).toBe("not-applicable");
    expect(o.details?.[0]).toContain("bucket artifacts-eu-west-1 is not a resource of this app");
  });
});

describe("CP-LAMBDA-1 Lambda function role reports the job result", () => {
  const invoke = action("Validate", "Invoke", "Lambda", { configuration: { FunctionName: "validate" } });
  const withFunction = (statements: object[]) =>
    pipelineStack(
      { stages: stages({ name: "Run", action: [invoke] }) },
      {
        aws_iam_role: { fn: { name: "validate-fn", assume_role_policy: doc() } },
        aws_lambda_function: { fn: { function_name: "validate", role: "${aws_iam_role.fn.arn}" } },
        aws_iam_role_policy: { fn: { role: "${aws_iam_role.fn.id}", policy: doc(...statements) } },
      },
    );
  it("passes when the function's role may call PutJobSuccessResult and PutJobFailureResult", () => {
    const s = withFunction([{ Effect: "Allow", Action: ["codepipeline:PutJob*"], Resource: "*" }]);
    expect(status(lambdaJobResult, [s], P)).toBe("compliant");
  });
  it("fails when the role lacks PutJobFailureResult", () => {
    const o = outcome(lambdaJobResult, [withFunction([{ Effect: "Allow", Action: "codepipeline:PutJobSuccessResult", Resource: "*" }])], P);
    expect(o.details).toEqual([
      `action Run/Validate: role arn:aws:iam::${TOOLS}:role/validate-fn of aws_lambda_function.fn may not call codepipeline:PutJobFailureResult`,
    ]);
  });
  it("is not applicable (unverified) when the function is not a resource of the app", () => {
    const o = outcome(lambdaJobResult, [pipelineStack({ stages: stages({ name: "Run", action: [invoke] }) })], P);
    expect(o).toEqual({ status: "not-applicable", details: [`action Run/Validate: function validate is not a resource of this app`] });
  });
});

describe("CP-APPR-1 manual approval role publishes to its topic", () => {
  const approval = action("Approve", "Approval", "Manual", { configuration: { NotificationArn: "${aws_sns_topic.t.arn}" } });
  const topicArn = `arn:aws:sns:eu-west-1:${TOOLS}:approvals`;
  const approvalStack = (rolePolicy: object[], extra: Record<string, Record<string, Record<string, unknown>>> = {}) =>
    pipelineStack(
      { stages: stages({ name: "Approve", action: [approval] }) },
      {
        aws_iam_role: { pipeline: { name: "pipeline", assume_role_policy: doc() } },
        aws_iam_role_policy: { pipeline: { role: "pipeline", policy: doc(...rolePolicy) } },
        aws_sns_topic: { t: { name: "approvals" } },
        ...extra,
      },
    );
  const publish = { Effect: "Allow", Action: "sns:Publish", Resource: "${aws_sns_topic.t.arn}" };

  it("passes when the pipeline role may publish", () => {
    expect(status(approvalTopicPublish, [approvalStack([publish])], P)).toBe("compliant");
  });
  it("fails when the pipeline role may not publish", () => {
    expect(outcome(approvalTopicPublish, [approvalStack([])], P).details).toEqual([
      `action Approve/Approve (role ${PIPELINE_ROLE}): the role's policies do not allow sns:Publish on ${topicArn}`,
    ]);
  });
  it("fails when the topic policy denies the role, or its KMS key is not granted", () => {
    const deny = doc({
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": roleArn(TOOLS, "someone-else") } },
    });
    const denied = outcome(
      approvalTopicPublish,
      [approvalStack([publish], { aws_sns_topic_policy: { t: { arn: "${aws_sns_topic.t.arn}", policy: deny } } })],
      P,
    );
    expect(denied.details?.[0]).toContain("denies the role sns:Publish");
    const key = {
      policy: doc({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${TOOLS}:root` },
        Action: "kms:*",
        Resource: "*",
        Condition: { ArnEquals: { "aws:PrincipalArn": PIPELINE_ROLE } },
      }),
    };
    const encrypted = outcome(
      approvalTopicPublish,
      [approvalStack([publish], { aws_kms_key: { k: key }, aws_sns_topic: { t: { name: "approvals", kms_master_key_id: "${aws_kms_key.k.arn}" } } })],
      P,
    );
    expect(encrypted.details?.[0]).toMatch(/the role's policies do not allow kms:GenerateDataKey on .*, kms:Decrypt on /);
  });
  it("is not applicable when the role's policies are not in the app", () => {
    const o = outcome(
      approvalTopicPublish,
      [pipelineStack({ stages: stages({ name: "Approve", action: [approval] }) }, { aws_sns_topic: { t: { name: "approvals" } } })],
      P,
    );
    expect(o.status).toBe("not-applicable");
  });
});

describe("CP-CUSTOM-1 custom action type has a polling job worker", () => {
  const T = "aws_codepipeline_custom_action_type.t";
  const withWorker = (statements: object[]) =>
    stack("custom", {
      resources: {
        aws_codepipeline_custom_action_type: { t: { category: "Build", provider_name: "Legacy", version: "1" } },
        aws_iam_role: { w: { name: "worker", assume_role_policy: doc() } },
        aws_iam_role_policy: { w: { role: "${aws_iam_role.w.name}", policy: doc(...statements) } },
      },
    });
  const work = {
    Effect: "Allow",
    Action: ["codepipeline:AcknowledgeJob", "codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult"],
    Resource: "*",
  };
  const poll = { Effect: "Allow", Action: "codepipeline:PollForJobs", Resource: "${aws_codepipeline_custom_action_type.t.arn}" };

  it("passes a worker role that polls the action type and completes jobs", () => {
    expect(status(customActionWorker, [withWorker([poll, work])], T)).toBe("compliant");
  });
  it("fails without a role that may poll this action type", () => {
    const wrong = { ...poll, Resource: `arn:aws:codepipeline:eu-west-1:${TOOLS}:actiontype:Custom/Build/Other/1` };
    expect(outcome(customActionWorker, [withWorker([wrong, work])], T).details).toEqual([
      `no role of account ${TOOLS} in this app may call codepipeline:PollForJobs on arn:aws:codepipeline:eu-west-1:${TOOLS}:actiontype:Custom/Build/Legacy/1`,
    ]);
  });
  it("fails a worker that polls but cannot complete jobs", () => {
    expect(outcome(customActionWorker, [withWorker([poll])], T).details?.[0]).toMatch(/^role worker polls but may not call codepipeline:AcknowledgeJob/);
  });
});
