/**
 * AWS partitions: each has its own regions, IAM and ARN prefix (`arn:<partition>:...`), and an
 * account lives in exactly one, so a landing zone, its ARNs and its policies stay in one partition.
 * Pure data and string helpers (no cdktf): config/ validates with it, modules/ and the checks build
 * ARNs and principals with it.
 *
 * - ARN syntax per partition: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 *   ("arn:partition:service:region:account-id:..."; aws, aws-cn, aws-us-gov);
 *   GovCloud: https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html;
 *   China: https://docs.amazonaws.cn/en_us/general/latest/gr/ARNs.html (arn:aws-cn, cn-north-1, cn-northwest-1).
 * - Endpoints (and so kms:ViaService values, which name the endpoint): amazonaws.com, and
 *   amazonaws.com.cn in China: https://docs.amazonaws.cn/en_us/general/latest/gr/endpoints-arns.html
 * - Service principals keep the global form `<service>.amazonaws.com` in aws-cn and aws-us-gov too
 *   (IAM User Guide, "AWS service principals":
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services;
 *   a China role that trusts a `.amazonaws.com.cn` principal is rejected as "Invalid principal":
 *   https://github.com/terraform-aws-modules/terraform-aws-rds-aurora/issues/437).
 */

export type Partition = "aws" | "aws-us-gov" | "aws-cn";

export interface PartitionInfo {
  readonly id: Partition;
  readonly name: string;
  /** Region names of the partition, as the landing zone accepts them. */
  readonly regions: readonly string[];
  /** DNS suffix of the partition's service endpoints. */
  readonly dnsSuffix: string;
}

// Commercial regions: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
const COMMERCIAL_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
] as const;

// GovCloud: https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-endpoints.html (us-gov-west-1, us-gov-east-1)
const GOVCLOUD_REGIONS = ["us-gov-east-1", "us-gov-west-1"] as const;
// China: https://docs.amazonaws.cn/en_us/general/latest/gr/ARNs.html (Beijing cn-north-1, Ningxia cn-northwest-1)
const CHINA_REGIONS = ["cn-north-1", "cn-northwest-1"] as const;

export const PARTITIONS: readonly PartitionInfo[] = [
  { id: "aws", name: "AWS commercial", regions: COMMERCIAL_REGIONS, dnsSuffix: "amazonaws.com" },
  { id: "aws-us-gov", name: "AWS GovCloud (US)", regions: GOVCLOUD_REGIONS, dnsSuffix: "amazonaws.com" },
  { id: "aws-cn", name: "AWS China", regions: CHINA_REGIONS, dnsSuffix: "amazonaws.com.cn" },
];

/** Every region the landing zone accepts, all partitions. */
export const ALL_REGIONS = [...COMMERCIAL_REGIONS, ...GOVCLOUD_REGIONS, ...CHINA_REGIONS] as const;

export function partitionInfo(partition: Partition): PartitionInfo {
  return PARTITIONS.find((p) => p.id === partition)!;
}

/**
 * The partition of a region: by the tables above, else by the partitions' region-name prefixes
 * (`us-gov-`, `cn-`), so a region newer than the table still gets its partition's ARNs.
 */
export function partitionOfRegion(region: string): Partition {
  const known = PARTITIONS.find((p) => p.regions.includes(region));
  if (known) return known.id;
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/** The partition an ARN names (`arn:<partition>:...`), if the value is an ARN. */
export function partitionOfArn(arn: string): string | undefined {
  return /^arn:([^:]*):/.exec(arn)?.[1];
}

/** `arn:<partition>` for a region (or a partition). */
export function arnPrefix(regionOrPartition: string): string {
  const p = PARTITIONS.some((x) => x.id === regionOrPartition) ? regionOrPartition : partitionOfRegion(regionOrPartition);
  return `arn:${p}`;
}

/** The endpoint name of a service in a region, the value of `kms:ViaService`. */
export function serviceEndpoint(service: string, region: string): string {
  return `${service}.${region}.${partitionInfo(partitionOfRegion(region)).dnsSuffix}`;
}

/** `arn:<partition>:iam::<account>:role<path><name>` (partition given, or a region of it); path defaults to `/`. */
export function iamRoleArn(partition: string, accountId: string, roleName: string, path = "/"): string {
  return `${arnPrefix(partition)}:iam::${accountId}:role${path}${roleName}`;
}

/** `arn:<partition>:s3:::<bucket>[/<key>]` (partition given, or a region of it). */
export function s3Arn(partition: string, bucket: string, key?: string): string {
  return `${arnPrefix(partition)}:s3:::${bucket}${key === undefined ? "" : `/${key}`}`;
}

/** An AWS managed policy ARN, `arn:<partition>:iam::aws:policy/<path+name>` (partition given, or a region of it). */
export function awsManagedPolicyArn(partition: string, pathAndName: string): string {
  return `${arnPrefix(partition)}:iam::aws:policy/${pathAndName}`;
}
