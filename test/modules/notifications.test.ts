import { CHATBOT_REGIONS as CONFIG_CHATBOT_REGIONS } from "../../config/regions";
import { CHATBOT_REGIONS as MODULE_CHATBOT_REGIONS } from "../../modules/notifications";
import { TerraformOutput } from "cdktf";
import {
  AlarmTopic,
  CHATBOT_DEFAULT_GUARDRAIL_POLICY_ARN,
  DEFAULT_PIPELINE_EVENT_TYPE_IDS,
  PIPELINE_EVENT_TYPE_IDS,
  PipelineFailureAlarm,
  PipelineNotifications,
  type AlarmTopicProps,
  type PipelineEventTypeId,
  type PipelineNotificationsProps,
} from "../../modules/notifications";
import { list, newStack, parsePolicy, ref, roleArn, rootArn, sorted, synth, TOOLS_ACCOUNT, type PolicyDoc, type Statement, type Synthesized } from "./helpers";

const REGION = "eu-west-1";
const ADMIN = roleArn(TOOLS_ACCOUNT, "terraform-deploy");
const PIPELINE_A = `arn:aws:codepipeline:${REGION}:${TOOLS_ACCOUNT}:release`;
const PIPELINE_B = `arn:aws:codepipeline:${REGION}:${TOOLS_ACCOUNT}:infra.main`;

const alarmProps = (o: Partial<AlarmTopicProps> = {}): AlarmTopicProps => ({
  topicName: "alarms",
  region: REGION,
  accountId: TOOLS_ACCOUNT,
  keyAdministratorArns: [ADMIN],
  ...o,
});

const notificationProps = (o: Partial<PipelineNotificationsProps> = {}): PipelineNotificationsProps => ({
  name: "lz",
  region: REGION,
  accountId: TOOLS_ACCOUNT,
  keyAdministratorArns: [ADMIN],
  pipelineArns: [PIPELINE_A, PIPELINE_B],
  ...o,
});

const allowsFor = (doc: PolicyDoc, service: string): Statement[] =>
  doc.Statement.filter((s) => s.Effect === "Allow" && typeof s.Principal === "object" && list(s.Principal.Service).includes(service));

function noStarPrincipal(out: Synthesized): void {
  const docs = [
    ...Object.values(out.resources("aws_kms_key")).map((b) => parsePolicy(b.policy)),
    ...Object.values(out.resources("aws_sns_topic_policy")).map((b) => parsePolicy(b.policy)),
    ...Object.values(out.resources("aws_iam_role")).map((b) => parsePolicy(b.assume_role_policy)),
  ];
  expect(docs.length).toBeGreaterThan(0);
  for (const doc of docs) {
    for (const s of doc.Statement.filter((x) => x.Effect === "Allow")) {
      expect(s.Principal === "*" || (typeof s.Principal === "object" && list(s.Principal.AWS).includes("*"))).toBe(false);
    }
  }
}

