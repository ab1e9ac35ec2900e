import {
  artifactStoreCustomerManagedKey,
  artifactStoreRegion,
  crossRegionArtifactStore,
  s3SourceVersioning,
  stageActionLimit,
  triggerOnConnectionSource,
  v2OnlyFeatures,
} from "../../guardrails/rules";
import { action, connectionSource, keyArn, outcome, pipelineStack, remotePipelineStack, stages, status, store, toolsStack } from "./helpers";

const P = "aws_codepipeline.p";
const deployIn = (region?: string) =>
  action(`Deploy-${region ?? "home"}`, "Deploy", "CloudFormation", {
    configuration: { ActionMode: "CREATE_UPDATE", StackName: "app", TemplatePath: "Src::t.yaml" },
    input_artifacts: ["Src"],
    ...(region ? { region } : {}),
  });

describe("CP-XR-1 cross-region action needs an artifact store in its region", () => {
  const twoStores = [store("a-eu", keyArn("eu-west-1"), "eu-west-1"), store("a-us", keyArn("us-east-1"), "us-east-1")];
  it("passes a cross-region action whose region has a store", () => {
    expect(
      status(crossRegionArtifactStore, [pipelineStack({ stores: twoStores, stages: stages({ name: "Deploy", action: [deployIn("us-east-1")] }) })], P),
    ).toBe("compliant");
  });
  it("fails a cross-region action on a single-store pipeline", () => {
    const o = outcome(crossRegionArtifactStore, [pipelineStack({ stages: stages({ name: "Deploy", action: [deployIn(), deployIn("us-east-1")] }) })], P);
    expect(o).toEqual({ status: "non-compliant", details: ["action Deploy/Deploy-us-east-1 runs in us-east-1, stores are in eu-west-1"] });
  });
});

describe("CP-XR-2 artifact store bucket and key in the store's region", () => {
  it("passes stores read through remote state from the tools stacks of their regions", () => {
    const stacks = [
      toolsStack("eu-west-1"),
      toolsStack("us-east-1"),
      remotePipelineStack(["eu-west-1", "us-east-1"], { stages: stages({ name: "D", action: [deployIn("us-east-1")] }) }),
    ];
    expect(status(artifactStoreRegion, stacks, P)).toBe("compliant");
  });
  it("fails a store whose bucket and key belong to another region", () => {
    const swapped = [
      store("artifacts-us-east-1", "${data.terraform_remote_state.tools-us-east-1.outputs.key_arn}", "eu-west-1"),
      store("artifacts-us-east-1", keyArn("us-east-1"), "us-east-1"),
    ];
    const p = remotePipelineStack(["us-east-1"], { stores: swapped, stages: stages({ name: "D", action: [deployIn("us-east-1")] }) });
    const o = outcome(artifactStoreRegion, [toolsStack("us-east-1"), p], P);
    expect(o.status).toBe("non-compliant");
    expect(o.details).toEqual([
      "store for eu-west-1 uses bucket artifacts-us-east-1 of us-east-1",
      expect.stringMatching(/^store for eu-west-1 uses KMS key arn:aws:kms:us-east-1:111111111111:key\/<tools-us-east-1:aws_kms_key.key> of us-east-1$/),
    ]);
  });
  it("is not applicable when neither bucket nor key can be resolved", () => {
    expect(status(artifactStoreRegion, [pipelineStack({ stores: [store("${var.bucket}", undefined)] })], P)).toBe("not-applicable");
  });
});

describe("CP-KMS-1 artifact store with a customer-managed key", () => {
  it("passes a store with a CMK ARN", () => {
    expect(status(artifactStoreCustomerManagedKey, [pipelineStack()], P)).toBe("compliant");
  });
  it("fails a store without encryption_key and one with the aws/s3 alias", () => {
    const stores = [store("a-eu", undefined, "eu-west-1"), store("a-us", "arn:aws:kms:us-east-1:111111111111:alias/aws/s3", "us-east-1")];
    const o = outcome(artifactStoreCustomerManagedKey, [pipelineStack({ stores, stages: stages({ name: "D", action: [deployIn("us-east-1")] }) })], P);
    expect(o.details).toEqual([
      "store for eu-west-1 has no encryption_key (artifacts use the AWS managed key aws/s3)",
      "store for us-east-1 uses the AWS managed key arn:aws:kms:us-east-1:111111111111:alias/aws/s3",
    ]);
  });
});

