import { z } from "zod";
import { isAwsRegion, landingZonePartition, partitionInfo, partitionOfRegion, type Partition } from "./regions";
import { quote } from "./primitives";

type Ctx = z.core.$RefinementCtx<unknown>;
type Path = (string | number)[];

const PARTITION_IDS: readonly string[] = ["aws", "aws-us-gov", "aws-cn"];

/**
 * One partition per landing zone, the one of `tools.primaryRegion`: accounts, IAM and ARNs do not
 * reach across partitions (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html),
 * so every region the file names (keys ending in "region"/"regions") and every ARN it holds must be
 * in it, including the region inside an ARN.
 */
export function checkPartition(lz: { readonly tools: { readonly primaryRegion: string } }, ctx: Ctx): void {
  const partition = landingZonePartition(lz);
  const info = partitionInfo(partition);
  const set = `this landing zone is in ${info.name} (${partition}), set by tools.primaryRegion ${quote(lz.tools.primaryRegion)}`;
  const regionFix = `use a region of ${partition} (${info.regions.join(", ")}); a landing zone spans one partition, so put the other partition's accounts in a landing zone of their own`;
  const visit = (value: unknown, path: Path, regionKey: boolean): void => {
    if (typeof value === "string") {
      if (regionKey && isAwsRegion(value) && partitionOfRegion(value) !== partition) {
        const other = partitionInfo(partitionOfRegion(value));
        ctx.addIssue({ code: "custom", path, input: value, message: `${quote(value)} is a region of ${other.name} (${other.id}), but ${set}; ${regionFix}` });
      } else if (value.startsWith("arn:")) {
        checkArn(value, path);
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i], regionKey));
    else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) if (k !== "$schema") visit(v, [...path, k], /regions?$/i.test(k));
    }
  };
  const checkArn = (arn: string, path: Path): void => {
    const [, arnPartition = "", , arnRegion = ""] = arn.split(":");
    if (arnPartition !== partition) {
      const known = PARTITION_IDS.includes(arnPartition)
        ? `an ARN of partition ${arnPartition}`
        : `not an ARN of a partition this landing zone supports (${PARTITION_IDS.join(", ")})`;
      const fixed = PARTITION_IDS.includes(arnPartition)
        ? `; write it as ${quote(`arn:${partition}:${arn.split(":").slice(2).join(":")}`)} if that resource exists in ${partition}`
        : "";
      ctx.addIssue({
        code: "custom",
        path,
        input: arn,
        message: `${quote(arn)} is ${known}, but ${set}: IAM in ${partition} cannot grant or use resources of another partition${fixed}`,
      });
    } else if (isAwsRegion(arnRegion) && partitionOfRegion(arnRegion) !== partition) {
      ctx.addIssue({
        code: "custom",
        path,
        input: arn,
        message: `${quote(arn)} names region ${arnRegion}, of ${partitionOfRegion(arnRegion)}, but ${set}; ${regionFix}`,
      });
    }
  };
  visit(lz, [], false);
}

interface Unavailable {
  readonly partition: Partition;
  /** Only in these regions of the partition; every region when absent. */
  readonly regions?: readonly string[];
  readonly what: string;
  readonly doc: string;
}

// What the landing zone can build that a partition lacks, each with the page that says so.
const CHINA_CODEPIPELINE: Unavailable = {
  partition: "aws-cn",
  what: "AWS CodePipeline is not available in the China Regions (Beijing, Ningxia)",
  doc: "https://docs.amazonaws.cn/en_us/aws/latest/userguide/codebuild.html",
};
const CHINA_NOTIFICATIONS: Unavailable = {
  partition: "aws-cn",
  what: "CodeStar Notifications (notification rules) are not available in the China Regions",
  doc: "https://docs.amazonaws.cn/en_us/codepipeline/latest/userguide/notification-rule-create.html",
};
const GOVCLOUD_CONNECTIONS: Unavailable = {
  partition: "aws-us-gov",
  regions: ["us-gov-west-1"],
  what: "CodeConnections (CodeStarSourceConnection source actions) is not available in AWS GovCloud (US-West)",
  doc: "https://docs.aws.amazon.com/codepipeline/latest/userguide/connections-gitlab-managed.html",
};
const GOVCLOUD_CODEBUILD_DOC = "https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/govcloud-acb.html";
const GOVCLOUD_ENVIRONMENTS: Readonly<Record<string, string>> = {
  ARM_CONTAINER: "ARM environment types",
  LINUX_GPU_CONTAINER: "Linux GPU environment types",
  WINDOWS_CONTAINER: "Windows images",
  WINDOWS_SERVER_2019_CONTAINER: "Windows images",
  WINDOWS_SERVER_2022_CONTAINER: "Windows images",
};

