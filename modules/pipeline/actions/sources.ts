import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { grantStatements, PolicyStatement, requireBucketName, requireInt } from "../../shared/policy";
import { CONFIGURATION_VALUE_MAX, KMS_KEY_ARN } from "../../shared/service-facts";
import { privateBucket } from "../../shared/private-bucket";
import { Action, ActionBindContext, ActionBinding, ActionType, CommonActionProps, definedConfig, SourceChangeEvent } from "../action";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { arnPrefix, s3Arn } from "../../shared/partition";

// Source actions run in the tools account and the pipeline's region, with the pipeline role:
// their props take no roleArn and no region.
type SourceCommonProps = Omit<CommonActionProps, "inputs" | "outputs" | "roleArn" | "region">;

const SOURCE_BOUNDS = { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 } as const;

function sourceType(provider: string): ActionType {
  return { category: "Source", owner: "AWS", provider, version: "1", artifactBounds: SOURCE_BOUNDS };
}

/** Throws when a caller (e.g. untyped config) slips in what a source action cannot honour. */
function checkSourceProps(actionName: string, provider: string, props: object): void {
  const p = props as { roleArn?: unknown; region?: unknown; output?: unknown; outputs?: unknown };
  if (typeof p.output !== "string" || p.outputs !== undefined) {
    throw new Error(`action "${actionName}": ${provider} produces exactly one output artifact; set output (not outputs)`);
  }
  if (p.roleArn !== undefined) {
    throw new Error(`action "${actionName}": source actions run in the tools account with the pipeline role; remove roleArn`);
  }
  if (p.region !== undefined) {
    throw new Error(`action "${actionName}": source actions run in the pipeline's region; remove region`);
  }
}

// ---------------------------------------------------------------------------------------------
// S3
// ---------------------------------------------------------------------------------------------

/** The action creates the source bucket when the pipeline binds it. */
export interface S3SourceCreatedBucket {
  readonly create: true;
  /** Name of the new bucket (3-63 lowercase letters, digits, dots and hyphens). */
  readonly bucketName: string;
  /**
   * Let `terraform destroy` delete the bucket while it still holds objects.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Roles (any account) that upload the source object: granted s3:PutObject in the bucket policy.
   * Roles of the pipeline's account need only their own identity policy.
   * @default []
   */
  readonly uploaderRoleArns?: string[];
  /**
   * Days after which S3 deletes an object version that a newer upload (or a delete) replaced. The
   * bucket stays versioned (CodePipeline needs it); a started execution has already copied its
   * version into the artifact store, so only the history of uploads is lost. S3 takes any positive
   * whole number; 3650 (ten years) is this module's bound, as for artifact stores.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
}

/** An existing bucket; CodePipeline needs it versioned, which the user asserts with `versioned: true`. */
export interface S3SourceExistingBucket {
  /** @default false */
  readonly create?: false;
  /** Name of the existing bucket. */
  readonly bucketName: string;
  /** Must be `true`: an S3 source bucket must have versioning enabled. */
  readonly versioned: true;
  /**
   * KMS key that encrypts the bucket's objects, if a customer-managed one: the pipeline role gets `kms:Decrypt` on it.
   * @default none (SSE-S3 or a key the pipeline role may already use)
   */
  readonly kmsKeyArn?: string;
}

export type S3SourceBucket = S3SourceCreatedBucket | S3SourceExistingBucket;

export interface S3SourceActionProps extends SourceCommonProps {
  /** The versioned source bucket: created by the action, or an existing one. */
  readonly bucket: S3SourceBucket;
  /** Key of the source object (usually a .zip), at most 1000 characters; no `*` or `?`. */
  readonly objectKey: string;
  /** The one output artifact. */
  readonly output: string;
  /**
   * Let CodePipeline poll the object for changes. Off by default because event-driven sources are set
   * up elsewhere: an EventBridge rule on the bucket's Object Created events (for a created bucket, enable
   * EventBridge notifications on {@link S3SourceAction.createdBucket}). Without such a rule and with
   * polling off, uploads do not start the pipeline. (CodePipeline itself polls when the key is absent.)
   * @default false
   */
  readonly pollForSourceChanges?: boolean;
}

const S3_BUCKET_LOOSE = /^[A-Za-z0-9._-]{3,255}$/;

/** Source from a versioned S3 object. Output variables: ETag, VersionId. */
export class S3SourceAction extends Action {
  /** Name of the source bucket. */
  readonly bucketName: string;
  /** Key of the source object. */
  readonly objectKey: string;
  private bucketResource?: S3Bucket;

