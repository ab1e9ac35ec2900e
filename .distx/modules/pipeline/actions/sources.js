"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CodeCommitSourceAction = exports.EcrSourceAction = exports.S3SourceAction = void 0;
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const policy_1 = require("../../shared/policy");
const private_bucket_1 = require("../../shared/private-bucket");
const action_1 = require("../action");
const s3_bucket_notification_1 = require("@cdktf/provider-aws/lib/s3-bucket-notification");
const SOURCE_BOUNDS = { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 };
function sourceType(provider) {
    return { category: "Source", owner: "AWS", provider, version: "1", artifactBounds: SOURCE_BOUNDS };
}
/** Throws when a caller (e.g. untyped config) slips in what a source action cannot honour. */
function checkSourceProps(actionName, provider, props) {
    const p = props;
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
const S3_BUCKET_LOOSE = /^[A-Za-z0-9._-]{3,255}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
/** Source from a versioned S3 object. Output variables: ETag, VersionId. */
class S3SourceAction extends action_1.Action {
    props;
    /** Name of the source bucket. */
    bucketName;
    /** Key of the source object. */
    objectKey;
    bucketResource;
    constructor(props) {
        super(sourceType("S3"), { ...props, outputs: [props.output] });
        this.props = props;
        const where = `action "${props.actionName}"`;
        checkSourceProps(props.actionName, "S3", props);
        const b = props.bucket;
        if (b === undefined || b === null || typeof b.bucketName !== "string") {
            throw new Error(`${where}: bucket must be { create: true, bucketName } or { bucketName, versioned: true }`);
        }
        if (b.create === true) {
            (0, policy_1.requireBucketName)(`${where}: bucket.bucketName`, b.bucketName);
            const days = b.noncurrentVersionExpirationDays;
            if (days !== undefined)
                (0, policy_1.requireInt)(`${where}: bucket.noncurrentVersionExpirationDays`, days, 1, 3650);
            if (b.versioned !== undefined || b.kmsKeyArn !== undefined) {
                throw new Error(`${where}: bucket.versioned and bucket.kmsKeyArn apply to an existing bucket only; a created bucket is always versioned and SSE-S3 encrypted`);
            }
        }
        else {
            if (b.create !== undefined && b.create !== false)
                throw new Error(`${where}: bucket.create must be true or false`);
            if (b.versioned !== true) {
                throw new Error(`${where}: S3 source bucket must be versioned; enable versioning or let the action create the bucket (bucket.versioned: true asserts it, bucket.create: true creates one)`);
            }
            if (!cdktf_1.Token.isUnresolved(b.bucketName) && !S3_BUCKET_LOOSE.test(b.bucketName)) {
                throw new Error(`${where}: bucket.bucketName "${b.bucketName}" must be a bucket name, not an ARN or a path`);
            }
            if (typeof b.kmsKeyArn === "string" && !cdktf_1.Token.isUnresolved(b.kmsKeyArn) && !KMS_KEY_ARN.test(b.kmsKeyArn)) {
                throw new Error(`${where}: bucket.kmsKeyArn "${b.kmsKeyArn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)`);
            }
        }
        const key = props.objectKey;
        if (!cdktf_1.Token.isUnresolved(key)) {
            if (key.length < 1 || key.length > 1000) {
                throw new Error(`${where}: objectKey must be 1-1000 characters (the limit of a configuration value), got ${key.length}`);
            }
            if (/[*?]/.test(key) || key.includes("#{")) {
                throw new Error(`${where}: objectKey "${key}" must be a literal key without "*", "?" or "#{...}": the pipeline role's permission is scoped to exactly that object`);
            }
        }
        this.bucketName = props.bucket.bucketName;
        this.objectKey = key;
    }
    /** The bucket the action created; available after the pipeline binds the action, and only with `bucket.create: true`. */
    get createdBucket() {
        if (!this.bucketResource) {
            const why = this.props.bucket.create === true ? "the pipeline has not bound the action yet" : "the action uses an existing bucket";
            throw new Error(`action "${this.actionName}": createdBucket is not available: ${why}`);
        }
        return this.bucketResource;
    }
    bind(ctx) {
        const p = this.props;
        const statements = [];
        if (p.bucket.create === true) {
            this.bucketResource = createSourceBucket(ctx, this.actionName, p.bucket);
        }
        return {
            configuration: (0, action_1.definedConfig)({
                S3Bucket: this.bucketName,
                S3ObjectKey: this.objectKey,
                PollForSourceChanges: p.pollForSourceChanges ?? false,
            }),
            ...(statements.length ? { runnerStatements: statements } : {}),
        };
    }
    runnerPermissions() {
        const bucketArn = `arn:aws:s3:::${this.bucketName}`;
        const statements = [
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
    changeEvent() {
        if (this.props.pollForSourceChanges)
            return undefined;
        return {
            description: `New version of s3://${this.bucketName}/${this.objectKey}`,
            eventPattern: {
                source: ["aws.s3"],
                "detail-type": ["Object Created"],
                detail: { bucket: { name: [this.bucketName] }, object: { key: [this.objectKey] } },
            },
        };
    }
    outputVariables() {
        return ["ETag", "VersionId"];
    }
}
exports.S3SourceAction = S3SourceAction;
/**
 * A versioned, private, TLS-only bucket in the pipeline's region that sends its events to
 * EventBridge. SSE-S3, not the artifact key: uploaders must not need (or get) a key that decrypts
 * every artifact of the pipelines.
 */
function createSourceBucket(ctx, actionName, spec) {
    const scope = new constructs_1.Construct(ctx.scope, `s3-source-${actionName}`);
    const uploaders = spec.uploaderRoleArns ?? [];
    const { bucket } = (0, private_bucket_1.privateBucket)(scope, {
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
        policyStatements: (arn) => [
            {
                // An object under another key could not be read by the pipeline: keep everything on SSE-S3.
                Sid: "DenyOtherEncryption",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: `${arn}/*`,
                Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "AES256" } },
            },
            ...(0, policy_1.grantStatements)("Uploaders", uploaders, "bucket.uploaderRoleArns", ["s3:PutObject"], `${arn}/*`),
        ],
    });
    // Object Created events reach EventBridge only when the bucket sends them there.
    new s3_bucket_notification_1.S3BucketNotification(scope, "eventbridge", { bucket: bucket.id, eventbridge: true });
    return bucket;
}
const ECR_REPOSITORY = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
// The name pattern also admits a registry URI; catch the common paste of `<account>.dkr.ecr.<region>.amazonaws.com/<name>`.
const ECR_URI = /\.dkr\.ecr\.|\.amazonaws\.com/;
/**
 * Source from an ECR image tag. ECR sources do not poll: an EventBridge rule on the repository's
 * image pushes (set up by the eventing module) starts the pipeline.
 * Output variables: RegistryId, RepositoryName, ImageTag, ImageDigest, ImageURI.
 */
class EcrSourceAction extends action_1.Action {
    props;
    constructor(props) {
        super(sourceType("ECR"), { ...props, outputs: [props.output] });
        this.props = props;
        const where = `action "${props.actionName}"`;
        checkSourceProps(props.actionName, "ECR", props);
        if (!cdktf_1.Token.isUnresolved(props.repositoryName) && (!ECR_REPOSITORY.test(props.repositoryName) || ECR_URI.test(props.repositoryName))) {
            throw new Error(`${where}: repositoryName "${props.repositoryName}" is not an ECR repository name (2-256 lowercase letters, digits and ._-/ segments); give the name, not the URI or ARN`);
        }
        const tag = props.imageTag;
        if (tag !== undefined && !cdktf_1.Token.isUnresolved(tag) && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,299}$/.test(tag)) {
            throw new Error(`${where}: imageTag "${tag}" must be 1-300 letters, digits, "_", "." or "-", not starting with "." or "-"`);
        }
    }
    bind() {
        return {
            configuration: (0, action_1.definedConfig)({ RepositoryName: this.props.repositoryName, ImageTag: this.props.imageTag ?? "latest" }),
        };
    }
    runnerPermissions(where) {
        return [
            {
                Effect: "Allow",
                Action: ["ecr:DescribeImages"],
                Resource: `arn:aws:ecr:${where.region}:${where.account}:repository/${this.props.repositoryName}`,
            },
        ];
    }
    changeEvent() {
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
    outputVariables() {
        return ["RegistryId", "RepositoryName", "ImageTag", "ImageDigest", "ImageURI"];
    }
}
exports.EcrSourceAction = EcrSourceAction;
/**
 * Source from a CodeCommit branch.
 * Output variables: CommitId, CommitMessage, RepositoryName, BranchName, AuthorDate, CommitterDate.
 */
class CodeCommitSourceAction extends action_1.Action {
    props;
    constructor(props) {
        super(sourceType("CodeCommit"), { ...props, outputs: [props.output] });
        this.props = props;
        const where = `action "${props.actionName}"`;
        checkSourceProps(props.actionName, "CodeCommit", props);
        if (!cdktf_1.Token.isUnresolved(props.repositoryName) && (!/^[\w.-]{1,100}$/.test(props.repositoryName) || props.repositoryName.endsWith(".git"))) {
            throw new Error(`${where}: repositoryName "${props.repositoryName}" must be 1-100 letters, digits, ".", "_" or "-" and not end in ".git"; give the name, not the clone URL`);
        }
        const branch = props.branchName;
        if (!cdktf_1.Token.isUnresolved(branch) && (branch.length < 1 || branch.length > 256 || /[\s~^:?*[\\]|\.\.|^\/|\/$|\.lock$/.test(branch))) {
            throw new Error(`${where}: branchName "${branch}" is not a valid git branch name (1-256 characters, no spaces, "..", ~^:?*[\\, no leading or trailing "/")`);
        }
        const format = props.outputArtifactFormat;
        if (format !== undefined && format !== "CODE_ZIP" && format !== "CODEBUILD_CLONE_REF") {
            throw new Error(`${where}: outputArtifactFormat "${String(format)}" must be CODE_ZIP or CODEBUILD_CLONE_REF`);
        }
    }
    bind() {
        const p = this.props;
        return {
            configuration: (0, action_1.definedConfig)({
                RepositoryName: p.repositoryName,
                BranchName: p.branchName,
                PollForSourceChanges: p.pollForSourceChanges ?? false,
                OutputArtifactFormat: p.outputArtifactFormat ?? "CODE_ZIP",
            }),
        };
    }
    runnerPermissions(where) {
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
    cloneRefPermissions(where) {
        if (this.props.outputArtifactFormat !== "CODEBUILD_CLONE_REF")
            return undefined;
        return [{ Effect: "Allow", Action: "codecommit:GitPull", Resource: this.repositoryArn(where) }];
    }
    repositoryArn(where) {
        return `arn:aws:codecommit:${where.region}:${where.account}:${this.props.repositoryName}`;
    }
    changeEvent(where) {
        if (this.props.pollForSourceChanges)
            return undefined;
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
    outputVariables() {
        return ["CommitId", "CommitMessage", "RepositoryName", "BranchName", "AuthorDate", "CommitterDate"];
    }
}
exports.CodeCommitSourceAction = CodeCommitSourceAction;
