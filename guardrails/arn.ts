/** ARN pieces; see `parseArn`. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  /** Empty for global services (IAM, S3). */
  readonly region: string;
  /** 12 digits, `aws` for AWS managed IAM policies, empty for S3. */
  readonly account: string;
  readonly resource: string;
}

/** The pieces of an ARN; undefined for anything that is not one. */
export function parseArn(value: unknown): ArnParts | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^arn:(aws[\w-]*):([\w-]+):([\w-]*):(\d{12}|aws|\*)?:(.+)$/.exec(value);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4] ?? "", resource: m[5]! };
}

/**
 * Whether a resolved value still holds a reference that could not be followed. Stable placeholders
 * for create-time ids (`<stack:aws_kms_key.k>`) count as resolved: equal references compare equal.
 */
export function isUnresolved(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** Whether a resolved value is a string with no unfollowed reference left. */
export function isKnown(value: unknown): value is string {
  return typeof value === "string" && !isUnresolved(value);
}
