import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { ecrSourceSchema, codeCommitSourceSchema, s3SourceSchema } from "../../../config/pipeline/sources-build";
import type { Action } from "../../../modules/pipeline/action";
import { CodeBuildAction } from "../../../modules/pipeline/actions/codebuild";
import {
  CodeCommitSourceAction,
  CodeCommitSourceActionProps,
  EcrSourceAction,
  EcrSourceActionProps,
  S3SourceAction,
  S3SourceActionProps,
} from "../../../modules/pipeline/actions/sources";
import { identityPairs, pairs, parsePolicy, PROVIDER_REGION, ref, roleArn, TARGET_ACCOUNT_A, TOOLS_ACCOUNT } from "../helpers";
import { buildPipeline, stores } from "./harness";

const KEY_ARN = stores()[PROVIDER_REGION]!.keyArn;

/** A build stage that reads `input` and passes `env` to the build, so references get checked. */
function build(input: string, env: { name: string; value: string }[] = []): CodeBuildAction {
  return new CodeBuildAction({
    actionName: "Build",
    inputs: [input],
    project: { buildspecFile: "buildspec.yml" },
    environmentVariables: env,
  });
}

function pipelineWith(source: Action, env: { name: string; value: string }[] = []) {
  return buildPipeline([[build(source.outputs[0]!, env)]], { sources: [source] });
}

const s3 = (overrides: Partial<S3SourceActionProps> = {}) =>
  new S3SourceAction({
    actionName: "S3",
    bucket: { bucketName: "acme-source-uploads", versioned: true },
    objectKey: "service/source.zip",
    output: "S3Out",
    namespace: "S3Vars",
    ...overrides,
  });

const ecr = (overrides: Partial<EcrSourceActionProps> = {}) =>
  new EcrSourceAction({ actionName: "Image", repositoryName: "team/service", output: "ImageOut", namespace: "ImageVars", ...overrides });

const codecommit = (overrides: Partial<CodeCommitSourceActionProps> = {}) =>
  new CodeCommitSourceAction({
    actionName: "Repo",
    repositoryName: "service",
    branchName: "main",
    output: "RepoOut",
    namespace: "RepoVars",
    ...overrides,
  });

/** Untyped props, as a JSON file or a careless caller could pass them. */
const loose = (props: unknown): any => props;

describe.each([
  ["S3SourceAction", () => s3(loose({ inputs: ["Source"] })), () => s3(loose({ output: undefined })), () => s3(loose({ outputs: ["A", "B"] }))],
  ["EcrSourceAction", () => ecr(loose({ inputs: ["Source"] })), () => ecr(loose({ output: undefined })), () => ecr(loose({ outputs: ["A", "B"] }))],
  [
    "CodeCommitSourceAction",
    () => codecommit(loose({ inputs: ["Source"] })),
    () => codecommit(loose({ output: undefined })),
    () => codecommit(loose({ outputs: ["A", "B"] })),
  ],
])("%s artifact bounds and placement", (_name, withInput, withoutOutput, withOutputs) => {
  it("rejects an input artifact", () => {
    expect(withInput).toThrow(/takes exactly 0 input artifact\(s\), got 1/);
  });
  it("rejects a missing output", () => {
    expect(withoutOutput).toThrow(/produces exactly one output artifact; set output/);
  });
  it("rejects several outputs", () => {
    expect(withOutputs).toThrow(/produces exactly one output artifact; set output/);
  });
});

