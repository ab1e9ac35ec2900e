/** Region, ARN and name checks shared by the eventing, notification and audit modules. */
import { Token } from "cdktf";
export { denyInsecureTransport, KEY_ADMIN_ACTIONS, keyAdministration } from "../shared/policy";

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Throws unless `value` is a token or looks like an AWS region code. */
export function requireRegion(field: string, value: string): string {
  if (!Token.isUnresolved(value) && !REGION.test(value)) {
    throw new Error(`${field}: "${value}" is not an AWS region code such as eu-west-1`);
  }
  return value;
}

/**
 * Whether two regions are provably the same: equal literals, or the very same token. Two
 * different tokens cannot be compared before apply, so they count as different.
 */
export function sameRegion(a: string, b: string): boolean {
  return a === b;
}

/** Region of a literal ARN (`arn:<partition>:<service>:<region>:...`), undefined for tokens or global ARNs. */
export function arnRegion(arn: string): string | undefined {
  if (Token.isUnresolved(arn)) return undefined;
  const region = arn.split(":")[3];
  return region ? region : undefined;
}

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** Throws unless `value` is a token or an SNS topic ARN. */
export function requireTopicArn(field: string, value: string): string {
  if (!Token.isUnresolved(value) && !SNS_TOPIC_ARN.test(value)) {
    throw new Error(`${field}: "${value}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`);
  }
  return value;
}

/** Throws unless `value` is a token or a name of `min`-`max` characters matching `pattern`. */
export function requireName(field: string, value: string, pattern: RegExp, max: number, what: string): string {
  if (!Token.isUnresolved(value) && (!pattern.test(value) || value.length > max)) {
    throw new Error(`${field}: "${value}" is not a valid ${what}`);
  }
  return value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Throws on a malformed or repeated email address. */
export function requireEmails(field: string, emails: readonly string[]): readonly string[] {
  for (const email of emails) {
    if (!Token.isUnresolved(email) && !EMAIL.test(email)) throw new Error(`${field}: "${email}" is not an email address`);
  }
  if (new Set(emails).size !== emails.length) throw new Error(`${field}: an address is listed twice; list each once`);
  return emails;
}
