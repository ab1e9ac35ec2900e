import { CODEBUILD_COMPUTE_TYPES as MODULE_COMPUTE_TYPES } from "../../../modules/codebuild-project";
import { codeBuildProjectSchema as projectSchemaForDrift } from "../../../config/pipeline/sources-build";
import { codeBuildSchema } from "../../../config/pipeline/sources-build";
import { CodeBuildProject, codeBuildRoleName } from "../../../modules/codebuild-project";
import { CodeBuildAction, CodeBuildActionProps, codeBuildActionProjectName } from "../../../modules/pipeline/actions/codebuild";
import {
  EXPECTED,
  identityPairs,
  newStack,
  pairs,
  parsePolicy,
  PROVIDER_REGION,
  ref,
  roleArn,
  synth,
  TARGET_ACCOUNT_A,
  TOOLS_ACCOUNT,
  type Synthesized,
  type TfResource,
} from "../helpers";
import { S3DeployAction } from "../../../modules/pipeline/actions/deploy";
import { CodeCommitSourceAction } from "../../../modules/pipeline/actions/sources";
import { buildPipeline, CONNECTION_ARN, sourceAction, stores } from "./harness";

const STORE = stores()[PROVIDER_REGION]!;
const EAST = stores("us-east-1")["us-east-1"]!;
const BUILDSPEC = ["version: 0.2", "env:", "  exported-variables:", "    - IMAGE_TAG", "phases:", "  build:", "    commands:", "      - make"].join("\n");
const projectArn = (name: string, region = PROVIDER_REGION) => `arn:aws:codebuild:${region}:${TOOLS_ACCOUNT}:project/${name}`;

const codebuild = (overrides: Partial<CodeBuildActionProps> = {}) =>
  new CodeBuildAction({ actionName: "Build", inputs: ["Source"], project: { buildspecFile: "buildspec.yml" }, ...overrides });

/** Untyped props, as a careless caller could pass them. */
const loose = (props: unknown): any => props;

/** The project of a synthesized stack and its role's parsed inline policy. */
function projectOf(out: Synthesized, name?: string) {
  const projects = Object.entries(out.resources("aws_codebuild_project"));
  const [id, body] = name ? projects.find(([, b]) => b.name === name)! : projects.length === 1 ? projects[0]! : [undefined, undefined];
  if (!id || !body) throw new Error(`no single project ${name ?? ""}`);
  const roles = out.resources("aws_iam_role");
  const roleId = Object.keys(roles).find((r) => body.service_role === ref("aws_iam_role", r, "arn"))!;
  const policy = Object.values(out.resources("aws_iam_role_policy")).find((p) => p.role === ref("aws_iam_role", roleId, "name"))!;
  return { id, body: body as TfResource, role: roles[roleId]!, policy: parsePolicy(policy.policy) };
}