describe.each([
  ["S3SourceAction", (o: object) => s3(loose(o))],
  ["EcrSourceAction", (o: object) => ecr(loose(o))],
  ["CodeCommitSourceAction", (o: object) => codecommit(loose(o))],
])("%s placement", (_name, make) => {
  it("rejects a roleArn: sources run with the pipeline role", () => {
    expect(() => make({ roleArn: roleArn(TARGET_ACCOUNT_A, "codepipeline-action") })).toThrow(
      /source actions run in the tools account with the pipeline role; remove roleArn/,
    );
  });
  it("rejects a region: sources run in the pipeline's region", () => {
    expect(() => make({ region: "us-east-1" })).toThrow(/source actions run in the pipeline's region; remove region/);
  });
});

describe("S3SourceAction", () => {
  describe("existing bucket", () => {
    it("emits the S3 source type and exact configuration, polling off", () => {
      const out = pipelineWith(s3());
      const a = out.action("S3");
      expect(a).toMatchObject({ category: "Source", owner: "AWS", provider: "S3", version: "1", output_artifacts: ["S3Out"], namespace: "S3Vars" });
      expect(a.configuration).toEqual({ S3Bucket: "acme-source-uploads", S3ObjectKey: "service/source.zip", PollForSourceChanges: "false" });
      expect(a.input_artifacts).toBeUndefined();
      expect(out.resources("aws_s3_bucket")).toEqual({});
    });

    it("polls when asked", () => {
      expect(pipelineWith(s3({ pollForSourceChanges: true })).action("S3").configuration.PollForSourceChanges).toBe("true");
    });

    it("grants the pipeline role read access to exactly that object and bucket", () => {
      const got = identityPairs(pipelineWith(s3()).rolePolicy);
      expect(got).toEqual(
        expect.arrayContaining([
          ...pairs(
            ["s3:GetObject", "s3:GetObjectTagging", "s3:GetObjectVersion", "s3:GetObjectVersionTagging"],
            ["arn:aws:s3:::acme-source-uploads/service/source.zip"],
          ),
          ...pairs(["s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketVersioning"], ["arn:aws:s3:::acme-source-uploads"]),
        ]),
      );
      expect(got.filter((p) => p.includes("acme-source-uploads"))).toHaveLength(7);
      expect(got.some((p) => p.startsWith("kms:"))).toBe(false);
    });

    it("has pure runner permissions (same before any bind)", () => {
      expect(s3().runnerPermissions({ account: "111111111111", region: "eu-west-1" })).toEqual([
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:GetObjectTagging", "s3:GetObjectVersion", "s3:GetObjectVersionTagging"],
          Resource: "arn:aws:s3:::acme-source-uploads/service/source.zip",
        },
        { Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketVersioning"], Resource: "arn:aws:s3:::acme-source-uploads" },
      ]);
    });

    it("grants kms:Decrypt on the bucket's customer-managed key when given", () => {
      const key = `arn:aws:kms:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:key/99999999-8888-7777-6666-555555555555`;
      const got = identityPairs(pipelineWith(s3({ bucket: { bucketName: "acme-source-uploads", versioned: true, kmsKeyArn: key } })).rolePolicy);
      expect(got).toContain(`kms:Decrypt ${key}`);
    });

    it("has no created bucket", () => {
      const action = s3();
      pipelineWith(action);
      expect(() => action.createdBucket).toThrow(/createdBucket is not available: the action uses an existing bucket/);
    });
  });

  describe("created bucket", () => {
    const created = (extra: { uploaderRoleArns?: string[]; noncurrentVersionExpirationDays?: number } = {}) =>
      s3({ bucket: { create: true, bucketName: "acme-service-source", ...extra } });

    it("stays versioned and expires replaced versions after 30 days by default, after the versioning is on", () => {
      const out = pipelineWith(created());
      const bucket = out.only("aws_s3_bucket");
      const lifecycle = out.only("aws_s3_bucket_lifecycle_configuration").body;
      expect(lifecycle.bucket).toBe(ref("aws_s3_bucket", bucket.name, "id"));
      expect(lifecycle.depends_on).toEqual([`aws_s3_bucket_versioning.${out.only("aws_s3_bucket_versioning").name}`]);
      expect(lifecycle.rule).toEqual([
        {
          id: "expire-replaced-source-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ]);
      // Nothing expires the current version: the next execution still finds the source object.
      expect(lifecycle.rule[0].expiration).toBeUndefined();
    });

    it("takes the number of days of noncurrent versions, and rejects one outside 1-3650", () => {
      const out = pipelineWith(created({ noncurrentVersionExpirationDays: 7 }));
      expect(out.only("aws_s3_bucket_lifecycle_configuration").body.rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 7 }]);
      expect(() => created({ noncurrentVersionExpirationDays: 0 })).toThrow(
        'action "S3": bucket.noncurrentVersionExpirationDays: 0 must be a whole number from 1 to 3650',
      );
      expect(() => created({ noncurrentVersionExpirationDays: 1.5 })).toThrow(/bucket.noncurrentVersionExpirationDays: 1.5 must be a whole number/);
    });

    it("creates a versioned, private, owner-enforced, SSE-S3, TLS-only bucket (uploaders never need the artifact key)", () => {
      const out = pipelineWith(created());
      const bucket = out.only("aws_s3_bucket");
      expect(bucket.body).toMatchObject({ bucket: "acme-service-source", force_destroy: false });
      const id = ref("aws_s3_bucket", bucket.name, "id");
      const arn = ref("aws_s3_bucket", bucket.name, "arn");
      expect(out.only("aws_s3_bucket_versioning").body).toMatchObject({ bucket: id, versioning_configuration: { status: "Enabled" } });
      expect(out.only("aws_s3_bucket_public_access_block").body).toMatchObject({
        bucket: id,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(out.only("aws_s3_bucket_ownership_controls").body).toMatchObject({ bucket: id, rule: { object_ownership: "BucketOwnerEnforced" } });
      expect(out.only("aws_s3_bucket_server_side_encryption_configuration").body.rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ]);
      const policy = parsePolicy(out.only("aws_s3_bucket_policy").body.policy);
      expect(policy.Statement).toEqual([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [arn, `${arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "DenyOtherEncryption",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: `${arn}/*`,
          Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "AES256" } },
        },
      ]);
      expect(out.action("S3").configuration).toEqual({ S3Bucket: "acme-service-source", S3ObjectKey: "service/source.zip", PollForSourceChanges: "false" });
    });

    it("grants the pipeline role the object and the bucket, and no key", () => {
      const got = identityPairs(pipelineWith(created()).rolePolicy);
      expect(got).toEqual(
        expect.arrayContaining([
          ...pairs(
            ["s3:GetObject", "s3:GetObjectTagging", "s3:GetObjectVersion", "s3:GetObjectVersionTagging"],
            ["arn:aws:s3:::acme-service-source/service/source.zip"],
          ),
          ...pairs(["s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketVersioning"], ["arn:aws:s3:::acme-service-source"]),
        ]),
      );
      expect(got).not.toContain(`kms:Decrypt ${KEY_ARN}`);
    });

    it("lets the given uploaders put objects, by exact role ARN", () => {
      const uploader = roleArn(TARGET_ACCOUNT_A, "ci-uploader");
      const out = pipelineWith(created({ uploaderRoleArns: [uploader] }));
      const statements = parsePolicy(out.only("aws_s3_bucket_policy").body.policy).Statement.filter((s) => s.Effect === "Allow");
      expect(statements).toEqual([
        expect.objectContaining({
          Action: ["s3:PutObject"],
          Principal: { AWS: `arn:aws:iam::${TARGET_ACCOUNT_A}:root` },
          Condition: { ArnEquals: { "aws:PrincipalArn": [uploader] } },
        }),
      ]);
    });

    it("exposes the created bucket after bind, for EventBridge notifications", () => {
      const action = created();
      expect(() => action.createdBucket).toThrow(/createdBucket is not available: the pipeline has not bound the action yet/);
      const out = pipelineWith(action);
      expect(action.createdBucket).toBeInstanceOf(S3Bucket);
      expect(action.createdBucket.friendlyUniqueId).toBe(out.only("aws_s3_bucket").name);
    });
  });

  it("exposes ETag and VersionId: known references pass, others fail", () => {
    expect(() => pipelineWith(s3(), [{ name: "V", value: "#{S3Vars.VersionId}-#{S3Vars.ETag}" }])).not.toThrow();
    expect(() => pipelineWith(s3(), [{ name: "V", value: "#{S3Vars.CommitId}" }])).toThrow(/uses #\{S3Vars.CommitId\}, but "S3" emits only ETag, VersionId/);
  });

  describe("validation", () => {
    it("rejects an existing bucket not asserted versioned", () => {
      expect(() => s3({ bucket: loose({ bucketName: "acme-source-uploads", versioned: false }) })).toThrow(
        /action "S3": S3 source bucket must be versioned; enable versioning or let the action create the bucket/,
      );
      expect(() => s3({ bucket: loose({ bucketName: "acme-source-uploads" }) })).toThrow(/S3 source bucket must be versioned/);
    });
    it("rejects a missing bucket", () => {
      expect(() => s3({ bucket: loose(undefined) })).toThrow(/bucket must be \{ create: true, bucketName \} or \{ bucketName, versioned: true \}/);
    });
    it("rejects an invalid name for a created bucket", () => {
      expect(() => s3({ bucket: { create: true, bucketName: "Acme_Source" } })).toThrow(
        /action "S3": bucket.bucketName: "Acme_Source" is not a valid S3 bucket name/,
      );
    });
    it("rejects versioned or kmsKeyArn on a created bucket", () => {
      expect(() => s3({ bucket: loose({ create: true, bucketName: "acme-service-source", versioned: true }) })).toThrow(
        /apply to an existing bucket only; a created bucket is always versioned/,
      );
    });
    it("rejects an ARN as an existing bucket's name", () => {
      expect(() => s3({ bucket: { bucketName: "arn:aws:s3:::acme-source-uploads", versioned: true } })).toThrow(/must be a bucket name, not an ARN or a path/);
    });
    it("rejects an invalid kmsKeyArn", () => {
      expect(() => s3({ bucket: { bucketName: "acme-source-uploads", versioned: true, kmsKeyArn: "alias/aws/s3" } })).toThrow(
        /bucket.kmsKeyArn "alias\/aws\/s3" is not a KMS key ARN/,
      );
    });
    it("rejects wildcards and variable references in the object key", () => {
      expect(() => s3({ objectKey: "service/*.zip" })).toThrow(/objectKey "service\/\*.zip" must be a literal key without "\*", "\?" or "#\{...\}"/);
      expect(() => s3({ objectKey: "#{variables.key}" })).toThrow(/must be a literal key/);
    });
    it("rejects an empty or over-long object key", () => {
      expect(() => s3({ objectKey: "" })).toThrow(/objectKey must be 1-1000 characters/);
      expect(() => s3({ objectKey: "k".repeat(1001) })).toThrow(/objectKey must be 1-1000 characters \(the limit of a configuration value\), got 1001/);
    });
  });

  describe("config schema", () => {
    it("parses entries that spread into the props", () => {
      const parsed = s3SourceSchema.parse({
        type: "s3-source",
        name: "S3",
        namespace: "S3Vars",
        bucket: { create: true, bucketName: "acme-service-source" },
        objectKey: "service/source.zip",
        output: "S3Out",
      });
      const { type: _type, name, ...rest } = parsed;
      const action = new S3SourceAction({ actionName: name, ...rest });
      expect(pipelineWith(action).action("S3").configuration.S3Bucket).toBe("acme-service-source");
      expect(
        s3SourceSchema.parse({ type: "s3-source", name: "S3", bucket: { bucketName: "Legacy.Bucket", versioned: true }, objectKey: "k.zip", output: "O" })
          .bucket,
      ).toEqual({
        bucketName: "Legacy.Bucket",
        versioned: true,
      });
    });
    it("rejects an unversioned existing bucket with the fix", () => {
      const r = s3SourceSchema.safeParse({ type: "s3-source", name: "S3", bucket: { bucketName: "acme-source-uploads" }, objectKey: "k.zip", output: "O" });
      expect(r.success).toBe(false);
      expect(r.error!.issues).toEqual([
        expect.objectContaining({
          path: ["bucket", "versioned"],
          message: expect.stringMatching(/^S3 source bucket must be versioned; enable versioning or let the action create the bucket/),
        }),
      ]);
    });
    it("rejects placement fields and a bad created bucket name", () => {
      const r = s3SourceSchema.safeParse({
        type: "s3-source",
        name: "S3",
        account: "dev",
        bucket: { create: true, bucketName: "Bad_Name" },
        objectKey: "k.zip",
        output: "O",
      });
      expect(r.success).toBe(false);
      const messages = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      expect(messages).toEqual(
        expect.arrayContaining([expect.stringMatching(/account/), expect.stringMatching(/^bucket.bucketName: "Bad_Name" is not a valid S3 bucket name/)]),
      );
    });
  });
});

describe("EcrSourceAction", () => {
  it("emits the ECR source type and exact configuration, tag latest by default", () => {
    const a = pipelineWith(ecr()).action("Image");
    expect(a).toMatchObject({ category: "Source", owner: "AWS", provider: "ECR", version: "1", output_artifacts: ["ImageOut"] });
    expect(a.configuration).toEqual({ RepositoryName: "team/service", ImageTag: "latest" });
    expect(pipelineWith(ecr({ imageTag: "release-1.2" })).action("Image").configuration).toEqual({ RepositoryName: "team/service", ImageTag: "release-1.2" });
  });

  it("grants ecr:DescribeImages on exactly the repository, in the pipeline's account and region", () => {
    const got = identityPairs(pipelineWith(ecr()).rolePolicy);
    expect(got.filter((p) => p.startsWith("ecr:"))).toEqual([`ecr:DescribeImages arn:aws:ecr:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:repository/team/service`]);
    expect(ecr().runnerPermissions({ account: "444444444444", region: "us-east-1" })).toEqual([
      { Effect: "Allow", Action: ["ecr:DescribeImages"], Resource: "arn:aws:ecr:us-east-1:444444444444:repository/team/service" },
    ]);
  });

  it("exposes the image variables: known references pass, others fail", () => {
    expect(() => pipelineWith(ecr(), [{ name: "U", value: "#{ImageVars.ImageURI}@#{ImageVars.ImageDigest}" }])).not.toThrow();
    expect(() => pipelineWith(ecr(), [{ name: "U", value: "#{ImageVars.ETag}" }])).toThrow(
      /"Image" emits only RegistryId, RepositoryName, ImageTag, ImageDigest, ImageURI/,
    );
  });

  it("rejects a repository URI instead of a name", () => {
    expect(() => ecr({ repositoryName: `${TOOLS_ACCOUNT}.dkr.ecr.${PROVIDER_REGION}.amazonaws.com/team/service` })).toThrow(
      /action "Image": repositoryName ".*" is not an ECR repository name .*give the name, not the URI or ARN/,
    );
  });

  it("rejects an invalid image tag", () => {
    expect(() => ecr({ imageTag: "-bad tag" })).toThrow(/action "Image": imageTag "-bad tag" must be 1-300 letters/);
  });

  it("config schema parses a valid entry and rejects a URI", () => {
    const parsed = ecrSourceSchema.parse({ type: "ecr-source", name: "Image", repositoryName: "team/service", output: "ImageOut" });
    const { type: _type, name, ...rest } = parsed;
    expect(new EcrSourceAction({ actionName: name, ...rest }).outputs).toEqual(["ImageOut"]);
    const r = ecrSourceSchema.safeParse({
      type: "ecr-source",
      name: "Image",
      repositoryName: "111111111111.dkr.ecr.eu-west-1.amazonaws.com/x",
      output: "O",
      region: "us-east-1",
    });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^repositoryName: ".*" is an ECR registry URI; give only the repository name/),
        expect.stringMatching(/region/),
      ]),
    );
  });
});

describe("CodeCommitSourceAction", () => {
  it("emits the CodeCommit source type and exact configuration", () => {
    const a = pipelineWith(codecommit()).action("Repo");
    expect(a).toMatchObject({ category: "Source", owner: "AWS", provider: "CodeCommit", version: "1", output_artifacts: ["RepoOut"] });
    expect(a.configuration).toEqual({ RepositoryName: "service", BranchName: "main", PollForSourceChanges: "false", OutputArtifactFormat: "CODE_ZIP" });
    expect(pipelineWith(codecommit({ pollForSourceChanges: true, outputArtifactFormat: "CODEBUILD_CLONE_REF" })).action("Repo").configuration).toEqual({
      RepositoryName: "service",
      BranchName: "main",
      PollForSourceChanges: "true",
      OutputArtifactFormat: "CODEBUILD_CLONE_REF",
    });
  });

  it("grants the six CodeCommit actions AWS documents on exactly the repository", () => {
    const got = identityPairs(pipelineWith(codecommit()).rolePolicy);
    expect(got.filter((p) => p.startsWith("codecommit:"))).toEqual(
      pairs(
        [
          "codecommit:CancelUploadArchive",
          "codecommit:GetBranch",
          "codecommit:GetCommit",
          "codecommit:GetRepository",
          "codecommit:GetUploadArchiveStatus",
          "codecommit:UploadArchive",
        ],
        [`arn:aws:codecommit:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:service`],
      ),
    );
  });

  it("exposes the commit variables: known references pass, others fail", () => {
    expect(() => pipelineWith(codecommit(), [{ name: "C", value: "#{RepoVars.CommitId} #{RepoVars.CommitterDate}" }])).not.toThrow();
    expect(() => pipelineWith(codecommit(), [{ name: "C", value: "#{RepoVars.FullRepositoryName}" }])).toThrow(
      /"Repo" emits only CommitId, CommitMessage, RepositoryName, BranchName, AuthorDate, CommitterDate/,
    );
  });

  it("rejects a clone URL or .git name", () => {
    expect(() => codecommit({ repositoryName: "service.git" })).toThrow(/action "Repo": repositoryName "service.git" must be 1-100 letters/);
  });

  it("rejects an invalid branch name", () => {
    expect(() => codecommit({ branchName: "feature one" })).toThrow(/action "Repo": branchName "feature one" is not a valid git branch name/);
    expect(() => codecommit({ branchName: "a..b" })).toThrow(/is not a valid git branch name/);
  });

  it("rejects an unknown output artifact format", () => {
    expect(() => codecommit({ outputArtifactFormat: loose("ZIP") })).toThrow(/outputArtifactFormat "ZIP" must be CODE_ZIP or CODEBUILD_CLONE_REF/);
  });

  it("config schema parses a valid entry and rejects a bad format", () => {
    const parsed = codeCommitSourceSchema.parse({ type: "codecommit-source", name: "Repo", repositoryName: "service", branchName: "main", output: "RepoOut" });
    const { type: _type, name, ...rest } = parsed;
    expect(new CodeCommitSourceAction({ actionName: name, ...rest }).outputVariables()).toContain("CommitId");
    const r = codeCommitSourceSchema.safeParse({
      type: "codecommit-source",
      name: "Repo",
      repositoryName: "service",
      branchName: "main",
      output: "O",
      outputArtifactFormat: "ZIP",
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["outputArtifactFormat"]);
  });
});

describe("event-driven sources declare the event that starts the pipeline", () => {
  const where = { account: TOOLS_ACCOUNT, region: PROVIDER_REGION };

  it("S3: Object Created for exactly the bucket and key, none when polling", () => {
    expect(s3().changeEvent()).toEqual({
      description: "New version of s3://acme-source-uploads/service/source.zip",
      eventPattern: {
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: { bucket: { name: ["acme-source-uploads"] }, object: { key: ["service/source.zip"] } },
      },
    });
    expect(s3({ pollForSourceChanges: true }).changeEvent()).toBeUndefined();
  });

  it("S3: a created bucket sends its events to EventBridge", () => {
    const p = pipelineWith(s3({ bucket: { create: true, bucketName: "acme-created-source" } }));
    expect(Object.values(p.resources("aws_s3_bucket_notification")).map((n) => n.eventbridge)).toEqual([true]);
  });

  it("ECR: a successful push of exactly the repository and tag", () => {
    expect(ecr({ imageTag: "release" }).changeEvent().eventPattern).toEqual({
      source: ["aws.ecr"],
      "detail-type": ["ECR Image Action"],
      detail: { "action-type": ["PUSH"], result: ["SUCCESS"], "repository-name": ["team/service"], "image-tag": ["release"] },
    });
  });

  it("CodeCommit: reference updates of exactly the branch of that repository, none when polling", () => {
    expect(codecommit().changeEvent(where)!.eventPattern).toEqual({
      source: ["aws.codecommit"],
      "detail-type": ["CodeCommit Repository State Change"],
      resources: [`arn:aws:codecommit:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:service`],
      detail: { event: ["referenceCreated", "referenceUpdated"], referenceType: ["branch"], referenceName: ["main"] },
    });
    expect(codecommit({ pollForSourceChanges: true }).changeEvent(where)).toBeUndefined();
  });
});

// Every limit the source actions enforce, at the limit (accepted, and emitted) and one past it (the error names the field).
describe("source action limits at their edge", () => {
  const n = (count: number, c = "a") => c.repeat(count);
  const created = (noncurrentVersionExpirationDays: number) =>
    s3({ bucket: { create: true, bucketName: "acme-service-source", noncurrentVersionExpirationDays } });
  const noncurrentDays = (source: Action) =>
    pipelineWith(source).only("aws_s3_bucket_lifecycle_configuration").body.rule[0].noncurrent_version_expiration[0].noncurrent_days;
  const configuration = (source: Action, key: string) => pipelineWith(source).action(source.actionName).configuration[key];
  // [limit, action at the limit, emitted value, the value expected, action one past it, message]
  const cases: [string, () => Action, (a: Action) => unknown, unknown, () => Action, string][] = [
    [
      "S3 objectKey (1000)",
      () => s3({ objectKey: n(1000, "k") }),
      (a) => configuration(a, "S3ObjectKey"),
      n(1000, "k"),
      () => s3({ objectKey: n(1001, "k") }),
      'action "S3": objectKey must be 1-1000 characters',
    ],
    [
      "S3 objectKey (at least 1)",
      () => s3({ objectKey: "k" }),
      (a) => configuration(a, "S3ObjectKey"),
      "k",
      () => s3({ objectKey: "" }),
      'action "S3": objectKey must be 1-1000 characters',
    ],
    [
      "S3 bucket noncurrent versions (3650)",
      () => created(3650),
      noncurrentDays,
      3650,
      () => created(3651),
      'action "S3": bucket.noncurrentVersionExpirationDays: 3651 must be a whole number from 1 to 3650',
    ],
    [
      "S3 bucket noncurrent versions (at least 1)",
      () => created(1),
      noncurrentDays,
      1,
      () => created(0),
      'action "S3": bucket.noncurrentVersionExpirationDays: 0 must be a whole number from 1 to 3650',
    ],
    [
      "ECR repositoryName (256)",
      () => ecr({ repositoryName: n(256) }),
      (a) => configuration(a, "RepositoryName"),
      n(256),
      () => ecr({ repositoryName: n(257) }),
      'action "Image": repositoryName "',
    ],
    [
      "ECR repositoryName (at least 2)",
      () => ecr({ repositoryName: "ab" }),
      (a) => configuration(a, "RepositoryName"),
      "ab",
      () => ecr({ repositoryName: "a" }),
      'action "Image": repositoryName "a" is not an ECR repository name',
    ],
    [
      "ECR imageTag (300)",
      () => ecr({ imageTag: n(300, "t") }),
      (a) => configuration(a, "ImageTag"),
      n(300, "t"),
      () => ecr({ imageTag: n(301, "t") }),
      'action "Image": imageTag "',
    ],
    [
      "ECR imageTag (at least 1)",
      () => ecr({ imageTag: "t" }),
      (a) => configuration(a, "ImageTag"),
      "t",
      () => ecr({ imageTag: "" }),
      'action "Image": imageTag "" must be 1-300',
    ],
    [
      "CodeCommit repositoryName (100)",
      () => codecommit({ repositoryName: n(100, "r") }),
      (a) => configuration(a, "RepositoryName"),
      n(100, "r"),
      () => codecommit({ repositoryName: n(101, "r") }),
      'action "Repo": repositoryName "',
    ],
    [
      "CodeCommit branchName (256)",
      () => codecommit({ branchName: n(256, "b") }),
      (a) => configuration(a, "BranchName"),
      n(256, "b"),
      () => codecommit({ branchName: n(257, "b") }),
      'action "Repo": branchName "',
    ],
  ];
  it.each(cases)("%s: accepted at the limit, rejected one past it", (_limit, at, emitted, expected, past, message) => {
    expect(emitted(at())).toEqual(expected);
    expect(past).toThrow(message);
  });
});
