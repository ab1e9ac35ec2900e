import { z } from "zod";
import { AWS_REGIONS } from "./regions";
import { closest } from "./suggest";

// Messages quote the offending value and say how to fix it; load.ts prefixes the JSON path.
export const quote = (value: unknown): string => JSON.stringify(value) ?? String(value);

export const ACCOUNT_ID = /^\d{12}$/;
export const NAME = /^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])?$/;
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// Any partition here; schema.ts checks that every ARN is in the landing zone's.
export const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
export const POLICY_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(?:aws|\d{12}):policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
export const BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const accountId = z
  .string({ error: (i) => `${quote(i.input)} is not a 12-digit AWS account id; write it as a string of 12 digits` })
  .regex(ACCOUNT_ID, { error: (i) => `${quote(i.input)} is not a 12-digit AWS account id; write it as a string of 12 digits` })
  .describe("12-digit AWS account id, as a string.");

// An enum so the generated JSON Schema lets editors complete region names; widened to string for callers.
export const region = z
  .enum(AWS_REGIONS, {
    error: (i) => {
      if (typeof i.input !== "string") return `${quote(i.input)} is not an AWS region name such as "eu-west-1"`;
      const guess = closest(i.input, AWS_REGIONS);
      const hint = guess ? `did you mean "${guess}"?` : `use one of ${AWS_REGIONS.join(", ")}`;
      return `${quote(i.input)} is not a known AWS region; ${hint}`;
    },
  })
  .transform((r): string => r)
  .describe(
    "AWS region name, e.g. eu-west-1 (commercial), us-gov-west-1 (GovCloud) or cn-north-1 (China); all regions of a landing zone are in one partition.",
  );

export const regionList = (what: string) =>
  z.array(region, { error: (i) => `${quote(i.input)} is not a list of regions; write ["eu-west-1", ...]` }).superRefine((regions, ctx) => {
    const seen = new Map<string, number>();
    regions.forEach((r, index) => {
      const first = seen.get(r);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          input: r,
          message: `region ${quote(r)} is listed twice (also at index ${first}); list each ${what} region once`,
        });
      } else {
        seen.set(r, index);
      }
    });
  });

export const tagMap = z
  .record(
    z
      .string()
      .min(1, { error: "tag keys must not be empty" })
      .max(128, { error: (i) => `tag key ${quote(i.input)} is longer than 128 characters; shorten it` })
      .refine((k) => !k.toLowerCase().startsWith("aws:"), {
        error: (i) => `tag key ${quote(i.input)} uses the reserved "aws:" prefix; choose another key`,
      }),
    z.string({ error: (i) => `tag value ${quote(i.input)} must be a string` }).max(256, {
      error: (i) => `tag value ${quote(i.input)} is longer than 256 characters; shorten it`,
    }),
  )
  .refine((tags) => Object.keys(tags).length <= 50, { error: "at most 50 tags are allowed; remove some" })
  .describe("Tags as a map of key to value (at most 50; keys must not start with aws:).");

export const roleName = z.string().regex(ROLE_NAME, {
  error: (i) => `${quote(i.input)} is not a valid IAM role name (1-64 characters of letters, digits and +=,.@_-)`,
});

export const name = (what: string) =>
  z.string().regex(NAME, {
    error: (i) =>
      `${quote(i.input)} is not a valid ${what}; use 1-20 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen`,
  });
