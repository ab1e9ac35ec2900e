"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseArn = parseArn;
exports.isUnresolved = isUnresolved;
exports.isKnown = isKnown;
/** The pieces of an ARN; undefined for anything that is not one. */
function parseArn(value) {
    if (typeof value !== "string")
        return undefined;
    const m = /^arn:(aws[\w-]*):([\w-]+):([\w-]*):(\d{12}|aws|\*)?:(.+)$/.exec(value);
    if (!m)
        return undefined;
    return { partition: m[1], service: m[2], region: m[3], account: m[4] ?? "", resource: m[5] };
}
/**
 * Whether a resolved value still holds a reference that could not be followed. Stable placeholders
 * for create-time ids (`<stack:aws_kms_key.k>`) count as resolved: equal references compare equal.
 */
function isUnresolved(value) {
    return typeof value === "string" && value.includes("${");
}
/** Whether a resolved value is a string with no unfollowed reference left. */
function isKnown(value) {
    return typeof value === "string" && !isUnresolved(value);
}
