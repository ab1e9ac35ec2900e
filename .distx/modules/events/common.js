"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.keyAdministration = exports.KEY_ADMIN_ACTIONS = exports.denyInsecureTransport = void 0;
exports.requireRegion = requireRegion;
exports.sameRegion = sameRegion;
exports.arnRegion = arnRegion;
exports.requireTopicArn = requireTopicArn;
exports.requireName = requireName;
exports.requireEmails = requireEmails;
/** Region, ARN and name checks shared by the eventing, notification and audit modules. */
const cdktf_1 = require("cdktf");
var policy_1 = require("../shared/policy");
Object.defineProperty(exports, "denyInsecureTransport", { enumerable: true, get: function () { return policy_1.denyInsecureTransport; } });
Object.defineProperty(exports, "KEY_ADMIN_ACTIONS", { enumerable: true, get: function () { return policy_1.KEY_ADMIN_ACTIONS; } });
Object.defineProperty(exports, "keyAdministration", { enumerable: true, get: function () { return policy_1.keyAdministration; } });
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Throws unless `value` is a token or looks like an AWS region code. */
function requireRegion(field, value) {
    if (!cdktf_1.Token.isUnresolved(value) && !REGION.test(value)) {
        throw new Error(`${field}: "${value}" is not an AWS region code such as eu-west-1`);
    }
    return value;
}
/**
 * Whether two regions are provably the same: equal literals, or the very same token. Two
 * different tokens cannot be compared before apply, so they count as different.
 */
function sameRegion(a, b) {
    return a === b;
}
/** Region of a literal ARN (`arn:<partition>:<service>:<region>:...`), undefined for tokens or global ARNs. */
function arnRegion(arn) {
    if (cdktf_1.Token.isUnresolved(arn))
        return undefined;
    const region = arn.split(":")[3];
    return region ? region : undefined;
}
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
/** Throws unless `value` is a token or an SNS topic ARN. */
function requireTopicArn(field, value) {
    if (!cdktf_1.Token.isUnresolved(value) && !SNS_TOPIC_ARN.test(value)) {
        throw new Error(`${field}: "${value}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`);
    }
    return value;
}
/** Throws unless `value` is a token or a name of `min`-`max` characters matching `pattern`. */
function requireName(field, value, pattern, max, what) {
    if (!cdktf_1.Token.isUnresolved(value) && (!pattern.test(value) || value.length > max)) {
        throw new Error(`${field}: "${value}" is not a valid ${what}`);
    }
    return value;
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Throws on a malformed or repeated email address. */
function requireEmails(field, emails) {
    for (const email of emails) {
        if (!cdktf_1.Token.isUnresolved(email) && !EMAIL.test(email))
            throw new Error(`${field}: "${email}" is not an email address`);
    }
    if (new Set(emails).size !== emails.length)
        throw new Error(`${field}: an address is listed twice; list each once`);
    return emails;
}
