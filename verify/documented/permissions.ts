// What AWS documents, per action type, stage-condition rule type and source, about the permissions,
// roles and prerequisites they need. Data only: `compare.ts` checks a role's grants against a row.
//
// Pages were read from stored copies of the AWS documentation. Where the current page's permissions
// section was not in the stored material, the row says so (`evidence`, `source.note`) and uses the
// archived AWS copy (github.com/awsdocs/aws-codepipeline-user-guide, doc_source/*.md) instead.

/** A documentation page a fact comes from. */
export interface DocRef {
  readonly url: string;
  readonly title: string;
  /** Why this page, or what could not be read. */
  readonly note?: string;
}

/** How directly the row's permission list was read from AWS's documentation. */
export type Evidence =
  /** The current page's permissions section was read. */
  | "current-page"
  /** The current page's permissions section was not in the stored material; an archived AWS copy was read. */
  | "archived-page"
  /** AWS documents no permissions for this row (see `noPermissionsReason`). */
  | "none-documented";

/** Another role AWS requires for the action, rule or source to work. */
export interface RoleRequirement {
  /** Which role, e.g. "CodeBuild project service role". */
  readonly role: string;
  /** IAM actions AWS lists for that role. @default none listed */
  readonly permissions?: readonly string[];
  /** Whom the role must trust, where AWS says. */
  readonly trust?: string;
  /** When the role is needed. @default always */
  readonly when?: string;
  readonly source: DocRef;
}

/** Permissions AWS lists apart from the main list, for a stated situation. */
export interface ConditionalPermissions {
  readonly permissions: readonly string[];
  readonly when: string;
  readonly source: DocRef;
}

/** A documented permission the product knowingly does not grant. */
export interface DeliberateOmission {
  readonly action: string;
  readonly reason: string;
}

/** The type a row documents, as written in `aws_codepipeline` (`*` matches any value). */
export interface TypeMatch {
  readonly categories: readonly string[];
  readonly owner: string;
  readonly provider: string;
}

/** What AWS documents for one action type, stage-condition rule type or source. */
export interface DocumentedRow {
  readonly kind: "action" | "rule" | "source";
  /** `Category/Owner/Provider` (actions), `Rule/AWS/<Provider>` (rules), `Source/<Provider>/<aspect>` (sources). */
  readonly id: string;
  /** Action and rule rows: the type they describe. */
  readonly type?: TypeMatch;
  /** The role whose policy needs `permissions`. */
  readonly runsAs: string;
  /** IAM actions AWS documents for that role, as the page lists them (IAM wildcards allowed). */
  readonly permissions: readonly string[];
  /** Required when `permissions` is empty: why none are listed. */
  readonly noPermissionsReason?: string;
  readonly evidence: Evidence;
  /** Permissions AWS lists separately, for a stated situation. */
  readonly conditional?: readonly ConditionalPermissions[];
  /** Documented permissions without resource-level scoping: a policy must grant them on "*". */
  readonly unscopable?: readonly string[];
  /** The Service Authorization Reference pages behind `unscopable`. */
  readonly unscopableSource?: readonly DocRef[];
  /** Other roles AWS requires. */
  readonly roles?: readonly RoleRequirement[];
  readonly prerequisites?: readonly string[];
  /**
   * Where AWS documents one list for all modes of an action, the part each mode uses, keyed by the
   * value of one configuration key (each part is a subset of `permissions`). Ours: derived from the
   * action reference's description of each mode, cited in `reason`.
   */
  readonly byConfiguration?: { readonly key: string; readonly subsets: Readonly<Record<string, readonly string[]>>; readonly reason: string };
  /** Facts that fit no other field; each names its page. */
  readonly notes?: readonly string[];
  /** Documented permissions the product knowingly omits; `missingPermissions` skips them. */
  readonly deliberatelyNotGranted?: readonly DeliberateOmission[];
  /** The page the permission list comes from. */
  readonly source: DocRef;
}

const UG = "https://docs.aws.amazon.com/codepipeline/latest/userguide";
const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference";
const ARCHIVED = "current page's permissions section not in the stored material; list read from the archived AWS copy";