  constructor(private readonly props: S3SourceActionProps) {
    super(sourceType("S3"), { ...props, outputs: [props.output] });
    const where = `action "${props.actionName}"`;
    checkSourceProps(props.actionName, "S3", props);
    const b = props.bucket as { create?: unknown; bucketName?: unknown; versioned?: unknown; kmsKeyArn?: unknown };
    if (b === undefined || b === null || typeof b.bucketName !== "string") {
      throw new Error(`${where}: bucket must be { create: true, bucketName } or { bucketName, versioned: true }`);
    }
    if (b.create === true) {
      requireBucketName(`${where}: bucket.bucketName`, b.bucketName);
      const days = (b as { noncurrentVersionExpirationDays?: unknown }).noncurrentVersionExpirationDays;
      if (days !== undefined) requireInt(`${where}: bucket.noncurrentVersionExpirationDays`, days as number, 1, 3650);
      if (b.versioned !== undefined || b.kmsKeyArn !== undefined) {
        throw new Error(
          `${where}: bucket.versioned and bucket.kmsKeyArn apply to an existing bucket only; a created bucket is always versioned and SSE-S3 encrypted`,
        );
      }
    } else {
      if (b.create !== undefined && b.create !== false) throw new Error(`${where}: bucket.create must be true or false`);
      if (b.versioned !== true) {
        throw new Error(
          `${where}: S3 source bucket must be versioned; enable versioning or let the action create the bucket (bucket.versioned: true asserts it, bucket.create: true creates one)`,
        );
      }
      if (!Token.isUnresolved(b.bucketName) && !S3_BUCKET_LOOSE.test(b.bucketName)) {
        throw new Error(`${where}: bucket.bucketName "${b.bucketName}" must be a bucket name, not an ARN or a path`);
      }
      if (typeof b.kmsKeyArn === "string" && !Token.isUnresolved(b.kmsKeyArn) && !KMS_KEY_ARN.test(b.kmsKeyArn)) {
        throw new Error(`${where}: bucket.kmsKeyArn "${b.kmsKeyArn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)`);
      }
    }
    const key = props.objectKey;
    if (!Token.isUnresolved(key)) {
      if (key.length < 1 || key.length > CONFIGURATION_VALUE_MAX) {
        throw new Error(`${where}: objectKey must be 1-${CONFIGURATION_VALUE_MAX} characters (the limit of a configuration value), got ${key.length}`);
      }
      if (/[*?]/.test(key) || key.includes("#{")) {
        throw new Error(
          `${where}: objectKey "${key}" must be a literal key without "*", "?" or "#{...}": the pipeline role's permission is scoped to exactly that object`,
        );
      }
    }
    this.bucketName = props.bucket.bucketName;
    this.objectKey = key;
  }

  /** The bucket the action created; available after the pipeline binds the action, and only with `bucket.create: true`. */
  get createdBucket(): S3Bucket {
    if (!this.bucketResource) {
      const why = this.props.bucket.create === true ? "the pipeline has not bound the action yet" : "the action uses an existing bucket";
      throw new Error(`action "${this.actionName}": createdBucket is not available: ${why}`);
    }
    return this.bucketResource;
  }

  override bind(ctx: ActionBindContext): ActionBinding {
    const p = this.props;
    const statements: PolicyStatement[] = [];
    if (p.bucket.create === true) {
      this.bucketResource = createSourceBucket(ctx, this.actionName, p.bucket);
    }
    return {
      configuration: definedConfig({
        S3Bucket: this.bucketName,
        S3ObjectKey: this.objectKey,
        PollForSourceChanges: p.pollForSourceChanges ?? false,
      }),
      ...(statements.length ? { runnerStatements: statements } : {}),
    };
  }

  override runnerPermissions(where: { readonly account: string; readonly region: string }): PolicyStatement[] {
    const bucketArn = s3Arn(where.region, this.bucketName);
    const statements: PolicyStatement[] = [
      // The action's documented service-role permissions (action-reference-S3, "Service role policy permissions").
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectTagging", "s3:GetObjectVersion", "s3:GetObjectVersionTagging"],
        Resource: `${bucketArn}/${this.objectKey}`,
      },
      { Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketVersioning"], Resource: bucketArn },
    ];
    const b = this.props.bucket;
    if (b.create !== true && b.kmsKeyArn !== undefined) {
      statements.push({ Effect: "Allow", Action: ["kms:Decrypt"], Resource: b.kmsKeyArn });
    }
    return statements;
  }

  override changeEvent(): SourceChangeEvent | undefined {
    if (this.props.pollForSourceChanges) return undefined;
    return {
      description: `New version of s3://${this.bucketName}/${this.objectKey}`,
      eventPattern: {
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: { bucket: { name: [this.bucketName] }, object: { key: [this.objectKey] } },
      },
    };
  }