describe("CodeBuildAction", () => {
  describe("in the pipeline's region", () => {
    let out: ReturnType<typeof buildPipeline>;
    beforeAll(() => {
      out = buildPipeline([[codebuild({ outputs: ["BuildOut"] })]]);
    });

    it("emits the CodeBuild Build type and exactly ProjectName, pointing at the created project", () => {
      const a = out.action("Build");
      const p = projectOf(out);
      expect(a).toMatchObject({
        category: "Build",
        owner: "AWS",
        provider: "CodeBuild",
        version: "1",
        input_artifacts: ["Source"],
        output_artifacts: ["BuildOut"],
      });
      expect(a.configuration).toEqual({ ProjectName: ref("aws_codebuild_project", p.id, "name") });
      expect(a.region).toBeUndefined();
      expect(a.role_arn).toBeUndefined();
    });

    it("creates the project <pipeline>-<action> with CODEPIPELINE source and artifacts and the defaults", () => {
      const p = projectOf(out);
      expect(p.body).toMatchObject({
        name: "service-build",
        encryption_key: STORE.keyArn,
        build_timeout: 60,
        source: { type: "CODEPIPELINE", buildspec: "buildspec.yml" },
        artifacts: { type: "CODEPIPELINE" },
        environment: {
          compute_type: "BUILD_GENERAL1_SMALL",
          image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
          type: "LINUX_CONTAINER",
          privileged_mode: false,
          image_pull_credentials_type: "CODEBUILD",
        },
      });
      expect(p.body.region).toBeUndefined();
      expect(p.body.build_batch_config).toBeUndefined();
      const logs = out.only("aws_cloudwatch_log_group");
      expect(logs.body).toMatchObject({ name: "/aws/codebuild/service-build", retention_in_days: 30 });
      expect(p.body.logs_config).toEqual({ cloudwatch_logs: { group_name: ref("aws_cloudwatch_log_group", logs.name, "name"), status: "ENABLED" } });
    });

    it("gives the project a role that only CodeBuild assumes, with its logs and the region's artifact store only", () => {
      const p = projectOf(out);
      expect(p.role.name).toBe("codebuild-service-build");
      expect(JSON.parse(p.role.assume_role_policy)).toEqual({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }],
      });
      expect(identityPairs(p.policy)).toEqual(
        [
          ...pairs(
            ["logs:CreateLogStream", "logs:PutLogEvents"],
            [`arn:aws:logs:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:log-group:/aws/codebuild/service-build:log-stream:*`],
          ),
          // Its pipeline's folder to read, its own output artifact's folder to write (CodePipeline's 20/10-character layout).
          ...pairs(["s3:GetObject", "s3:GetObjectVersion"], [`${STORE.bucketArn}/service/*`]),
          ...pairs(["s3:PutObject"], [`${STORE.bucketArn}/service/BuildOut/*`]),
          ...pairs(EXPECTED.bucket, [STORE.bucketArn]),
          ...pairs(EXPECTED.keyReadWrite, [STORE.keyArn]),
        ].sort(),
      );
    });

    it("grants the pipeline role StartBuild and BatchGetBuilds on exactly the project", () => {
      const got = identityPairs(out.rolePolicy).filter((p) => p.startsWith("codebuild:"));
      expect(got).toEqual(pairs(["codebuild:BatchGetBuilds", "codebuild:StartBuild"], [projectArn("service-build")]));
    });
  });

  it("only reads artifacts when it produces none, so a test cannot overwrite another execution's artifacts", () => {
    const out = buildPipeline([[codebuild({ category: "Test", outputs: [] })]]);
    const rolePairs = identityPairs(projectOf(out).policy);
    expect(rolePairs).toContain(`s3:GetObject ${STORE.bucketArn}/service/*`);
    expect(rolePairs.filter((x) => x.startsWith("s3:PutObject") || x.startsWith("kms:GenerateDataKey") || x.startsWith("kms:Encrypt"))).toEqual([]);
  });

  it("runs as a Test action", () => {
    expect(buildPipeline([[codebuild({ category: "Test" })]]).action("Build").category).toBe("Test");
  });

  it("runs in another region with that region's artifact store and a regional project", () => {
    const out = buildPipeline([[codebuild({ region: "us-east-1", outputs: ["Built"] })]], { artifactStores: stores("us-east-1") });
    expect(out.action("Build").region).toBe("us-east-1");
    const p = projectOf(out);
    expect(p.body).toMatchObject({ region: "us-east-1", encryption_key: EAST.keyArn });
    expect(out.only("aws_cloudwatch_log_group").body.region).toBe("us-east-1");
    const rolePairs = identityPairs(p.policy);
    expect(rolePairs).toEqual(expect.arrayContaining([`s3:PutObject ${EAST.bucketArn}/service/Built/*`, `kms:Decrypt ${EAST.keyArn}`]));
    expect(rolePairs.some((x) => x.includes(STORE.bucketArn) || x.includes(STORE.keyArn))).toBe(false);
    expect(rolePairs).toContain(`logs:PutLogEvents arn:aws:logs:us-east-1:${TOOLS_ACCOUNT}:log-group:/aws/codebuild/service-build:log-stream:*`);
    expect(identityPairs(out.rolePolicy)).toContain(`codebuild:StartBuild ${projectArn("service-build", "us-east-1")}`);
  });

  describe("artifact bounds", () => {
    it("needs at least one input", () => {
      expect(() => codebuild({ inputs: [] })).toThrow(/action "Build": CodeBuild takes 1 to 5 input artifact\(s\), got 0/);
    });
    it("takes at most five inputs", () => {
      expect(() => codebuild({ inputs: ["A", "B", "C", "D", "E", "F"], primarySource: "A" })).toThrow(/takes 1 to 5 input artifact\(s\), got 6/);
    });
    it("produces at most five outputs", () => {
      expect(() => codebuild({ outputs: ["A", "B", "C", "D", "E", "F"] })).toThrow(/produces 0 to 5 output artifact\(s\), got 6/);
    });
    it("accepts no outputs", () => {
      expect(buildPipeline([[codebuild()]]).action("Build").output_artifacts).toBeUndefined();
    });
  });

  it("runs with the pipeline role only: a roleArn is rejected", () => {
    expect(() => codebuild(loose({ roleArn: roleArn(TARGET_ACCOUNT_A, "codepipeline-action") }))).toThrow(
      /action "Build": CodeBuild actions run in the tools account with the pipeline role; remove roleArn/,
    );
  });

  describe("primary source", () => {
    const twoInputs = () =>
      buildPipeline([[codebuild({ actionName: "Other", outputs: ["Other"] })], [codebuild({ inputs: ["Source", "Other"], primarySource: "Other" })]]);

    it("names the primary source among several inputs", () => {
      const a = twoInputs().action("Build");
      expect(a.input_artifacts).toEqual(["Source", "Other"]);
      expect(a.configuration).toEqual({ ProjectName: expect.any(String), PrimarySource: "Other" });
    });
    it("is required with several inputs", () => {
      expect(() => codebuild({ inputs: ["Source", "Other"] })).toThrow(
        /action "Build": primarySource is required with several inputs; set it to one of Source, Other/,
      );
    });
    it("must be an input", () => {
      expect(() => codebuild({ primarySource: "Nope" })).toThrow(/action "Build": primarySource "Nope" is not an input; use one of Source/);
    });
  });

  describe("batch builds", () => {
    it("enables batch in the action and the project, with a batch role limited to this project", () => {
      const out = buildPipeline([
        [
          codebuild({
            batchEnabled: true,
            combineArtifacts: true,
            project: { buildspecFile: "b.yml", batchBuilds: { combineArtifacts: true, maximumBuildsAllowed: 10 } },
          }),
        ],
      ]);
      expect(out.action("Build").configuration).toEqual({ ProjectName: expect.any(String), BatchEnabled: "true", CombineArtifacts: "true" });
      const p = projectOf(out);
      expect(p.body.build_batch_config).toEqual({
        service_role: ref("aws_iam_role", Object.keys(out.resources("aws_iam_role"))[0]!, "arn"),
        combine_artifacts: true,
        restrictions: { maximum_builds_allowed: 10 },
      });
      expect(identityPairs(p.policy).filter((x) => x.startsWith("codebuild:"))).toEqual(
        pairs(["codebuild:RetryBuild", "codebuild:StartBuild", "codebuild:StopBuild"], [projectArn("service-build")]),
      );
      expect(identityPairs(out.rolePolicy).filter((x) => x.startsWith("codebuild:"))).toEqual(
        pairs(
          ["codebuild:BatchGetBuildBatches", "codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:StartBuildBatch"],
          [projectArn("service-build")],
        ),
      );
    });
    it("combineArtifacts needs batchEnabled", () => {
      expect(() => codebuild({ combineArtifacts: true })).toThrow(/action "Build": combineArtifacts needs batchEnabled: true/);
    });
    it("batchEnabled needs project.batchBuilds", () => {
      expect(() => codebuild({ batchEnabled: true })).toThrow(/action "Build": batchEnabled needs project.batchBuilds/);
    });
    it("rejects maximumBuildsAllowed below 1", () => {
      expect(() => codebuild({ project: { buildspecFile: "b.yml", batchBuilds: { maximumBuildsAllowed: 0 } } })).toThrow(
        /action "Build": project: batchBuilds.maximumBuildsAllowed: 0 must be a whole number from 1/,
      );
    });
  });

  describe("action environment variables", () => {
    const vars = [
      { name: "ENV", value: "#{variables.env}" },
      { name: "COMMIT", value: "#{SourceVars.CommitId}" },
      { name: "TOKEN", value: "/ci/token", type: "PARAMETER_STORE" as const },
    ];

    it("are JSON-encoded with their types into EnvironmentVariables", () => {
      const out = buildPipeline([[codebuild({ environmentVariables: vars })]], { variables: [{ name: "env", defaultValue: "dev" }] });
      expect(JSON.parse(out.action("Build").configuration.EnvironmentVariables)).toEqual([
        { name: "ENV", value: "#{variables.env}", type: "PLAINTEXT" },
        { name: "COMMIT", value: "#{SourceVars.CommitId}", type: "PLAINTEXT" },
        { name: "TOKEN", value: "/ci/token", type: "PARAMETER_STORE" },
      ]);
      expect(identityPairs(projectOf(out).policy)).toContain(`ssm:GetParameters arn:aws:ssm:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:parameter/ci/token`);
    });
    it("are checked by the pipeline: an undeclared pipeline variable fails", () => {
      expect(() => buildPipeline([[codebuild({ environmentVariables: vars })]])).toThrow(
        /uses #\{variables.env\}, but the pipeline declares no variable "env"/,
      );
    });
    it("are checked by the pipeline: an unknown source variable fails", () => {
      expect(() => buildPipeline([[codebuild({ environmentVariables: [{ name: "X", value: "#{SourceVars.Nope}" }] })]])).toThrow(
        /uses #\{SourceVars.Nope\}, but "Source" emits only/,
      );
    });
    it("must fit in 1000 characters", () => {
      const big = Array.from({ length: 20 }, (_, i) => ({ name: `V${i}`, value: "x".repeat(40) }));
      expect(() => codebuild({ environmentVariables: big })).toThrow(
        /action "Build": environmentVariables encode to \d+ characters, over CodePipeline's 1000-character limit/,
      );
    });
    it("take exactly 1000 characters of JSON and reject 1001", () => {
      const overhead = JSON.stringify([{ name: "V", value: "", type: "PLAINTEXT" }]).length;
      const vars = (length: number) => [{ name: "V", value: "x".repeat(length - overhead) }];
      const out = buildPipeline([[codebuild({ environmentVariables: vars(1000) })]]);
      expect(out.action("Build").configuration.EnvironmentVariables).toHaveLength(1000);
      expect(() => codebuild({ environmentVariables: vars(1001) })).toThrow(
        'action "Build": environmentVariables encode to 1001 characters, over CodePipeline\'s 1000-character limit',
      );
    });
    it("reject a variable reference as a parameter name", () => {
      expect(() => codebuild({ environmentVariables: [{ name: "P", value: "#{variables.p}", type: "PARAMETER_STORE" }] })).toThrow(
        /action "Build": environmentVariables: "P" is a PARAMETER_STORE variable, so its value must be a literal parameter or secret name/,
      );
    });
    it("reject names CodeBuild reserves, and duplicates", () => {
      expect(() => codebuild({ environmentVariables: [{ name: "CODEBUILD_X", value: "1" }] })).toThrow(
        /name "CODEBUILD_X" starts with "CODEBUILD_", which CodeBuild reserves/,
      );
      expect(() =>
        codebuild({
          environmentVariables: [
            { name: "A", value: "1" },
            { name: "A", value: "2" },
          ],
        }),
      ).toThrow(/"A" is listed twice/);
      expect(() => codebuild({ environmentVariables: [{ name: "1A", value: "1" }] })).toThrow(/name "1A" must start with a letter or "_"/);
    });
  });

  describe("exported variables", () => {
    const producer = () => codebuild({ namespace: "BuildVars", project: { buildspec: BUILDSPEC }, exportedVariables: ["IMAGE_TAG"] });
    const consumer = (value: string) => codebuild({ actionName: "Deploy", environmentVariables: [{ name: "TAG", value }] });

    it("are the action's output variables", () => {
      expect(producer().outputVariables()).toEqual(["IMAGE_TAG"]);
      expect(() => buildPipeline([[producer()], [consumer("#{BuildVars.IMAGE_TAG}")]])).not.toThrow();
    });
    it("catch references to undeclared variables", () => {
      expect(() => buildPipeline([[producer()], [consumer("#{BuildVars.OTHER}")]])).toThrow(/uses #\{BuildVars.OTHER\}, but "Build" emits only IMAGE_TAG/);
      const silent = codebuild({ namespace: "BuildVars" });
      expect(silent.outputVariables()).toEqual([]);
      expect(() => buildPipeline([[silent], [consumer("#{BuildVars.IMAGE_TAG}")]])).toThrow(/uses #\{BuildVars.IMAGE_TAG\}/);
    });
    it("must be exported by an inline buildspec", () => {
      expect(() => codebuild({ project: { buildspec: BUILDSPEC }, exportedVariables: ["IMAGE_TAG", "DIGEST"] })).toThrow(
        /action "Build": exportedVariables DIGEST are not exported by the inline buildspec; list them under env.exported-variables/,
      );
    });
    it("must be valid and unique names", () => {
      expect(() => codebuild({ exportedVariables: ["A-B"] })).toThrow(/exportedVariables "A-B" must start with a letter/);
      expect(() => codebuild({ exportedVariables: ["A", "A"] })).toThrow(/exportedVariables lists "A" twice/);
    });
  });

  describe("project spec", () => {
    it("passes the spec through: inline buildspec, compute, image, privileged, timeout, retention, variables", () => {
      const out = buildPipeline([
        [
          codebuild({
            project: {
              description: "builds the service",
              buildspec: BUILDSPEC,
              computeType: "BUILD_GENERAL1_LARGE",
              image: "aws/codebuild/amazonlinux-aarch64-standard:3.0",
              environmentType: "ARM_CONTAINER",
              privilegedMode: true,
              timeoutInMinutes: 120,
              logRetentionInDays: 90,
              environmentVariables: [
                { name: "STAGE", value: "prod" },
                { name: "DB", value: "db/creds:password", type: "SECRETS_MANAGER" },
                { name: "KEY", value: `arn:aws:secretsmanager:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:secret:api-key-AbCdEf:key::`, type: "SECRETS_MANAGER" },
                { name: "PARAM", value: "plain-param", type: "PARAMETER_STORE" },
              ],
              tags: { team: "platform" },
            },
          }),
        ],
      ]);
      const p = projectOf(out);
      expect(p.body).toMatchObject({
        description: "builds the service",
        build_timeout: 120,
        source: { type: "CODEPIPELINE", buildspec: BUILDSPEC },
        environment: {
          compute_type: "BUILD_GENERAL1_LARGE",
          image: "aws/codebuild/amazonlinux-aarch64-standard:3.0",
          type: "ARM_CONTAINER",
          privileged_mode: true,
          environment_variable: [
            { name: "STAGE", value: "prod", type: "PLAINTEXT" },
            { name: "DB", value: "db/creds:password", type: "SECRETS_MANAGER" },
            { name: "KEY", value: `arn:aws:secretsmanager:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:secret:api-key-AbCdEf:key::`, type: "SECRETS_MANAGER" },
            { name: "PARAM", value: "plain-param", type: "PARAMETER_STORE" },
          ],
        },
        tags: { team: "platform" },
      });
      expect(out.only("aws_cloudwatch_log_group").body.retention_in_days).toBe(90);
      const got = identityPairs(p.policy);
      expect(got.filter((x) => /^(ssm|secretsmanager):/.test(x))).toEqual([
        `secretsmanager:GetSecretValue arn:aws:secretsmanager:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:secret:api-key-AbCdEf`,
        `secretsmanager:GetSecretValue arn:aws:secretsmanager:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:secret:db/creds-??????`,
        `ssm:GetParameters arn:aws:ssm:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:parameter/plain-param`,
      ]);
    });

    it("grants UseConnection under the connection ARN's own service prefix (CODEBUILD_CLONE_REF inputs) and passes extra statements", () => {
      const repo = `arn:aws:ecr:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:repository/team/service`;
      const out = buildPipeline([
        [
          codebuild({
            project: {
              buildspecFile: "buildspec.yml",
              connectionArn: CONNECTION_ARN,
              extraStatements: [{ Effect: "Allow", Action: ["ecr:PutImage"], Resource: repo }],
            },
          }),
        ],
      ]);
      const got = identityPairs(projectOf(out).policy);
      expect(got).toEqual(expect.arrayContaining([`codeconnections:UseConnection ${CONNECTION_ARN}`, `ecr:PutImage ${repo}`]));
      // Developer Tools console guide, "Connections rename": the policy's prefix must match the resource's.
      expect(got).not.toContain(`codestar-connections:UseConnection ${CONNECTION_ARN}`);
    });

    const bad: Array<[string, CodeBuildActionProps["project"], RegExp]> = [
      ["neither buildspec nor buildspecFile", {}, /project: give exactly one of buildspec .* and buildspecFile .*, got neither/],
      ["both buildspec and buildspecFile", { buildspec: BUILDSPEC, buildspecFile: "b.yml" }, /give exactly one of buildspec .*, got both/],
      [
        "a file path as inline buildspec",
        { buildspec: "ci/buildspec.yml" },
        /buildspec must be the buildspec text with a "version" key; to use a file in the source, set buildspecFile/,
      ],
      ["an absolute buildspecFile", { buildspecFile: "/etc/buildspec.yml" }, /buildspecFile "\/etc\/buildspec.yml" must be a relative path/],
      [
        "an unknown compute type",
        { buildspecFile: "b.yml", computeType: loose("BUILD_GENERAL1_HUGE") },
        /computeType "BUILD_GENERAL1_HUGE" is not supported; use one of BUILD_GENERAL1_SMALL/,
      ],
      ["an unknown environment type", { buildspecFile: "b.yml", environmentType: loose("LINUX") }, /environmentType "LINUX" is not supported/],
      [
        "Lambda compute on a container",
        { buildspecFile: "b.yml", computeType: "BUILD_LAMBDA_2GB" },
        /computeType "BUILD_LAMBDA_2GB" does not fit environmentType "LINUX_CONTAINER"/,
      ],
      [
        "privileged mode on Lambda",
        { buildspecFile: "b.yml", computeType: "BUILD_LAMBDA_2GB", environmentType: "LINUX_LAMBDA_CONTAINER", privilegedMode: true },
        /privilegedMode is not available on Lambda compute/,
      ],
      [
        "a description over 255 characters",
        { buildspecFile: "b.yml", description: "d".repeat(256) },
        /description is 256 characters; CodeBuild allows at most 255/,
      ],
      ["an empty image", { buildspecFile: "b.yml", image: " " }, /image must not be empty/],
      ["a timeout under 5 minutes", { buildspecFile: "b.yml", timeoutInMinutes: 4 }, /project: timeoutInMinutes: 4 must be a whole number from 5 to 2160/],
      ["a timeout over 2160 minutes", { buildspecFile: "b.yml", timeoutInMinutes: 2161 }, /timeoutInMinutes: 2161 must be a whole number from 5 to 2160/],
      [
        "a retention CloudWatch does not offer",
        { buildspecFile: "b.yml", logRetentionInDays: 31 },
        /logRetentionInDays 31 is not a CloudWatch Logs retention; use one of 0, 1, 3/,
      ],
      ["a log key alias", { buildspecFile: "b.yml", logKmsKeyArn: "alias/logs" }, /logKmsKeyArn "alias\/logs" is not a KMS key ARN/],
      [
        "a bad connection ARN",
        { buildspecFile: "b.yml", connectionArn: "arn:aws:iam::111111111111:role/x" },
        /connectionArn ".*" is not a CodeConnections connection ARN/,
      ],
      [
        "an extra statement on every action",
        { buildspecFile: "b.yml", extraStatements: [{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::x" }] },
        /extraStatements allow action "\*"/,
      ],
      [
        "sts:AssumeRole on every role",
        { buildspecFile: "b.yml", extraStatements: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Resource: "*" }] },
        /extraStatements allow sts:AssumeRole on "\*"; name the role ARNs/,
      ],
      [
        "a project variable with a reserved name",
        { buildspecFile: "b.yml", environmentVariables: [{ name: "CODEBUILD_SRC", value: "x" }] },
        /project: environmentVariables: name "CODEBUILD_SRC"/,
      ],
    ];
    it.each(bad)("rejects %s", (_what, project, message) => {
      expect(() => codebuild({ project })).toThrow(message);
      expect(() => codebuild({ project })).toThrow(/^action "Build": project: /);
    });

    it("accepts Lambda compute on a Lambda environment", () => {
      const out = buildPipeline([
        [codebuild({ project: { buildspecFile: "b.yml", computeType: "BUILD_LAMBDA_2GB", environmentType: "ARM_LAMBDA_CONTAINER" } })],
      ]);
      expect(projectOf(out).body.environment).toMatchObject({ compute_type: "BUILD_LAMBDA_2GB", type: "ARM_LAMBDA_CONTAINER" });
    });
  });

  describe("project name", () => {
    it("lowercases <pipeline>-<action>, and replaces characters CodeBuild rejects, ending in a hash that keeps names distinct", () => {
      expect(codeBuildActionProjectName("My-Service", "Build")).toBe("my-service-build");
      expect(codeBuildActionProjectName("My.Service", "Build@Arm")).toMatch(/^my-service-build-arm-[0-9a-f]{8}$/);
      expect(codeBuildActionProjectName("My@Service", "Build.Arm")).toMatch(/^my-service-build-arm-[0-9a-f]{8}$/);
      expect(codeBuildActionProjectName("My@Service", "Build.Arm")).not.toBe(codeBuildActionProjectName("My.Service", "Build@Arm"));
      expect(codeBuildActionProjectName("_svc", "b")).toMatch(/^x_svc-b-[0-9a-f]{8}$/);
    });
    it("cuts long names to 150 characters, deterministically and distinctly", () => {
      const a = codeBuildActionProjectName("p".repeat(100), `${"a".repeat(99)}1`);
      const b = codeBuildActionProjectName("p".repeat(100), `${"a".repeat(99)}2`);
      expect(a).toHaveLength(150);
      expect(b).toHaveLength(150);
      expect(a).not.toBe(b);
      expect(codeBuildActionProjectName("p".repeat(100), `${"a".repeat(99)}1`)).toBe(a);
      expect(codeBuildRoleName(a)).toHaveLength(64);
      expect(buildPipeline([[codebuild({ actionName: `${"a".repeat(99)}1` })]], { pipelineName: "p".repeat(100) }).all().length).toBeGreaterThan(0);
    });
    it("fails clearly when two actions of a pipeline would share a project, and projectName resolves it", () => {
      const stages = (second: Partial<CodeBuildActionProps>) => [[codebuild()], [codebuild({ outputs: [], ...second })]];
      expect(() => buildPipeline(stages({}))).toThrow(
        /action "Build": CodeBuild project name "service-build" is already used by action "Build" of pipeline "service"; rename one of the actions or set projectName/,
      );
      const out = buildPipeline(stages({ projectName: "service-build-again" }));
      expect(
        Object.values(out.resources("aws_codebuild_project"))
          .map((p) => p.name)
          .sort(),
      ).toEqual(["service-build", "service-build-again"]);
    });
    it("rejects an invalid projectName", () => {
      expect(() => codebuild({ projectName: "has space" })).toThrow(/action "Build": projectName "has space" must be 2-150 letters/);
    });
    it("exposes the project after bind only", () => {
      const action = codebuild();
      expect(() => action.project).toThrow(/project is available only after the pipeline binds the action/);
      buildPipeline([[action]]);
      expect(action.project.projectArn).toBe(projectArn("service-build"));
      expect(action.project.roleArn).toBe(`arn:aws:iam::${TOOLS_ACCOUNT}:role/codebuild-service-build`);
    });
  });

  it("rejects a category other than Build or Test", () => {
    expect(() => codebuild({ category: loose("Deploy") })).toThrow(/action "Build": category "Deploy" must be "Build" or "Test"/);
  });

  describe("config schema", () => {
    const entry = {
      type: "codebuild",
      name: "Build",
      category: "Test",
      region: "us-east-1",
      inputs: ["Source"],
      outputs: ["BuildOut"],
      project: { buildspec: BUILDSPEC, computeType: "BUILD_GENERAL1_MEDIUM", batchBuilds: {} },
      batchEnabled: true,
      environmentVariables: [{ name: "COMMIT", value: "#{SourceVars.CommitId}" }],
      exportedVariables: ["IMAGE_TAG"],
    };

    it("parses an entry that spreads into the props and builds", () => {
      const { type: _type, name, ...rest } = codeBuildSchema.parse(entry);
      const out = buildPipeline([[new CodeBuildAction({ actionName: name, ...rest })]], { artifactStores: stores("us-east-1") });
      expect(out.action("Build")).toMatchObject({ category: "Test", region: "us-east-1", configuration: { BatchEnabled: "true" } });
    });
    it("rejects missing primarySource, a bad region, an account and a missing buildspec with useful messages", () => {
      const r = codeBuildSchema.safeParse({ ...entry, inputs: ["Source", "Other"], region: "us-east-9", account: "dev", project: {} });
      expect(r.success).toBe(false);
      const messages = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^region: "us-east-9" is not a known AWS region; did you mean "us-east-\d"\?/),
          expect.stringMatching(/account/),
        ]),
      );
      const r2 = codeBuildSchema.safeParse({ ...entry, inputs: ["Source", "Other"], project: {} });
      expect(r2.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(
        expect.arrayContaining([
          "project.buildspec: give exactly one of buildspec (inline text) and buildspecFile (a path in the source)",
          "primarySource: primarySource is required with several inputs; use one of Source, Other",
        ]),
      );
    });
    it("rejects combineArtifacts without batchEnabled and a bad log retention", () => {
      const r = codeBuildSchema.safeParse({
        ...entry,
        batchEnabled: false,
        combineArtifacts: true,
        project: { buildspecFile: "b.yml", logRetentionInDays: 31 },
      });
      expect(r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^project.logRetentionInDays: 31 is not a CloudWatch Logs retention/),
          "combineArtifacts: combineArtifacts needs batchEnabled: true",
        ]),
      );
    });
  });
});

