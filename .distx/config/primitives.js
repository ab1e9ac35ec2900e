"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.name = exports.roleName = exports.tagMap = exports.regionList = exports.region = exports.accountId = exports.BUCKET = exports.POLICY_ARN = exports.ROLE_ARN = exports.ROLE_NAME = exports.NAME = exports.ACCOUNT_ID = exports.quote = void 0;
const zod_1 = require("zod");
const regions_1 = require("./regions");
const suggest_1 = require("./suggest");
// Messages quote the offending value and say how to fix it; load.ts prefixes the JSON path.
const quote = (value) => JSON.stringify(value) ?? String(value);
exports.quote = quote;
exports.ACCOUNT_ID = /^\d{12}$/;
exports.NAME = /^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])?$/;
exports.ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
exports.ROLE_ARN = /^arn:aws:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
exports.POLICY_ARN = /^arn:aws:iam::(?:aws|\d{12}):policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
exports.BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
exports.accountId = zod_1.z
    .string({ error: (i) => `${(0, exports.quote)(i.input)} is not a 12-digit AWS account id; write it as a string of 12 digits` })
    .regex(exports.ACCOUNT_ID, { error: (i) => `${(0, exports.quote)(i.input)} is not a 12-digit AWS account id; write it as a string of 12 digits` })
    .describe("12-digit AWS account id, as a string.");
// An enum so the generated JSON Schema lets editors complete region names; widened to string for callers.
exports.region = zod_1.z
    .enum(regions_1.AWS_REGIONS, {
    error: (i) => {
        if (typeof i.input !== "string")
            return `${(0, exports.quote)(i.input)} is not an AWS region name such as "eu-west-1"`;
        const other = (0, regions_1.unsupportedPartitionOf)(i.input);
        if (other) {
            return `${(0, exports.quote)(i.input)} is a region of the ${other.name} partition (${other.partition}), which this landing zone does not support yet: it builds ARNs and policies for the commercial partition (aws) only; use commercial regions`;
        }
        const guess = (0, suggest_1.closest)(i.input, regions_1.AWS_REGIONS);
        const hint = guess ? `did you mean "${guess}"?` : `use one of ${regions_1.AWS_REGIONS.join(", ")}`;
        return `${(0, exports.quote)(i.input)} is not a known AWS region; ${hint}`;
    },
})
    .transform((r) => r)
    .describe("AWS region name (commercial partition), e.g. eu-west-1.");
const regionList = (what) => zod_1.z
    .array(exports.region, { error: (i) => `${(0, exports.quote)(i.input)} is not a list of regions; write ["eu-west-1", ...]` })
    .superRefine((regions, ctx) => {
    const seen = new Map();
    regions.forEach((r, index) => {
        const first = seen.get(r);
        if (first !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: [index],
                input: r,
                message: `region ${(0, exports.quote)(r)} is listed twice (also at index ${first}); list each ${what} region once`,
            });
        }
        else {
            seen.set(r, index);
        }
    });
});
exports.regionList = regionList;
exports.tagMap = zod_1.z
    .record(zod_1.z
    .string()
    .min(1, { error: "tag keys must not be empty" })
    .max(128, { error: (i) => `tag key ${(0, exports.quote)(i.input)} is longer than 128 characters; shorten it` })
    .refine((k) => !k.toLowerCase().startsWith("aws:"), {
    error: (i) => `tag key ${(0, exports.quote)(i.input)} uses the reserved "aws:" prefix; choose another key`,
}), zod_1.z.string({ error: (i) => `tag value ${(0, exports.quote)(i.input)} must be a string` }).max(256, {
    error: (i) => `tag value ${(0, exports.quote)(i.input)} is longer than 256 characters; shorten it`,
}))
    .refine((tags) => Object.keys(tags).length <= 50, { error: "at most 50 tags are allowed; remove some" })
    .describe("Tags as a map of key to value (at most 50; keys must not start with aws:).");
exports.roleName = zod_1.z
    .string()
    .regex(exports.ROLE_NAME, {
    error: (i) => `${(0, exports.quote)(i.input)} is not a valid IAM role name (1-64 characters of letters, digits and +=,.@_-)`,
});
const name = (what) => zod_1.z.string().regex(exports.NAME, {
    error: (i) => `${(0, exports.quote)(i.input)} is not a valid ${what}; use 1-20 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen`,
});
exports.name = name;