  override outputVariables(): readonly string[] {
    return ["ETag", "VersionId"];
  }
}

/**
 * A versioned, private, TLS-only bucket in the pipeline's region that sends its events to
 * EventBridge. SSE-S3, not the artifact key: uploaders must not need (or get) a key that decrypts
 * every artifact of the pipelines.
 */
function createSourceBucket(ctx: ActionBindContext, actionName: string, spec: S3SourceCreatedBucket): S3Bucket {
  const scope = new Construct(ctx.scope, `s3-source-${actionName}`);
  const uploaders = spec.uploaderRoleArns ?? [];
  const { bucket } = privateBucket(scope, {
    bucketName: spec.bucketName,
    forceDestroy: spec.forceDestroy ?? false,
    // S3 API reference, LifecycleRule / NoncurrentVersionExpiration (NoncurrentDays: a positive whole
    // number) and AbortIncompleteMultipartUpload: every upload adds a version that is kept until then.
    lifecycleRules: [
      {
        id: "expire-replaced-source-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrentVersionExpiration: [{ noncurrentDays: spec.noncurrentVersionExpirationDays ?? 30 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ],
    policyStatements: (arn: string) => [
      {
        // An object under another key could not be read by the pipeline: keep everything on SSE-S3.
        Sid: "DenyOtherEncryption",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `${arn}/*`,
        Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "AES256" } },
      },
      ...grantStatements("Uploaders", uploaders, "bucket.uploaderRoleArns", ["s3:PutObject"], `${arn}/*`),
    ],
  });
  // Object Created events reach EventBridge only when the bucket sends them there.
  new S3BucketNotification(scope, "eventbridge", { bucket: bucket.id, eventbridge: true });
  return bucket;
}

// ---------------------------------------------------------------------------------------------
// ECR
// ---------------------------------------------------------------------------------------------

export interface EcrSourceActionProps extends SourceCommonProps {
  /** Name of the ECR repository in the tools account and pipeline region, e.g. `team/service`. */
  readonly repositoryName: string;
  /**
   * Tag whose pushes start the pipeline.
   * @default "latest"
   */
  readonly imageTag?: string;
  /** The one output artifact (holds `imageDetail.json`). */
  readonly output: string;
}

const ECR_REPOSITORY = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
// The name pattern also admits a registry URI; catch the common paste of `<account>.dkr.ecr.<region>.amazonaws.com/<name>`.
const ECR_URI = /\.dkr\.ecr\.|\.amazonaws\.com/;

/**
 * Source from an ECR image tag. ECR sources do not poll: an EventBridge rule on the repository's
 * image pushes (set up by the eventing module) starts the pipeline.
 * Output variables: RegistryId, RepositoryName, ImageTag, ImageDigest, ImageURI.
 */
export class EcrSourceAction extends Action {
  constructor(private readonly props: EcrSourceActionProps) {
    super(sourceType("ECR"), { ...props, outputs: [props.output] });
    const where = `action "${props.actionName}"`;
    checkSourceProps(props.actionName, "ECR", props);
    if (!Token.isUnresolved(props.repositoryName) && (!ECR_REPOSITORY.test(props.repositoryName) || ECR_URI.test(props.repositoryName))) {
      throw new Error(
        `${where}: repositoryName "${props.repositoryName}" is not an ECR repository name (2-256 lowercase letters, digits and ._-/ segments); give the name, not the URI or ARN`,
      );
    }
    const tag = props.imageTag;
    if (tag !== undefined && !Token.isUnresolved(tag) && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,299}$/.test(tag)) {
      throw new Error(`${where}: imageTag "${tag}" must be 1-300 letters, digits, "_", "." or "-", not starting with "." or "-"`);
    }
  }

  override bind(): ActionBinding {
    return {
      configuration: definedConfig({ RepositoryName: this.props.repositoryName, ImageTag: this.props.imageTag ?? "latest" }),
    };
  }

  override runnerPermissions(where: { readonly account: string; readonly region: string }): PolicyStatement[] {
    return [
      {
        Effect: "Allow",
        Action: ["ecr:DescribeImages"],
        Resource: `${arnPrefix(where.region)}:ecr:${where.region}:${where.account}:repository/${this.props.repositoryName}`,
      },
    ];
  }

  override changeEvent(): SourceChangeEvent {
    return {
      description: `Push of ${this.props.repositoryName}:${this.props.imageTag ?? "latest"}`,
      eventPattern: {
        source: ["aws.ecr"],
        "detail-type": ["ECR Image Action"],
        detail: {
          "action-type": ["PUSH"],
          result: ["SUCCESS"],
          "repository-name": [this.props.repositoryName],
          "image-tag": [this.props.imageTag ?? "latest"],
        },
      },
    };
  }

  override outputVariables(): readonly string[] {
    return ["RegistryId", "RepositoryName", "ImageTag", "ImageDigest", "ImageURI"];
  }
}

// ---------------------------------------------------------------------------------------------
// CodeCommit
// ---------------------------------------------------------------------------------------------