describe("CodeBuildProject (standalone)", () => {
  const make = (overrides: Partial<ConstructorParameters<typeof CodeBuildProject>[2]> = {}) => {
    const stack = newStack();
    const project = new CodeBuildProject(stack, "p", {
      projectName: "lint",
      accountId: TOOLS_ACCOUNT,
      artifactStore: STORE,
      buildspecFile: "buildspec.yml",
      ...overrides,
    });
    return { project, out: synth(stack) };
  };

  it("synthesizes without a pipeline, with an optional KMS key on the log group and a custom role name", () => {
    const key = `arn:aws:kms:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:key/99999999-8888-7777-6666-555555555555`;
    const { project, out } = make({ logKmsKeyArn: key, roleName: "lint-build" });
    expect(out.only("aws_cloudwatch_log_group").body.kms_key_id).toBe(key);
    expect(out.only("aws_iam_role").body.name).toBe("lint-build");
    expect(project.roleArn).toBe(`arn:aws:iam::${TOOLS_ACCOUNT}:role/lint-build`);
    expect(out.only("aws_codebuild_project").body.depends_on).toEqual([`aws_iam_role_policy.${out.only("aws_iam_role_policy").name}`]);
  });

  it("rejects a region other than the artifact store's", () => {
    expect(() => make({ region: "us-east-1" })).toThrow(
      /artifactStore is in "eu-west-1" but the project in "us-east-1"; pass the artifact store of the project's region/,
    );
  });

  // Each limit at its edge: accepted (and emitted) at the limit, rejected one past it naming the field.
  it.each<[string, Partial<ConstructorParameters<typeof CodeBuildProject>[2]>, Partial<ConstructorParameters<typeof CodeBuildProject>[2]>, string]>([
    ["projectName (2 characters)", { projectName: "l1" }, { projectName: "l" }, 'CodeBuild project "l": projectName must be 2-150'],
    ["projectName (150 characters)", { projectName: `l${"1".repeat(149)}` }, { projectName: `l${"1".repeat(150)}` }, ": projectName must be 2-150"],
    [
      "description (255 characters)",
      { description: "d".repeat(255) },
      { description: "d".repeat(256) },
      ": description is 256 characters; CodeBuild allows at most 255",
    ],
    ["timeoutInMinutes (at least 5)", { timeoutInMinutes: 5 }, { timeoutInMinutes: 4 }, ": timeoutInMinutes: 4 must be a whole number from 5 to 2160"],
    ["timeoutInMinutes (2160)", { timeoutInMinutes: 2160 }, { timeoutInMinutes: 2161 }, ": timeoutInMinutes: 2161 must be a whole number from 5 to 2160"],
    [
      "logRetentionInDays (first allowed, 0)",
      { logRetentionInDays: 0 },
      { logRetentionInDays: -1 },
      ": logRetentionInDays -1 is not a CloudWatch Logs retention",
    ],
    [
      "logRetentionInDays (last allowed, 3653)",
      { logRetentionInDays: 3653 },
      { logRetentionInDays: 3654 },
      ": logRetentionInDays 3654 is not a CloudWatch Logs retention",
    ],
  ])("%s: accepted at the limit, rejected one past it", (_limit, at, past, message) => {
    const { out } = make(at);
    const body = out.only("aws_codebuild_project").body;
    expect([body.name, body.description, body.build_timeout, out.only("aws_cloudwatch_log_group").body.retention_in_days]).toEqual([
      at.projectName ?? "lint",
      at.description,
      at.timeoutInMinutes ?? 60,
      at.logRetentionInDays ?? 30,
    ]);
    expect(() => make(past)).toThrow(message);
  });

  it("rejects an invalid project name and account", () => {
    expect(() => make({ projectName: "-lint" })).toThrow(/CodeBuild project "-lint": projectName must be 2-150 letters/);
    expect(() => make({ accountId: "123" })).toThrow(/accountId: "123" is not a 12-digit AWS account id/);
  });
});