const PAGE = {
  s3Source: { url: `${UG}/action-reference-S3.html#edit-role-s3source`, title: "Amazon S3 source action reference" },
  connections: {
    url: `${UG}/action-reference-CodestarConnectionSource.html#edit-role-connections`,
    title: "CodeStarSourceConnection for Bitbucket Cloud, GitHub, GitHub Enterprise Server, GitLab.com, and GitLab self-managed actions",
  },
  codeCommit: { url: `${UG}/action-reference-CodeCommit.html#edit-role-codecommit`, title: "CodeCommit source action reference" },
  ecr: { url: `${UG}/action-reference-ECR.html#edit-role-ecr`, title: "Amazon ECR source action reference" },
  codeBuild: { url: `${UG}/action-reference-CodeBuild.html#edit-role-codebuild`, title: "AWS CodeBuild build and test action reference" },
  cloudFormation: { url: `${UG}/action-reference-CloudFormation.html`, title: "CloudFormation deploy action reference" },
  stackSets: { url: `${UG}/action-reference-StackSets.html`, title: "AWS CloudFormation StackSets" },
  codeDeploy: { url: `${UG}/action-reference-CodeDeploy.html#edit-role-codedeploy`, title: "AWS CodeDeploy deploy action reference" },
  ecs: { url: `${UG}/action-reference-ECS.html#edit-role-ecs`, title: "Amazon Elastic Container Service deploy action reference" },
  ecsBlueGreen: {
    url: `${UG}/action-reference-ECSbluegreen.html#edit-role-codedeploy-ecs`,
    title: "Amazon Elastic Container Service and CodeDeploy blue-green deploy action reference",
  },
  beanstalk: { url: `${UG}/action-reference-Beanstalk.html#edit-role-beanstalk`, title: "Elastic Beanstalk deploy action reference" },
  serviceCatalog: { url: `${UG}/action-reference-ServiceCatalog.html#edit-role-servicecatalog`, title: "AWS Service Catalog deploy action reference" },
  s3Deploy: { url: `${UG}/action-reference-S3Deploy.html#edit-role-s3deploy`, title: "Amazon S3 deploy action reference" },
  lambda: { url: `${UG}/action-reference-Lambda.html`, title: "AWS Lambda invoke action reference" },
  stepFunctions: { url: `${UG}/action-reference-StepFunctions.html#edit-role-stepfunctions`, title: "AWS Step Functions invoke action reference" },
  approvalsSns: { url: `${UG}/approvals-service-role-permissions.html`, title: "Grant Amazon SNS permissions to a CodePipeline service role" },
  serviceRole: { url: `${UG}/how-to-custom-role.html`, title: "Manage the CodePipeline service role" },
  /** The archived "Add permissions to the CodePipeline service role" section, per service. */
  addPermissionsArchived: {
    url: `${UG}/security-iam.html#how-to-update-role-new-services`,
    title: "Add permissions to the CodePipeline service role (archived copy: awsdocs/aws-codepipeline-user-guide doc_source/security-iam.md)",
  },
  defaultPolicyArchived: {
    url: `${UG}/how-to-custom-role.html#view-default-service-role-policy`,
    title: "Review the Default CodePipeline Service Role Policy (archived copy: awsdocs/aws-codepipeline-user-guide doc_source/how-to-custom-role.md)",
  },
  lambdaTutorialArchived: {
    url: `${UG}/actions-invoke-lambda-function.html`,
    title: "Invoke an AWS Lambda function in a pipeline (archived copy: awsdocs/aws-codepipeline-user-guide doc_source/actions-invoke-lambda-function.md)",
  },
  troubleshootingConnections: {
    url: `${UG}/troubleshooting.html#codebuild-role-connections`,
    title: "Troubleshooting CodePipeline: Add CodeBuild GitClone permissions for connections to Bitbucket, GitHub, GitHub Enterprise Server, or GitLab.com",
  },
  troubleshootingCodeCommitClone: {
    url: `${UG}/troubleshooting.html#codebuild-role-codecommitclone`,
    title: "Troubleshooting CodePipeline: Add CodeBuild GitClone permissions for CodeCommit source actions",
  },
  troubleshootingListBucket: {
    url: `${UG}/troubleshooting.html#troubleshooting-S3-access-denied-list`,
    title: "Troubleshooting CodePipeline: Amazon S3 error: CodePipeline service role <ARN> is getting S3 access denied for the S3 bucket <BucketName>",
  },
  customerManagedPolicies: {
    url: `${UG}/customer-managed-policies.html`,
    title: "AWS CodePipeline identity-based policy examples: Customer managed policy examples",
  },
  customAction: { url: `${UG}/actions-create-custom-action.html`, title: "Create and add a custom action in CodePipeline" },
  conditions: { url: `${UG}/concepts-how-it-works-conditions.html`, title: "How do stage conditions work?" },
  stageConditions: { url: `${UG}/stage-conditions.html`, title: "Configure conditions for a stage" },
  ecrEventsArchived: {
    url: `${UG}/create-cwe-ecr-source-cli.html`,
    title:
      "Create a CloudWatch Events rule for an Amazon ECR source (CLI) (archived copy: awsdocs/aws-codepipeline-user-guide doc_source/create-cwe-ecr-source-cli.md)",
  },
  codeCommitEventsArchived: {
    url: `${UG}/pipelines-trigger-source-repo-changes-cli.html`,
    title:
      "Create a CloudWatch Events rule for a CodeCommit source (CLI) (archived copy: awsdocs/aws-codepipeline-user-guide doc_source/pipelines-trigger-source-repo-changes-cli.md)",
  },
  s3EventsArchived: {
    url: `${UG}/create-cloudtrail-S3-source-cli.html`,
    title:
      "Create a CloudWatch Events Rule That Starts Your Amazon S3 Pipeline (CLI) (archived copy: awsdocs/aws-codepipeline-user-guide doc_source/create-cloudtrail-S3-source-cli.md)",
  },
  stackSetsSelfManaged: {
    url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html",
    title: "Grant self-managed permissions (AWS CloudFormation User Guide; archived copy: awsdocs/aws-cloudformation-user-guide)",
  },
  codeDeployInstanceProfile: {
    url: "https://docs.aws.amazon.com/codedeploy/latest/userguide/getting-started-create-iam-instance-profile.html",
    title: "Step 4: Create an IAM instance profile for your Amazon EC2 instances (AWS CodeDeploy User Guide; archived copy: awsdocs/aws-codedeploy-user-guide)",
  },
  ecsTaskExecutionRole: {
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
    title: "Amazon ECS task execution IAM role (AmazonECSTaskExecutionRolePolicy)",
  },
} as const satisfies Record<string, DocRef>;

