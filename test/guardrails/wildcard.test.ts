/**
 * The guardrails (shipped code) match actions and resources with `wildcardMatch`; the access proof
 * decides with @cloud-copilot/iam-simulate, an AGPL devDependency shipped code must not import. The
 * test helpers use `wildcardMatch` too, so this test keeps the one matcher in step with the evaluator:
 * both run on the same patterns, `*` and `?` included, and must agree on every case.
 */
import { wildcardMatch } from "../../guardrails/policy";
import { evaluate, type AccessCheck } from "../../verify/access/simulate";

const ACCOUNT = "111111111111";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/matcher`;
const ACTION = "s3:GetObject";
const OBJECT = "arn:aws:s3:::bucket-a/path/key.txt";

/** The evaluator's verdict for a same-account role whose only policy allows `actionPattern` on `resourcePattern`. */
async function simulated(actionPattern: string, resourcePattern: string, action = ACTION, resource = OBJECT): Promise<boolean> {
  const check: AccessCheck = {
    kind: "matcher",
    caller: {
      type: "role",
      arn: ROLE,
      account: ACCOUNT,
      name: "matcher",
      identity: [{ name: "p", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actionPattern, Resource: resourcePattern }] } }],
    },
    action,
    resource,
    resourceAccount: ACCOUNT,
    expected: "ALLOWED",
  };
  const outcome = await evaluate(check);
  if (outcome.result === "ERROR") throw new Error(outcome.detail);
  return outcome.result === "ALLOWED";
}

// [pattern, whether it covers s3:GetObject]: actions match case-insensitively.
const ACTIONS: [string, boolean][] = [
  ["s3:GetObject", true],
  ["S3:getobject", true],
  ["s3:Get*", true],
  ["s3:*Object", true],
  ["s3:GetObject*", true],
  ["s3:GetObjec?", true],
  ["s3:?etObject", true],
  ["s3:Get?bject", true],
  ["s3:??tObject", true],
  ["s3:get*OBJECT", true],
  ["s3:GetObject?", false],
  ["s3:G?Object", false],
  ["s3:Get*Version", false],
  ["s3:Put*", false],
  ["s3:*", true],
  ["*", true],
  ["s3:GetObjectVersion", false],
  ["s3:GetObject?ersion", false],
];

// [pattern, whether it covers arn:aws:s3:::bucket-a/path/key.txt]: resources match case-sensitively.
const RESOURCES: [string, boolean][] = [
  [OBJECT, true],
  ["arn:aws:s3:::bucket-a/path/KEY.txt", false],
  ["arn:aws:s3:::Bucket-a/*", false],
  ["arn:aws:s3:::bucket-a/*", true],
  ["arn:aws:s3:::bucket-?/*", true],
  ["arn:aws:s3:::bucket-??/*", false],
  ["arn:aws:s3:::bucket-a/path/key.tx?", true],
  ["arn:aws:s3:::bucket-a/path/key.txt?", false],
  ["arn:aws:s3:::bucket-a/path?key.txt", true],
  ["arn:aws:s3:::bucket-a/path/key?txt", true],
  ["arn:aws:s3:::bucket-a/p?th/*", true],
  ["arn:aws:s3:::bucket-a/*/key.txt", true],
  ["arn:aws:s3:::bucket-a/path/*.txt", true],
  ["arn:aws:s3:::bucket-a/path/*.json", false],
  ["arn:aws:s3:::bucket-b/*", false],
  ["arn:aws:s3:::bucket-a", false],
  ["arn:aws:s3:::*", true],
  ["*", true],
];

describe("wildcardMatch agrees with the IAM policy evaluator", () => {
  it.each(ACTIONS)("action pattern %s covers s3:GetObject: %s", async (pattern, covers) => {
    expect([pattern, wildcardMatch(pattern, ACTION, true), await simulated(pattern, "*")]).toEqual([pattern, covers, covers]);
  });

  it.each(RESOURCES)("resource pattern %s covers the object: %s", async (pattern, covers) => {
    expect([pattern, wildcardMatch(pattern, OBJECT), await simulated(ACTION, pattern)]).toEqual([pattern, covers, covers]);
  });
});
