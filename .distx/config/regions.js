"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CHATBOT_REGIONS = exports.UNSUPPORTED_PARTITIONS = exports.AWS_REGIONS = void 0;
exports.unsupportedPartitionOf = unsupportedPartitionOf;
exports.isAwsRegion = isAwsRegion;
/**
 * Commercial AWS regions (partition `aws`) the landing zone accepts.
 * GovCloud and China use other partitions and ARN formats; they are deliberately not listed.
 */
exports.AWS_REGIONS = [
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
];
/**
 * Partitions other than the commercial one, by the prefix of their region names (AWS Fault
 * Isolation Boundaries whitepaper, "Partitions": China Regions are in aws-cn, GovCloud Regions in
 * aws-us-gov; each partition has its own IAM, and ARNs name the partition). The landing zone builds
 * ARNs and policies for the aws partition only, so a region of these is not a typo to correct.
 */
exports.UNSUPPORTED_PARTITIONS = [
    { regionPrefix: "us-gov-", partition: "aws-us-gov", name: "AWS GovCloud (US)" },
    { regionPrefix: "cn-", partition: "aws-cn", name: "AWS China" },
];
/** The unsupported partition a region name belongs to, if any. */
function unsupportedPartitionOf(region) {
    return exports.UNSUPPORTED_PARTITIONS.find((p) => region.startsWith(p.regionPrefix));
}
const REGION_SET = new Set(exports.AWS_REGIONS);
function isAwsRegion(value) {
    return REGION_SET.has(value);
}
/** Regions where the AWS Chatbot API (Slack channel configurations) is available. */
exports.CHATBOT_REGIONS = ["us-east-2", "us-west-2", "ap-southeast-1", "eu-west-1"];