export interface CodeCommitSourceActionProps extends SourceCommonProps {
  /** Repository in the tools account and pipeline region. */
  readonly repositoryName: string;
  /** Branch to build. */
  readonly branchName: string;
  /** The one output artifact. */
  readonly output: string;
  /**
   * Let CodePipeline poll the branch. Off by default because event-driven sources are set up elsewhere
   * (an EventBridge rule on the repository's reference changes). CodePipeline itself polls when the key is absent.
   * @default false
   */
  readonly pollForSourceChanges?: boolean;
  /**
   * CODE_ZIP (a zip of the tree) or CODEBUILD_CLONE_REF (a reference that a downstream CodeBuild action
   * clones; its project role then needs `codecommit:GitPull` on the repository).
   * @default "CODE_ZIP"
   */
  readonly outputArtifactFormat?: "CODE_ZIP" | "CODEBUILD_CLONE_REF";
}

/**
 * Source from a CodeCommit branch.
 * Output variables: CommitId, CommitMessage, RepositoryName, BranchName, AuthorDate, CommitterDate.
 */
export class CodeCommitSourceAction extends Action {
  constructor(private readonly props: CodeCommitSourceActionProps) {
    super(sourceType("CodeCommit"), { ...props, outputs: [props.output] });
    const where = `action "${props.actionName}"`;
    checkSourceProps(props.actionName, "CodeCommit", props);
    if (!Token.isUnresolved(props.repositoryName) && (!/^[\w.-]{1,100}$/.test(props.repositoryName) || props.repositoryName.endsWith(".git"))) {
      throw new Error(
        `${where}: repositoryName "${props.repositoryName}" must be 1-100 letters, digits, ".", "_" or "-" and not end in ".git"; give the name, not the clone URL`,
      );
    }
    const branch = props.branchName;
    if (!Token.isUnresolved(branch) && (branch.length < 1 || branch.length > 256 || /[\s~^:?*[\\]|\.\.|^\/|\/$|\.lock$/.test(branch))) {
      throw new Error(
        `${where}: branchName "${branch}" is not a valid git branch name (1-256 characters, no spaces, "..", ~^:?*[\\, no leading or trailing "/")`,
      );
    }
    const format = props.outputArtifactFormat;
    if (format !== undefined && format !== "CODE_ZIP" && format !== "CODEBUILD_CLONE_REF") {
      throw new Error(`${where}: outputArtifactFormat "${String(format)}" must be CODE_ZIP or CODEBUILD_CLONE_REF`);
    }
  }

  override bind(): ActionBinding {
    const p = this.props;
    return {
      configuration: definedConfig({
        RepositoryName: p.repositoryName,
        BranchName: p.branchName,
        PollForSourceChanges: p.pollForSourceChanges ?? false,
        OutputArtifactFormat: p.outputArtifactFormat ?? "CODE_ZIP",
      }),
    };
  }

  override runnerPermissions(where: { readonly account: string; readonly region: string }): PolicyStatement[] {
    // action-reference-CodeCommit, "Service role policy permissions".
    const actions = [
      "codecommit:CancelUploadArchive",
      "codecommit:GetBranch",
      "codecommit:GetCommit",
      "codecommit:GetRepository",
      "codecommit:GetUploadArchiveStatus",
      "codecommit:UploadArchive",
    ];
    return [{ Effect: "Allow", Action: actions, Resource: this.repositoryArn(where) }];
  }

  /** The consuming build clones the repository itself: codecommit:GitPull (action-reference-CodeCommit). */
  override cloneRefPermissions(where: { readonly account: string; readonly region: string }): PolicyStatement[] | undefined {
    if (this.props.outputArtifactFormat !== "CODEBUILD_CLONE_REF") return undefined;
    return [{ Effect: "Allow", Action: "codecommit:GitPull", Resource: this.repositoryArn(where) }];
  }

  private repositoryArn(where: { readonly account: string; readonly region: string }): string {
    return `${arnPrefix(where.region)}:codecommit:${where.region}:${where.account}:${this.props.repositoryName}`;
  }

  override changeEvent(where: { readonly account: string; readonly region: string }): SourceChangeEvent | undefined {
    if (this.props.pollForSourceChanges) return undefined;
    return {
      description: `Commits on ${this.props.repositoryName}@${this.props.branchName}`,
      eventPattern: {
        source: ["aws.codecommit"],
        "detail-type": ["CodeCommit Repository State Change"],
        resources: [this.repositoryArn(where)],
        detail: { event: ["referenceCreated", "referenceUpdated"], referenceType: ["branch"], referenceName: [this.props.branchName] },
      },
    };
  }

  override outputVariables(): readonly string[] {
    return ["CommitId", "CommitMessage", "RepositoryName", "BranchName", "AuthorDate", "CommitterDate"];
  }
}