describe("AlarmTopic", () => {
  let out: Synthesized;
  let topic: AlarmTopic;
  beforeAll(() => {
    const stack = newStack();
    topic = new AlarmTopic(stack, "alarms", alarmProps({ emailSubscriptions: ["ops@example.com"] }));
    new TerraformOutput(stack, "topic_arn", { value: topic.topicArn });
    out = synth(stack);
  });
  const fromAlarms = {
    StringEquals: { "aws:SourceAccount": TOOLS_ACCOUNT },
    ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${TOOLS_ACCOUNT}:alarm:*` },
  };

  it("is encrypted with its own rotating CMK, in its region", () => {
    const key = out.only("aws_kms_key");
    const t = out.only("aws_sns_topic").body;
    expect(t).toMatchObject({ name: "alarms", region: REGION, kms_master_key_id: ref("aws_kms_key", key.name, "arn") });
    expect(key.body.enable_key_rotation).toBe(true);
    expect(out.json.output).toEqual({ topic_arn: { value: ref("aws_sns_topic", out.only("aws_sns_topic").name, "arn") } });
  });

  it("lets cloudwatch.amazonaws.com use the key only for alarms of this account (aws:SourceAccount, aws:SourceArn)", () => {
    const doc = parsePolicy(out.only("aws_kms_key").body.policy);
    const cw = allowsFor(doc, "cloudwatch.amazonaws.com");
    expect(cw).toHaveLength(1);
    expect(sorted(list(cw[0]!.Action))).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    expect(cw[0]!.Condition).toEqual(fromAlarms);
    const admin = doc.Statement.filter((s) => s.Sid?.startsWith("KeyAdministration"));
    expect(admin.map((s) => [s.Principal, s.Condition])).toEqual([[{ AWS: rootArn(TOOLS_ACCOUNT) }, { ArnEquals: { "aws:PrincipalArn": [ADMIN] } }]]);
    expect(doc.Statement).toHaveLength(2);
  });

  it("lets cloudwatch.amazonaws.com publish only with aws:SourceAccount, and denies non-TLS", () => {
    const doc = parsePolicy(out.only("aws_sns_topic_policy").body.policy);
    const topicArn = ref("aws_sns_topic", out.only("aws_sns_topic").name, "arn");
    expect(allowsFor(doc, "cloudwatch.amazonaws.com")).toEqual([
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: fromAlarms,
      },
    ]);
    expect(doc.Statement.filter((s) => s.Effect === "Deny")).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:*",
        Resource: topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    noStarPrincipal(out);
  });

  it("subscribes the email addresses", () => {
    expect(Object.values(out.resources("aws_sns_topic_subscription"))).toEqual([
      { region: REGION, topic_arn: ref("aws_sns_topic", out.only("aws_sns_topic").name, "arn"), protocol: "email", endpoint: "ops@example.com" },
    ]);
  });

  describe("validation", () => {
    const build = (o: Partial<AlarmTopicProps>) => () => new AlarmTopic(newStack(), "t", alarmProps(o));
    it("rejects bad names, regions, accounts, emails, administrators and deletion windows", () => {
      expect(build({ topicName: "alarms.fifo" })).toThrow(/^topicName: /);
      expect(build({ region: "EU" })).toThrow(/^region: /);
      expect(build({ accountId: "1" })).toThrow(/^accountId: /);
      expect(build({ emailSubscriptions: ["x"] })).toThrow(/^emailSubscriptions: /);
      expect(build({ keyAdministratorArns: [] })).toThrow(/^keyAdministratorArns: /);
      expect(build({ keyDeletionWindowDays: 31 })).toThrow(/^keyDeletionWindowDays: /);
    });

    // At the limit accepted (and emitted), one past it rejected naming the field.
    it("topicName: 256 characters accepted, 257 rejected; keyDeletionWindowDays 7 and 30 accepted, 6 rejected", () => {
      const topic = (o: Partial<AlarmTopicProps>) => {
        const stack = newStack();
        new AlarmTopic(stack, "t", alarmProps(o));
        const synthesized = synth(stack);
        return [synthesized.only("aws_sns_topic").body.name, synthesized.only("aws_kms_key").body.deletion_window_in_days];
      };
      expect(topic({ topicName: "t".repeat(256), keyDeletionWindowDays: 7 })).toEqual(["t".repeat(256), 7]);
      expect(topic({ keyDeletionWindowDays: 30 })).toEqual(["alarms", 30]);
      expect(build({ topicName: "t".repeat(257) })).toThrow(/^topicName: /);
      expect(build({ keyDeletionWindowDays: 6 })).toThrow("keyDeletionWindowDays: 6 must be a whole number from 7 to 30");
    });
  });
});

describe("PipelineNotifications", () => {
  let out: Synthesized;
  beforeAll(() => {
    const stack = newStack();
    new PipelineNotifications(stack, "n", notificationProps({ slackWorkspaceId: "T0123ABCD", slackChannelId: "C0123ABCD" }));
    out = synth(stack);
  });
  const topicArn = () => ref("aws_sns_topic", out.only("aws_sns_topic").name, "arn");

  it("creates one notification rule per pipeline, with the default event types, to its topic", () => {
    const rules = Object.values(out.resources("aws_codestarnotifications_notification_rule"));
    // "infra.main": rule names take no "." (or "@"), so it is replaced and the name ends in a hash.
    expect(rules.map((r) => [r.name, r.resource])).toEqual([
      ["lz-release", PIPELINE_A],
      [expect.stringMatching(/^lz-infra-main-[0-9a-f]{8}$/), PIPELINE_B],
    ]);
    for (const r of rules) {
      expect(r).toMatchObject({ region: REGION, detail_type: "FULL", status: "ENABLED", target: [{ address: topicArn(), type: "SNS" }] });
      expect(sorted(r.event_type_ids)).toEqual(
        sorted([
          "codepipeline-pipeline-pipeline-execution-failed",
          "codepipeline-pipeline-pipeline-execution-succeeded",
          "codepipeline-pipeline-pipeline-execution-superseded",
          "codepipeline-pipeline-pipeline-execution-canceled",
          "codepipeline-pipeline-manual-approval-needed",
        ]),
      );
      expect(r.depends_on).toEqual([`aws_sns_topic_policy.${out.only("aws_sns_topic_policy").name}`]);
    }
    expect(DEFAULT_PIPELINE_EVENT_TYPE_IDS.every((e) => (PIPELINE_EVENT_TYPE_IDS as readonly string[]).includes(e))).toBe(true);
  });

  it("lets codestar-notifications.amazonaws.com publish only with aws:SourceAccount, and denies non-TLS", () => {
    const doc = parsePolicy(out.only("aws_sns_topic_policy").body.policy);
    expect(allowsFor(doc, "codestar-notifications.amazonaws.com")).toEqual([
      {
        Sid: "CodeStarNotificationsPublish",
        Effect: "Allow",
        Principal: { Service: "codestar-notifications.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn(),
        Condition: { StringEquals: { "aws:SourceAccount": TOOLS_ACCOUNT } },
      },
    ]);
    expect(doc.Statement.filter((s) => s.Effect === "Deny").map((s) => s.Condition)).toEqual([{ Bool: { "aws:SecureTransport": "false" } }]);
    expect(doc.Statement).toHaveLength(2);
  });

  it("lets codestar-notifications.amazonaws.com use the topic's rotating CMK only through SNS in this region", () => {
    const key = out.only("aws_kms_key");
    expect(out.only("aws_sns_topic").body.kms_master_key_id).toBe(ref("aws_kms_key", key.name, "arn"));
    expect(key.body.enable_key_rotation).toBe(true);
    const cs = allowsFor(parsePolicy(key.body.policy), "codestar-notifications.amazonaws.com");
    expect(cs.map((s) => [sorted(list(s.Action)), s.Condition])).toEqual([
      [["kms:Decrypt", "kms:GenerateDataKey*"], { StringEquals: { "kms:ViaService": `sns.${REGION}.amazonaws.com` } }],
    ]);
  });

  it("adds a Slack channel through a Chatbot role that may only read CloudWatch, capped by a read-only guardrail", () => {
    const role = out.only("aws_iam_role");
    expect(role.body.name).toBe("lz-chatbot");
    expect(parsePolicy(role.body.assume_role_policy).Statement).toEqual([
      { Sid: "Chatbot", Effect: "Allow", Principal: { Service: "chatbot.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const inline = out.only("aws_iam_role_policy").body;
    expect(inline.role).toBe(ref("aws_iam_role", role.name, "name"));
    expect(parsePolicy(inline.policy).Statement).toEqual([
      { Effect: "Allow", Action: ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"], Resource: "*" },
    ]);
    expect(Object.keys(out.resources("aws_iam_role_policy_attachment"))).toEqual([]);
    const slack = out.only("aws_chatbot_slack_channel_configuration").body;
    expect(slack).toMatchObject({
      configuration_name: "lz-pipelines",
      iam_role_arn: ref("aws_iam_role", role.name, "arn"),
      slack_team_id: "T0123ABCD",
      slack_channel_id: "C0123ABCD",
      sns_topic_arns: [topicArn()],
      guardrail_policy_arns: [CHATBOT_DEFAULT_GUARDRAIL_POLICY_ARN],
    });
    expect(CHATBOT_DEFAULT_GUARDRAIL_POLICY_ARN).toBe("arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess");
    noStarPrincipal(out);
  });

  it("has no Chatbot resources without Slack ids, and takes event types and detail type", () => {
    const stack = newStack();
    new PipelineNotifications(
      stack,
      "n",
      notificationProps({ pipelineArns: [PIPELINE_A], eventTypeIds: ["codepipeline-pipeline-stage-execution-failed"], detailType: "BASIC" }),
    );
    const o = synth(stack);
    expect(Object.keys(o.resources("aws_chatbot_slack_channel_configuration"))).toEqual([]);
    expect(Object.keys(o.resources("aws_iam_role"))).toEqual([]);
    expect(o.only("aws_codestarnotifications_notification_rule").body).toMatchObject({
      detail_type: "BASIC",
      event_type_ids: ["codepipeline-pipeline-stage-execution-failed"],
    });
  });

  describe("validation", () => {
    const build = (o: Partial<PipelineNotificationsProps>) => () => new PipelineNotifications(newStack(), "n", notificationProps(o));

    it("rejects a lone Slack id and malformed Slack ids", () => {
      expect(build({ slackWorkspaceId: "T0123ABCD" })).toThrow(/^slackWorkspaceId\/slackChannelId: set both/);
      expect(build({ slackChannelId: "C0123ABCD" })).toThrow(/^slackWorkspaceId\/slackChannelId: set both/);
      expect(build({ slackWorkspaceId: "t-lower", slackChannelId: "C1" })).toThrow(/^slackWorkspaceId: /);
      expect(build({ slackWorkspaceId: "T1", slackChannelId: "#releases" })).toThrow(/^slackChannelId: /);
    });

    it("rejects unknown event types and an empty list", () => {
      expect(build({ eventTypeIds: ["codepipeline-pipeline-exploded" as PipelineEventTypeId] })).toThrow(/^eventTypeIds: "codepipeline-pipeline-exploded"/);
      expect(build({ eventTypeIds: [] })).toThrow(/^eventTypeIds: give at least one/);
    });

    it("rejects bad, repeated, missing and foreign-region pipelines", () => {
      expect(build({ pipelineArns: [] })).toThrow(/^pipelineArns: give at least one/);
      expect(build({ pipelineArns: [PIPELINE_A, PIPELINE_A] })).toThrow(/^pipelineArns: .*twice/);
      expect(build({ pipelineArns: ["release"] })).toThrow(/^pipelineArns\[0\]: "release" is not a pipeline ARN/);
      expect(build({ pipelineArns: [PIPELINE_A.replace(REGION, "us-east-1")] })).toThrow(/^pipelineArns\[0\]: the pipeline is in us-east-1/);
    });

    it("fits rule names of long pipeline names into 64 characters, distinctly", () => {
      const pipeline = (n: string) => `arn:aws:codepipeline:${REGION}:${TOOLS_ACCOUNT}:${n}`;
      const stack = newStack();
      new PipelineNotifications(
        stack,
        "n",
        notificationProps({ name: "n".repeat(40), pipelineArns: [pipeline(`${"p".repeat(99)}1`), pipeline(`${"p".repeat(99)}2`), pipeline("a.b@c")] }),
      );
      const names = Object.values(synth(stack).resources("aws_codestarnotifications_notification_rule")).map((r) => String(r.name));
      expect(names.every((n) => n.length <= 64 && /^[A-Za-z0-9 _-]+$/.test(n))).toBe(true);
      expect(new Set(names).size).toBe(3);
    });

    it("rejects a bad detail type, name prefix and guardrails", () => {
      expect(build({ detailType: "VERBOSE" as "FULL" })).toThrow(/^detailType: /);
      expect(build({ name: "has space" })).toThrow(/^name: /);
      expect(build({ chatbotGuardrailPolicyArns: ["ReadOnlyAccess"] })).toThrow(/^chatbotGuardrailPolicyArns: "ReadOnlyAccess" is not/);
      expect(build({ chatbotGuardrailPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] })).toThrow(
        /^chatbotGuardrailPolicyArns: AdministratorAccess/,
      );
    });

    // At the limit accepted (and emitted), one past it rejected naming the field.
    it("name prefix: 40 characters accepted, 41 rejected", () => {
      const stack = newStack();
      new PipelineNotifications(stack, "n", notificationProps({ name: "n".repeat(40), pipelineArns: [PIPELINE_A] }));
      expect(synth(stack).only("aws_sns_topic").body.name).toBe(`${"n".repeat(40)}-pipeline-notifications`);
      expect(build({ name: "n".repeat(41) })).toThrow(/^name: /);
    });

    it("Slack ids: 255 characters accepted, 256 rejected", () => {
      const team = "T".repeat(255);
      const channel = "C".repeat(255);
      const stack = newStack();
      new PipelineNotifications(stack, "n", notificationProps({ slackWorkspaceId: team, slackChannelId: channel }));
      expect(synth(stack).only("aws_chatbot_slack_channel_configuration").body).toMatchObject({ slack_team_id: team, slack_channel_id: channel });
      expect(build({ slackWorkspaceId: `${team}T`, slackChannelId: "C1" })).toThrow(/^slackWorkspaceId: /);
      expect(build({ slackWorkspaceId: "T1", slackChannelId: `${channel}C` })).toThrow(/^slackChannelId: /);
    });

    it("rejects a bad region, account and administrators", () => {
      expect(build({ region: "x" })).toThrow(/^region: /);
      expect(build({ accountId: "x" })).toThrow(/^accountId: /);
      expect(build({ keyAdministratorArns: [] })).toThrow(/^keyAdministratorArns: /);
    });
  });
});

describe("Chatbot regions", () => {
  it("are one list, shared by the landing-zone schema and the module", () => {
    expect(CONFIG_CHATBOT_REGIONS).toBe(MODULE_CHATBOT_REGIONS);
  });
});

describe("PipelineNotifications Chatbot region", () => {
  const slack = { slackWorkspaceId: "T0123ABCD", slackChannelId: "C0123ABCD" };
  it("puts the channel in the chatbotRegion, and rejects a region without the Chatbot API", () => {
    const stack = newStack();
    new PipelineNotifications(
      stack,
      "n",
      notificationProps({
        ...slack,
        region: "eu-central-1",
        chatbotRegion: "eu-west-1",
        pipelineArns: ["arn:aws:codepipeline:eu-central-1:111111111111:release"],
      }),
    );
    expect(synth(stack).only("aws_chatbot_slack_channel_configuration").body.region).toBe("eu-west-1");
    expect(
      () =>
        new PipelineNotifications(
          newStack(),
          "n",
          notificationProps({ ...slack, region: "eu-central-1", pipelineArns: ["arn:aws:codepipeline:eu-central-1:111111111111:release"] }),
        ),
    ).toThrow('chatbotRegion: AWS Chatbot is not available in "eu-central-1"; set chatbotRegion to one of us-east-2, us-west-2, ap-southeast-1, eu-west-1');
  });
});

describe("PipelineFailureAlarm", () => {
  const TOPIC = `arn:aws:sns:${REGION}:${TOOLS_ACCOUNT}:alarms`;
  const alarm = (alarmName?: string) => {
    const stack = newStack();
    new PipelineFailureAlarm(stack, "f", { pipelineName: "release", region: REGION, alarmTopicArn: TOPIC, ...(alarmName !== undefined ? { alarmName } : {}) });
    return synth(stack).only("aws_cloudwatch_metric_alarm").body;
  };

  it("alarms on FailedPipelineExecutions of the pipeline, named after it unless told", () => {
    expect(alarm()).toMatchObject({
      alarm_name: "release-failed-executions",
      metric_name: "FailedPipelineExecutions",
      dimensions: { PipelineName: "release" },
    });
    expect(alarm("acme-release-failed-executions").alarm_name).toBe("acme-release-failed-executions");
  });

  it("takes an alarm name of 1 and of 255 characters (one past each is rejected below)", () => {
    expect([alarm("a").alarm_name, alarm("a".repeat(255)).alarm_name]).toEqual(["a", "a".repeat(255)]);
  });

  it("rejects an alarm name CloudWatch would not take", () => {
    expect(() => alarm("")).toThrow('alarmName: "" must be 1-255 characters');
    expect(() => alarm("a".repeat(256))).toThrow(/alarmName: "a+" must be 1-255 characters/);
  });
});