describe("the landing-zone schema and the CodeBuild module", () => {
  it("accept the same compute types", () => {
    expect(projectSchemaForDrift.shape.computeType.unwrap().options).toEqual([...MODULE_COMPUTE_TYPES]);
  });
});

describe("CODEBUILD_CLONE_REF inputs", () => {
  const repoArn = `arn:aws:codecommit:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:service`;
  const commit = (format: "CODE_ZIP" | "CODEBUILD_CLONE_REF") =>
    new CodeCommitSourceAction({ actionName: "Repo", repositoryName: "service", branchName: "main", output: "Source", outputArtifactFormat: format });

  it("gives the consuming build codecommit:GitPull on the repository, and the pipeline role GetRepository", () => {
    const out = buildPipeline([[codebuild()]], { sources: [commit("CODEBUILD_CLONE_REF")] });
    expect(identityPairs(projectOf(out).policy)).toContain(`codecommit:GitPull ${repoArn}`);
    expect(identityPairs(out.rolePolicy)).toContain(`codecommit:GetRepository ${repoArn}`);
  });

  it("gives nothing extra for a CODE_ZIP source", () => {
    const out = buildPipeline([[codebuild()]], { sources: [commit("CODE_ZIP")] });
    expect(identityPairs(projectOf(out).policy).filter((p) => p.startsWith("codecommit:"))).toEqual([]);
  });

  it("gives the consuming build the connection of a connection source", () => {
    const out = buildPipeline([[codebuild()]], { sources: [sourceAction({ outputArtifactFormat: "CODEBUILD_CLONE_REF" })] });
    expect(identityPairs(projectOf(out).policy).filter((p) => p.endsWith(CONNECTION_ARN)).length).toBeGreaterThan(0);
    const zip = buildPipeline([[codebuild()]], { sources: [sourceAction()] });
    expect(identityPairs(projectOf(zip).policy).filter((p) => p.endsWith(CONNECTION_ARN))).toEqual([]);
  });

  it("refuses a clone reference consumed by anything but CodeBuild", () => {
    const deploy = new S3DeployAction({ actionName: "Publish", input: "Source", bucketName: "acme-site", extract: true });
    expect(() => buildPipeline([[deploy]], { sources: [commit("CODEBUILD_CLONE_REF")] })).toThrow(
      /action "Publish" \(S3\) takes "Source", a CODEBUILD_CLONE_REF artifact of source "Repo" that only CodeBuild can clone; set that source's outputArtifactFormat to CODE_ZIP/,
    );
  });
});