describe("CP-S3-1 S3 source bucket versioning", () => {
  const s3Source = action("Upload", "Source", "S3", {
    configuration: { S3Bucket: "${aws_s3_bucket.src.bucket}", S3ObjectKey: "a.zip" },
    output_artifacts: ["Src"],
  });
  const withSource = (resources: Record<string, Record<string, Record<string, unknown>>>) =>
    pipelineStack(
      {
        stages: [
          { name: "Source", action: [s3Source] },
          { name: "B", action: [deployIn()] },
        ],
      },
      { aws_s3_bucket: { src: { bucket: "src-bucket" } }, ...resources },
    );
  const versioning = (status: string) => ({ aws_s3_bucket_versioning: { v: { bucket: "${aws_s3_bucket.src.id}", versioning_configuration: { status } } } });

  it("passes a source bucket with versioning Enabled", () => {
    expect(status(s3SourceVersioning, [withSource(versioning("Enabled"))], P)).toBe("compliant");
  });
  it("fails a source bucket with versioning Suspended or none", () => {
    expect(outcome(s3SourceVersioning, [withSource(versioning("Suspended"))], P).details).toEqual([
      "action Source/Upload: bucket src-bucket has no aws_s3_bucket_versioning with status Enabled",
    ]);
    expect(status(s3SourceVersioning, [withSource({})], P)).toBe("non-compliant");
  });
  it("is not applicable to a bucket outside the app, or a pipeline without S3 source", () => {
    const outside = pipelineStack({
      stages: [
        { name: "Source", action: [{ ...s3Source, configuration: { S3Bucket: "elsewhere", S3ObjectKey: "a" } }] },
        { name: "B", action: [deployIn()] },
      ],
    });
    expect(outcome(s3SourceVersioning, [outside], P)).toEqual({
      status: "not-applicable",
      details: ["action Source/Upload: bucket elsewhere is not a resource of this app"],
    });
    expect(status(s3SourceVersioning, [pipelineStack()], P)).toBe("not-applicable");
  });
});

describe("CP-V2-1 V2-only features on a V1 pipeline", () => {
  const features = {
    trigger: [{ provider_type: "CodeStarSourceConnection", git_configuration: { source_action_name: "Source" } }],
    variable: [{ name: "v" }],
    execution_mode: "QUEUED",
  };
  it("passes a V2 pipeline with triggers, variables and QUEUED", () => {
    expect(status(v2OnlyFeatures, [pipelineStack({ extra: features })], P)).toBe("compliant");
  });
  it("passes a plain V1 pipeline", () => {
    expect(status(v2OnlyFeatures, [pipelineStack({ type: "V1", extra: { execution_mode: "SUPERSEDED" } })], P)).toBe("compliant");
  });
  it("fails V2 features on a pipeline without pipeline_type (the provider's V1 default)", () => {
    const s = pipelineStack({ type: null, extra: features, stages: stages({ name: "B", action: [deployIn()], on_failure: { result: "ROLLBACK" } }) });
    expect(outcome(v2OnlyFeatures, [s], P).details).toEqual([
      "pipeline_type is V1 (provider default) but uses 1 trigger(s), 1 variable(s), execution_mode QUEUED, stage B on_failure",
    ]);
  });
});

describe("CP-TRG-1 triggers only on connection sources", () => {
  const trigger = (source: string, provider = "CodeStarSourceConnection") => ({
    trigger: [{ provider_type: provider, git_configuration: { source_action_name: source } }],
  });
  const codeCommit = action("Repo", "Source", "CodeCommit", { configuration: { RepositoryName: "r", BranchName: "main" }, output_artifacts: ["Src2"] });
  const withSources = (extra: Record<string, unknown>) =>
    pipelineStack({
      stages: [
        { name: "Source", action: [connectionSource(), codeCommit] },
        { name: "B", action: [deployIn()] },
      ],
      extra,
    });

  it("passes a trigger on a CodeStarSourceConnection source", () => {
    expect(status(triggerOnConnectionSource, [withSources(trigger("Source"))], P)).toBe("compliant");
  });
  it("fails a trigger on a CodeCommit source or a missing action", () => {
    expect(outcome(triggerOnConnectionSource, [withSources(trigger("Repo"))], P).details).toEqual([
      "trigger names source action Source/Repo, a CodeCommit source",
    ]);
    expect(outcome(triggerOnConnectionSource, [withSources(trigger("Nope"))], P).details).toEqual([
      "trigger names source action Nope, which the pipeline does not have",
    ]);
  });
  it("is not applicable without triggers", () => {
    expect(status(triggerOnConnectionSource, [pipelineStack()], P)).toBe("not-applicable");
  });
});

describe("CP-LIM-1 at most 50 actions per stage", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...deployIn(), name: `D${i}` }));
  it("passes a stage of exactly 50 actions", () => {
    expect(status(stageActionLimit, [pipelineStack({ stages: stages({ name: "Fan", action: many(50) }) })], P)).toBe("compliant");
  });
  it("fails a stage of 51 actions", () => {
    expect(outcome(stageActionLimit, [pipelineStack({ stages: stages({ name: "Fan", action: many(51) }) })], P).details).toEqual(["stage Fan has 51 actions"]);
  });
});