const SAR_PAGE = {
  ecs: { url: `${SAR}/list_amazonelasticcontainerservice.html`, title: "Actions, resources, and condition keys for Amazon Elastic Container Service" },
  cloudFormation: { url: `${SAR}/list_awscloudformation.html`, title: "Actions, resources, and condition keys for AWS CloudFormation" },
  codeDeploy: { url: `${SAR}/list_awscodedeploy.html`, title: "Actions, resources, and condition keys for AWS CodeDeploy" },
  lambda: { url: `${SAR}/list_awslambda.html`, title: "Actions, resources, and condition keys for AWS Lambda" },
  codePipeline: { url: `${SAR}/list_awscodepipeline.html`, title: "Actions, resources, and condition keys for AWS CodePipeline" },
  ecr: { url: `${SAR}/list_amazonelasticcontainerregistry.html`, title: "Actions, resources, and condition keys for Amazon Elastic Container Registry" },
} as const satisfies Record<string, DocRef>;

const PIPELINE_ROLE = "pipeline service role";
const PIPELINE_OR_ACTION_ROLE = "pipeline service role, or the action's roleArn (a target account's action role) when set";

const action = (category: string | string[], provider: string, owner = "AWS") => ({
  categories: typeof category === "string" ? [category] : category,
  owner,
  provider,
});
const rule = (provider: string) => ({ categories: ["Rule"], owner: "AWS", provider });

/** Every action type, stage-condition rule type and source the product supports, as AWS documents them. */
/** The role an ECS task pulls its image and logs as, which both ECS deploy actions rely on. */
const ECS_TASK_EXECUTION_ROLE: RoleRequirement = {
  role: "ECS task execution role of the task definition",
  trust: "ecs-tasks.amazonaws.com",
  permissions: [
    "ecr:GetAuthorizationToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
  ],
  when: "the tasks pull images from a private ECR repository or log with awslogs (AmazonECSTaskExecutionRolePolicy)",
  source: PAGE.ecsTaskExecutionRole,
};

