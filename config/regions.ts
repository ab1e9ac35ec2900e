import { ALL_REGIONS, PARTITIONS, partitionInfo, partitionOfRegion, type Partition } from "../modules/shared/partition";

/**
 * Regions the landing zone accepts, in every partition it supports (commercial `aws`, GovCloud
 * `aws-us-gov`, China `aws-cn`); the tables and their sources are in modules/shared/partition.ts.
 * One landing zone lives in one partition: schema.ts checks every region and ARN of the file.
 */
export const AWS_REGIONS = ALL_REGIONS;

export type AwsRegion = (typeof AWS_REGIONS)[number];

export { PARTITIONS, partitionInfo, partitionOfRegion, type Partition };

const REGION_SET: ReadonlySet<string> = new Set(AWS_REGIONS);

export function isAwsRegion(value: string): value is AwsRegion {
  return REGION_SET.has(value);
}

/** Regions where the AWS Chatbot API is available: kept with the modules' AWS facts. */
export { CHATBOT_REGIONS } from "../modules/shared/service-facts";

/** The partition a landing zone lives in: its tools primary region's. */
export function landingZonePartition(lz: { readonly tools: { readonly primaryRegion: string } }): Partition {
  return partitionOfRegion(lz.tools.primaryRegion);
}

/**
 * Whether a region is a known one of the landing zone's partition. checkPartition (partition-check.ts)
 * reports every other region the file names, with its fix (use a region of this partition); other
 * checks give such a region no second problem and never offer it as a fix.
 */
export function isLandingZoneRegion(lz: { readonly tools: { readonly primaryRegion: string } }, region: string): boolean {
  return isAwsRegion(region) && partitionOfRegion(region) === landingZonePartition(lz);
}