/** A feature the file uses that its partition does not offer: a load error with the page that says so. */
export function checkPartitionFeatures(
  lz: {
    readonly tools: { readonly primaryRegion: string };
    readonly pipelines: readonly { readonly notifications?: unknown; readonly stages: readonly { readonly actions: readonly object[] }[] }[];
    readonly externalPipelines: readonly unknown[];
    readonly customActionTypes: readonly unknown[];
  },
  ctx: Ctx,
): void {
  const partition = landingZonePartition(lz);
  const flag = (u: Unavailable, path: Path, input: unknown, fix: string, region?: string) => {
    if (u.partition !== partition || (u.regions && (region === undefined || !u.regions.includes(region)))) return;
    ctx.addIssue({ code: "custom", path, input, message: `${u.what} (${u.doc}); ${fix}` });
  };
  if (lz.pipelines.length)
    flag(CHINA_CODEPIPELINE, ["pipelines"], lz.pipelines.length, "remove the pipelines, or build them in a landing zone of another partition");
  if (lz.externalPipelines.length) flag(CHINA_CODEPIPELINE, ["externalPipelines"], lz.externalPipelines.length, "remove the external pipelines");
  if (lz.customActionTypes.length) flag(CHINA_CODEPIPELINE, ["customActionTypes"], lz.customActionTypes.length, "remove the custom action types");
  lz.pipelines.forEach((p, pi) => {
    if (p.notifications !== undefined)
      flag(CHINA_NOTIFICATIONS, ["pipelines", pi, "notifications"], p.notifications, "remove notifications, or use events with an sns target instead");
    p.stages.forEach((s, si) =>
      s.actions.forEach((entry, ai) => {
        const a = entry as {
          type?: string;
          region?: string;
          environmentType?: string;
          project?: { environmentType?: string; computeType?: string; batchBuilds?: unknown };
          batchEnabled?: boolean;
        };
        const at: Path = ["pipelines", pi, "stages", si, "actions", ai];
        const region = a.region ?? lz.tools.primaryRegion;
        if (a.type === "codestar-source")
          flag(
            GOVCLOUD_CONNECTIONS,
            [...at, "type"],
            a.type,
            "use an s3-source action, or make us-gov-east-1 the tools.primaryRegion, where the pipelines run",
            region,
          );
        if (a.type !== "codebuild" || !a.project || partition !== "aws-us-gov") return;
        const gov = (what: string, path: Path, input: unknown, fix: string) =>
          ctx.addIssue({
            code: "custom",
            path,
            input,
            message: `${what} are not available in AWS GovCloud (US) CodeBuild (${GOVCLOUD_CODEBUILD_DOC}); ${fix}`,
          });
        const env = a.project.environmentType;
        if (env !== undefined && GOVCLOUD_ENVIRONMENTS[env])
          gov(GOVCLOUD_ENVIRONMENTS[env]!, [...at, "project", "environmentType"], env, "use LINUX_CONTAINER");
        if (a.project.computeType === "BUILD_GENERAL1_2XLARGE")
          gov("2xlarge compute types", [...at, "project", "computeType"], a.project.computeType, "use BUILD_GENERAL1_XLARGE or smaller");
        if (a.project.batchBuilds !== undefined)
          gov("Batch builds (batch configuration)", [...at, "project", "batchBuilds"], a.project.batchBuilds, "remove batchBuilds (and batchEnabled)");
      }),
    );
  });
}