export const DOCUMENTED: readonly DocumentedRow[] = [
  // ------------------------------------------------------------------ actions: sources
  {
    kind: "action",
    id: "Source/AWS/CodeStarSourceConnection",
    type: action("Source", "CodeStarSourceConnection"),
    runsAs: PIPELINE_ROLE,
    permissions: ["codeconnections:UseConnection"],
    evidence: "current-page",
    prerequisites: [
      "The connection must have completed the installation handshake (status AVAILABLE); a connection created by the CLI or CloudFormation is PENDING until completed in the console (action reference, 'Installing the installation app and creating a connection').",
    ],
    notes: ["The archived 'Add permissions' section lists the older prefix: codestar-connections:UseConnection (security-iam.md, archived)."],
    source: PAGE.connections,
  },
  {
    kind: "action",
    id: "Source/AWS/CodeCommit",
    type: action("Source", "CodeCommit"),
    runsAs: PIPELINE_ROLE,
    permissions: [
      "codecommit:CancelUploadArchive",
      "codecommit:GetBranch",
      "codecommit:GetCommit",
      "codecommit:GetRepository",
      "codecommit:GetUploadArchiveStatus",
      "codecommit:UploadArchive",
    ],
    evidence: "current-page",
    conditional: [
      {
        permissions: ["s3:ListBucket"],
        when: "the action checks that the artifact bucket exists while in progress; without it S3 answers AccessDenied (grant on the artifact bucket, in the role policy and the bucket policy)",
        source: PAGE.troubleshootingListBucket,
      },
    ],
    source: PAGE.codeCommit,
  },
  {
    kind: "action",
    id: "Source/AWS/S3",
    type: action("Source", "S3"),
    runsAs: PIPELINE_ROLE,
    permissions: [
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:GetBucketVersioning",
      "s3:GetBucketAcl",
      "s3:GetBucketLocation",
      "s3:GetObjectTagging",
      "s3:GetObjectVersionTagging",
    ],
    evidence: "current-page",
    prerequisites: ["The source bucket must have versioning enabled (action reference: 'create an Amazon S3 source bucket, enable versioning')."],
    notes: [
      "'Manage the CodePipeline service role' notes that s3:GetObjectTagging and s3:GetObjectVersionTagging are required when the S3 objects have tags; the S3 source page lists them unconditionally.",
    ],
    source: PAGE.s3Source,
  },
  {
    kind: "action",
    id: "Source/AWS/ECR",
    type: action("Source", "ECR"),
    runsAs: PIPELINE_ROLE,
    permissions: ["ecr:DescribeImages"],
    evidence: "current-page",
    prerequisites: ["The ECR repository must exist and hold a pushed image before the pipeline is connected (action reference)."],
    source: PAGE.ecr,
  },
  // ------------------------------------------------------------------ actions: build and test
  {
    kind: "action",
    id: "Build/AWS/CodeBuild",
    type: action(["Build", "Test"], "CodeBuild"),
    runsAs: PIPELINE_ROLE,
    permissions: ["codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:BatchGetBuildBatches", "codebuild:StartBuildBatch"],
    evidence: "current-page",
    roles: [
      {
        role: "CodeBuild project service role",
        when: "an input artifact uses OutputArtifactFormat CODEBUILD_CLONE_REF",
        permissions: ["codecommit:GitPull", "codestar-connections:UseConnection"],
        source: {
          ...PAGE.troubleshootingConnections,
          note: "GitPull for CodeCommit sources (#codebuild-role-codecommitclone), UseConnection for connection sources; see the Source/* rows.",
        },
      },
    ],
    deliberatelyNotGranted: [
      {
        action: "codebuild:BatchGetBuildBatches",
        reason:
          "granted only when the action sets BatchEnabled; the archived 'Add permissions' section lists the pair 'for CodeBuild support for batch builds'",
      },
      {
        action: "codebuild:StartBuildBatch",
        reason:
          "granted only when the action sets BatchEnabled; the archived 'Add permissions' section lists the pair 'for CodeBuild support for batch builds'",
      },
    ],
    source: PAGE.codeBuild,
  },
  // ------------------------------------------------------------------ actions: deploy
  {
    kind: "action",
    id: "Deploy/AWS/CloudFormation",
    type: action("Deploy", "CloudFormation"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: [
      "cloudformation:CreateStack",
      "cloudformation:DeleteStack",
      "cloudformation:DescribeStacks",
      "cloudformation:UpdateStack",
      "cloudformation:CreateChangeSet",
      "cloudformation:DeleteChangeSet",
      "cloudformation:DescribeChangeSet",
      "cloudformation:ExecuteChangeSet",
      "cloudformation:SetStackPolicy",
      "cloudformation:ValidateTemplate",
      "iam:PassRole",
      // The current page's introduction: needed for the failed resource's details in error messages.
      "cloudformation:DescribeStackEvents",
    ],
    evidence: "archived-page",
    byConfiguration: {
      key: "ActionMode",
      reason:
        "The action reference's ActionMode values: CREATE_UPDATE creates or updates the stack (and never deletes a failed one); REPLACE_ON_FAILURE also deletes a failed stack; DELETE_ONLY deletes; CHANGE_SET_REPLACE creates or replaces a change set; CHANGE_SET_EXECUTE executes one. RoleArn (iam:PassRole) is not used by CHANGE_SET_EXECUTE. No action key sets a stack policy, so SetStackPolicy is in no mode.",
      subsets: {
        CREATE_UPDATE: [
          "cloudformation:CreateStack",
          "cloudformation:UpdateStack",
          "cloudformation:DescribeStacks",
          "cloudformation:DescribeStackEvents",
          "cloudformation:ValidateTemplate",
          "iam:PassRole",
        ],
        REPLACE_ON_FAILURE: [
          "cloudformation:CreateStack",
          "cloudformation:DeleteStack",
          "cloudformation:UpdateStack",
          "cloudformation:DescribeStacks",
          "cloudformation:DescribeStackEvents",
          "cloudformation:ValidateTemplate",
          "iam:PassRole",
        ],
        DELETE_ONLY: ["cloudformation:DeleteStack", "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents", "iam:PassRole"],
        CHANGE_SET_REPLACE: [
          "cloudformation:CreateChangeSet",
          "cloudformation:DeleteChangeSet",
          "cloudformation:DescribeChangeSet",
          "cloudformation:DescribeStacks",
          "cloudformation:ValidateTemplate",
          "iam:PassRole",
        ],
        CHANGE_SET_EXECUTE: [
          "cloudformation:ExecuteChangeSet",
          "cloudformation:DescribeChangeSet",
          "cloudformation:DescribeStacks",
          "cloudformation:DescribeStackEvents",
        ],
      },
    },
    unscopable: ["cloudformation:ValidateTemplate"],
    unscopableSource: [SAR_PAGE.cloudFormation],
    roles: [
      {
        role: "CloudFormation service role passed in RoleArn (the target account's CloudFormation execution role)",
        trust: "cloudformation.amazonaws.com",
        when: "the action sets RoleArn; the runner needs iam:PassRole on it ('ensure that you have permission to pass it')",
        source: { url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html", title: "AWS CloudFormation service role" },
      },
    ],
    notes: [
      "The list covers all action modes together; AWS does not split it by ActionMode, so a role that runs only some modes needs only part of it.",
      "A current page's introduction says cloudformation:DescribeStackEvents must be added to the service role or other IAM roles for the pipeline to show the failed resource in error messages.",
    ],
    source: {
      ...PAGE.addPermissionsArchived,
      note: `${ARCHIVED}. The current page (${PAGE.cloudFormation.url}#edit-role-cloudformation, '${PAGE.cloudFormation.title}') was found, but only its introduction was readable.`,
    },
  },
  {
    kind: "action",
    id: "Deploy/AWS/CloudFormationStackSet",
    type: action("Deploy", "CloudFormationStackSet"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: [
      "cloudformation:CreateStackSet",
      "cloudformation:UpdateStackSet",
      "cloudformation:CreateStackInstances",
      "cloudformation:DescribeStackSetOperation",
      "cloudformation:DescribeStackSet",
      "cloudformation:ListStackInstances",
    ],
    evidence: "archived-page",
    unscopable: ["cloudformation:CreateStackSet"],
    unscopableSource: [SAR_PAGE.cloudFormation],
    roles: [
      {
        role: "AWSCloudFormationStackSetAdministrationRole (or the AdministrationRoleArn role) in the administrator account",
        trust: "cloudformation.amazonaws.com",
        permissions: ["sts:AssumeRole"],
        when: "PermissionModel SELF_MANAGED; sts:AssumeRole on arn:aws:iam::*:role/AWSCloudFormationStackSetExecutionRole",
        source: PAGE.stackSetsSelfManaged,
      },
      {
        role: "AWSCloudFormationStackSetExecutionRole (or ExecutionRoleName) in each target account",
        trust: "the administrator account (arn:aws:iam::<admin>:root) or the customized administration role",
        permissions: ["cloudformation:*", "s3:*"],
        when: "PermissionModel SELF_MANAGED; plus the permissions for whatever the template creates",
        source: PAGE.stackSetsSelfManaged,
      },
    ],
    prerequisites: [
      "SERVICE_MANAGED: trusted access between CloudFormation StackSets and AWS Organizations must be enabled (action reference, archived).",
      "The action reference (archived) says to deploy with the AWS Organizations management account; a delegated administration account cannot be used for this action.",
    ],
    source: {
      ...PAGE.addPermissionsArchived,
      note: `${ARCHIVED}. Current section: ${PAGE.stackSets.url}#edit-role-cfn-stackset ('Service role permissions: CloudFormationStackSet action'), not readable here.`,
    },
  },
  {
    kind: "action",
    id: "Deploy/AWS/CloudFormationStackInstances",
    type: action("Deploy", "CloudFormationStackInstances"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: ["cloudformation:CreateStackInstances", "cloudformation:DescribeStackSetOperation"],
    evidence: "archived-page",
    roles: [
      {
        role: "StackSet administration and execution roles (see Deploy/AWS/CloudFormationStackSet)",
        when: "the stack set uses PermissionModel SELF_MANAGED",
        source: PAGE.stackSetsSelfManaged,
      },
    ],
    source: {
      ...PAGE.addPermissionsArchived,
      note: `${ARCHIVED}. Current section: ${PAGE.stackSets.url}#edit-role-cfn-stackinstances ('Service role permissions: CloudFormationStackInstances action'), not readable here.`,
    },
  },
  {
    kind: "action",
    id: "Deploy/AWS/CodeDeploy",
    type: action("Deploy", "CodeDeploy"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: [
      "codedeploy:CreateDeployment",
      "codedeploy:GetApplication",
      "codedeploy:GetDeployment",
      "codedeploy:RegisterApplicationRevision",
      "codedeploy:ListDeployments",
      "codedeploy:ListDeploymentGroups",
      "codedeploy:GetDeploymentGroup",
      "codedeploy:GetDeploymentConfig",
      "codedeploy:ListDeploymentConfigs",
    ],
    evidence: "current-page",
    unscopable: ["codedeploy:ListDeploymentConfigs"],
    unscopableSource: [SAR_PAGE.codeDeploy],
    roles: [
      {
        role: "EC2 instance profile of the deployment targets",
        permissions: ["s3:Get*", "s3:List*"],
        trust: "ec2.amazonaws.com",
        when: "EC2/on-premises compute platform: the CodeDeploy agent reads the revision from the artifact bucket (restrict to the buckets the instances must read)",
        source: PAGE.codeDeployInstanceProfile,
      },
    ],
    notes: [
      "The older default service role policy also listed codedeploy:GetApplicationRevision (how-to-custom-role.md, archived); the current page does not.",
    ],
    source: PAGE.codeDeploy,
  },
  {
    kind: "action",
    id: "Deploy/AWS/ECS",
    type: action("Deploy", "ECS"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition", "ecs:DescribeServices", "ecs:UpdateService", "ecs:TagResource", "iam:PassRole"],
    evidence: "current-page",
    unscopable: ["ecs:DescribeTaskDefinition"],
    unscopableSource: [SAR_PAGE.ecs],
    roles: [ECS_TASK_EXECUTION_ROLE],
    notes: [
      "ecs:TagResource is required when ECS tagging authorization is enforced (opt-in); the page grants it with Condition ecs:CreateAction = RegisterTaskDefinition.",
      "iam:PassRole (iam:PassedToService ecs.amazonaws.com, ecs-tasks.amazonaws.com) is required to use task and task execution roles.",
      'The page grants ecs:RegisterTaskDefinition on "*", but the current Service Authorization Reference lists task-definition* as its resource type: it is not in `unscopable`.',
      "The older page (how-to-custom-role.md, archived) also listed ecs:DescribeTasks and ecs:ListTasks; the current page does not.",
    ],
    source: PAGE.ecs,
  },
  {
    kind: "action",
    id: "Deploy/AWS/CodeDeployToECS",
    type: action("Deploy", "CodeDeployToECS"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: [
      "codedeploy:CreateDeployment",
      "codedeploy:GetDeployment",
      "codedeploy:GetApplication",
      "codedeploy:GetApplicationRevision",
      "codedeploy:RegisterApplicationRevision",
      "codedeploy:GetDeploymentConfig",
      "ecs:RegisterTaskDefinition",
      "iam:PassRole",
    ],
    evidence: "current-page",
    conditional: [{ permissions: ["ecs:TagResource"], when: "ECS tagging authorization is enforced (opt-in)", source: PAGE.ecsBlueGreen }],
    roles: [ECS_TASK_EXECUTION_ROLE],
    prerequisites: [
      "The ECS resources, the CodeDeploy application and deployment group, the load balancer and target groups must exist; the task definition and AppSpec file must be in the source (action reference).",
      "The task definition artifact ZIP must be under 3 MB (Troubleshooting: 'Exception while trying to read the task definition artifact file').",
    ],
    notes: [
      'The page grants ecs:RegisterTaskDefinition on "*", but the current Service Authorization Reference lists task-definition* as its resource type.',
      "iam:PassRole: iam:PassedToService ecs.amazonaws.com, ecs-tasks.amazonaws.com, on the task and task execution roles.",
    ],
    source: PAGE.ecsBlueGreen,
  },
  {
    kind: "action",
    id: "Deploy/AWS/ElasticBeanstalk",
    type: action("Deploy", "ElasticBeanstalk"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: [
      "elasticbeanstalk:*",
      "ec2:*",
      "elasticloadbalancing:*",
      "autoscaling:*",
      "cloudwatch:*",
      "s3:*",
      "sns:*",
      "cloudformation:*",
      "rds:*",
      "sqs:*",
      "ecs:*",
    ],
    evidence: "current-page",
    notes: [
      "The page says to replace the wildcards in the resource policy with the resources of the account.",
      "The archived default-policy page: without elasticbeanstalk:DescribeEvents, Elastic Beanstalk deploy actions hang without failing.",
    ],
    source: PAGE.beanstalk,
  },
  {
    kind: "action",
    id: "Deploy/AWS/ServiceCatalog",
    type: action("Deploy", "ServiceCatalog"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: [
      "servicecatalog:ListProvisioningArtifacts",
      "servicecatalog:CreateProvisioningArtifact",
      "servicecatalog:DescribeProvisioningArtifact",
      "servicecatalog:DeleteProvisioningArtifact",
      "servicecatalog:UpdateProduct",
      "cloudformation:ValidateTemplate",
    ],
    evidence: "current-page",
    unscopable: ["cloudformation:ValidateTemplate"],
    unscopableSource: [SAR_PAGE.cloudFormation],
    source: PAGE.serviceCatalog,
  },
  {
    kind: "action",
    id: "Deploy/AWS/S3",
    type: action("Deploy", "S3"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: ["s3:PutObject", "s3:PutObjectAcl", "s3:PutObjectVersionAcl", "s3:GetBucketVersioning", "s3:GetBucketAcl", "s3:GetBucketLocation"],
    evidence: "current-page",
    conditional: [
      { permissions: ["s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging"], when: "the S3 objects have tags", source: PAGE.s3Deploy },
    ],
    source: PAGE.s3Deploy,
  },
  // ------------------------------------------------------------------ actions: invoke, approval, custom
  {
    kind: "action",
    id: "Invoke/AWS/Lambda",
    type: action("Invoke", "Lambda"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: ["lambda:InvokeFunction", "lambda:ListFunctions"],
    evidence: "archived-page",
    unscopable: ["lambda:ListFunctions"],
    unscopableSource: [SAR_PAGE.lambda],
    roles: [
      {
        role: "the function's execution role",
        trust: "lambda.amazonaws.com",
        permissions: ["codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult", "logs:*"],
        when: "always: the function must report the job result, or the action hangs until it times out",
        source: PAGE.lambdaTutorialArchived,
      },
    ],
    notes: [
      "The archived tutorial: 'make sure the policy for the role allows the lambda:InvokeFunction and lambda:ListFunctions permissions. Otherwise, pipelines that include Lambda actions fail.'",
      "codepipeline:PutJobSuccessResult and PutJobFailureResult have no resource-level scoping (Service Authorization Reference for CodePipeline).",
    ],
    source: {
      ...PAGE.lambdaTutorialArchived,
      note: `${ARCHIVED}; the same pair is in the archived default service role policy (${PAGE.defaultPolicyArchived.url}). Current page: ${PAGE.lambda.url}, permissions section not readable here.`,
    },
  },
  {
    kind: "action",
    id: "Invoke/AWS/StepFunctions",
    type: action("Invoke", "StepFunctions"),
    runsAs: PIPELINE_OR_ACTION_ROLE,
    permissions: ["states:DescribeStateMachine", "states:DescribeExecution", "states:StartExecution"],
    evidence: "archived-page",
    source: { ...PAGE.addPermissionsArchived, note: `${ARCHIVED}. Current section: ${PAGE.stepFunctions.url}, not readable here.` },
  },
  {
    kind: "action",
    id: "Approval/AWS/Manual",
    type: action("Approval", "Manual"),
    runsAs: PIPELINE_ROLE,
    // Only with a NotificationArn; the product always sets one (a created or an existing topic).
    permissions: ["sns:Publish"],
    evidence: "current-page",
    roles: [
      {
        role: "the people or roles who approve",
        permissions: ["codepipeline:PutApprovalResult"],
        when: "to approve or reject (resource arn:aws:codepipeline:<region>:<account>:<pipeline>/<stage>/*)",
        source: { ...PAGE.customerManagedPolicies, note: "Example 4: Grant permissions to approve or reject manual approval actions" },
      },
    ],
    notes: ["sns:Publish is needed only when approval notifications go to an SNS topic (the page: 'If you plan to use Amazon SNS to publish notifications')."],
    source: PAGE.approvalsSns,
  },
  {
    kind: "action",
    id: "*/Custom/*",
    type: action("*", "*", "Custom"),
    runsAs: PIPELINE_ROLE,
    permissions: [],
    noPermissionsReason:
      "CodePipeline only queues a job; the job worker polls for it with its own credentials and reports the result. AWS lists permissions for the job worker, none for the pipeline role.",
    evidence: "none-documented",
    roles: [
      {
        role: "job worker identity (AWSCodePipelineCustomActionAccess)",
        permissions: [
          "codepipeline:AcknowledgeJob",
          "codepipeline:GetJobDetails",
          "codepipeline:PollForJobs",
          "codepipeline:PutJobFailureResult",
          "codepipeline:PutJobSuccessResult",
        ],
        when: "always; PollForJobs can be scoped to the action type (Example 5), the others have no resource-level scoping",
        source: { ...PAGE.customerManagedPolicies, note: "Example 6 (same as AWSCodePipelineCustomActionAccess) and Example 5" },
      },
    ],
    prerequisites: ["A job worker must poll CodePipeline for jobs of the custom action type, run them and return the result (custom action page)."],
    source: PAGE.customAction,
  },
  // ------------------------------------------------------------------ stage-condition rules
  {
    kind: "rule",
    id: "Rule/AWS/LambdaInvoke",
    type: rule("LambdaInvoke"),
    runsAs: "pipeline service role (or the rule's roleArn)",
    permissions: [],
    noPermissionsReason:
      "NOT DOCUMENTED: the rule reference page has no service role section, and 'Configure conditions for a stage' only says to create the function first; AWS does not say what the role needs to invoke it.",
    evidence: "none-documented",
    prerequisites: ["The Lambda function must exist before the rule is configured (rule reference; 'Configure conditions for a stage')."],
    notes: [
      "The product grants the pipeline role lambda:InvokeFunction on exactly the rule's FunctionName: the one API that invokes a function (Service Authorization Reference for Lambda).",
    ],
    source: {
      url: `${UG}/rule-reference-LambdaInvoke.html`,
      title: "LambdaInvoke",
      note: "topics: Rule type, Configuration parameters, Example rule configuration, See also",
    },
  },
  {
    kind: "rule",
    id: "Rule/AWS/CloudWatchAlarm",
    type: rule("CloudWatchAlarm"),
    runsAs: "pipeline service role (or the rule's roleArn)",
    permissions: [],
    noPermissionsReason: "NOT DOCUMENTED: the rule reference page has no service role section; it only says the alarm must already exist in CloudWatch.",
    evidence: "none-documented",
    prerequisites: ["The CloudWatch alarm must already exist (rule reference)."],
    notes: [
      "The product grants the pipeline role cloudwatch:DescribeAlarms on exactly the rule's AlarmName: the API that reads an alarm's state (Service Authorization Reference for CloudWatch: resource type alarm).",
    ],
    source: {
      url: `${UG}/rule-reference-CloudWatchAlarm.html`,
      title: "CloudWatchAlarm",
      note: "topics: Rule type, Configuration parameters, Example rule configuration, See also",
    },
  },
  {
    kind: "rule",
    id: "Rule/AWS/CodeBuild",
    type: rule("CodeBuild"),
    runsAs: "pipeline service role (or the rule's roleArn)",
    permissions: ["codebuild:BatchGetBuilds", "codebuild:StartBuild"],
    evidence: "current-page",
    source: { url: `${UG}/rule-reference-CodeBuild.html#rule-reference-Commands-policy`, title: "CodeBuild rule" },
  },
  {
    kind: "rule",
    id: "Rule/AWS/DeploymentWindow",
    type: rule("DeploymentWindow"),
    runsAs: "pipeline service role (or the rule's roleArn)",
    permissions: [],
    noPermissionsReason: "The rule only compares the execution time with its Cron and TimeZone; its reference page lists no permissions.",
    evidence: "none-documented",
    source: {
      url: `${UG}/rule-reference-DeploymentWindow.html`,
      title: "DeploymentWindow",
      note: "topics: Rule type, Configuration parameters, Example rule configuration, See also",
    },
  },
  {
    kind: "rule",
    id: "Rule/AWS/VariableCheck",
    type: rule("VariableCheck"),
    runsAs: "pipeline service role (or the rule's roleArn)",
    permissions: [],
    noPermissionsReason: "The rule compares a pipeline variable with a value; its reference page lists no permissions.",
    evidence: "none-documented",
    source: {
      url: `${UG}/rule-reference-VariableCheck.html`,
      title: "VariableCheck",
      note: "topics: Rule type, Configuration parameters, Example rule configuration, See also",
    },
  },
  {
    kind: "rule",
    id: "Rule/AWS/Commands",
    type: rule("Commands"),
    runsAs: "pipeline service role (CodePipeline assumes it to run the commands)",
    permissions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
    evidence: "current-page",
    notes: [
      "Scope: arn:aws:logs:*:<account>:log-group:/aws/codepipeline/<pipeline name>:* (CodePipeline creates the log group /aws/codepipeline/<pipeline name>).",
      "The commands run in CodeBuild compute (charged, counted against CodeBuild concurrency); builds time out after 55 minutes.",
    ],
    source: { url: `${UG}/rule-reference-Commands.html#rule-reference-Commands-policy`, title: "Commands" },
  },
  // ------------------------------------------------------------------ sources: change detection and full clone
  {
    kind: "source",
    id: "Source/S3/change-detection",
    runsAs: "EventBridge rule target role (trusts events.amazonaws.com)",
    permissions: ["codepipeline:StartPipelineExecution"],
    evidence: "archived-page",
    prerequisites: [
      "The source bucket must have versioning enabled (S3 source action reference).",
      "Set PollForSourceChanges to false when an event rule starts the pipeline, to avoid duplicate executions (S3 source action reference).",
    ],
    notes: [
      "The current 'Connecting to Amazon S3 source actions with a source enabled for events' page (create-S3-source-events.html) was not in the stored material; the archived page uses a CloudTrail trail instead of S3 EventBridge notifications.",
    ],
    source: { ...PAGE.s3EventsArchived, note: "StartPipelineExecution on the pipeline ARN" },
  },
  {
    kind: "source",
    id: "Source/ECR/change-detection",
    runsAs: "EventBridge rule target role (trusts events.amazonaws.com)",
    permissions: ["codepipeline:StartPipelineExecution"],
    evidence: "archived-page",
    prerequisites: [
      "An EventBridge rule on the repository's image pushes starts the pipeline; the console creates it, otherwise you create it (ECR source action reference; archived CLI page).",
    ],
    source: { ...PAGE.ecrEventsArchived, note: "StartPipelineExecution on the pipeline ARN" },
  },
  {
    kind: "source",
    id: "Source/CodeCommit/change-detection",
    runsAs: "EventBridge rule target role (trusts events.amazonaws.com)",
    permissions: ["codepipeline:StartPipelineExecution"],
    evidence: "archived-page",
    prerequisites: ["Set PollForSourceChanges to false when an event rule starts the pipeline, or each change starts it twice (archived CLI page)."],
    source: { ...PAGE.codeCommitEventsArchived, note: "StartPipelineExecution on the pipeline ARN" },
  },
  {
    kind: "source",
    id: "Source/CodeCommit/CODEBUILD_CLONE_REF",
    runsAs: "CodeBuild project service role of each CodeBuild action that reads the artifact",
    permissions: ["codecommit:GitPull"],
    evidence: "current-page",
    roles: [
      {
        role: PIPELINE_ROLE,
        permissions: ["codecommit:GetRepository"],
        when: "OutputArtifactFormat CODEBUILD_CLONE_REF",
        source: { ...PAGE.codeCommit, url: `${UG}/action-reference-CodeCommit.html#action-reference-CodeCommit-config` },
      },
    ],
    prerequisites: ["CODEBUILD_CLONE_REF artifacts can be used only by downstream CodeBuild actions (CodeCommit source action reference)."],
    source: PAGE.troubleshootingCodeCommitClone,
  },
  {
    kind: "source",
    id: "Source/CodeStarSourceConnection/CODEBUILD_CLONE_REF",
    runsAs: "CodeBuild project service role of each CodeBuild action that reads the artifact",
    permissions: ["codestar-connections:UseConnection"],
    evidence: "current-page",
    prerequisites: ["CODEBUILD_CLONE_REF artifacts can be used only by downstream CodeBuild actions (connections source action reference)."],
    notes: ["The page's sample policy names the connection ARN in Resource; the connection ARN prefix may be codeconnections or codestar-connections."],
    source: PAGE.troubleshootingConnections,
  },
];

/** Service Authorization Reference pages, for checks that need them beside the rows. */
export const SERVICE_AUTHORIZATION = SAR_PAGE;
/** CodePipeline's generic service role policy page (artifact bucket access every pipeline role needs). */
export const SERVICE_ROLE_PAGE: DocRef = PAGE.serviceRole;
/** How stage conditions run their rules. */
export const CONDITIONS_PAGES: readonly DocRef[] = [PAGE.conditions, PAGE.stageConditions];
