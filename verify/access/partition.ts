import { partitionOfRegion } from "../../modules/shared/partition";
import type { SynthesizedStack } from "../../synth/wiring";

export interface PartitionMismatch {
  readonly stack: string;
  /** Where in the stack's JSON, e.g. `resource.aws_iam_role.r.assume_role_policy`. */
  readonly at: string;
  readonly arn: string;
  readonly expected: string;
}

/**
 * Every ARN a stack names, also inside policy documents, must be in the partition of the stack's
 * region. The evaluator compares partitions in resources, ARN conditions and role sessions, but
 * matches an account principal (`arn:<partition>:iam::<account>:root`) by account id alone; with
 * every ARN in one partition that blind spot cannot hide a wrong partition.
 */
export function partitionMismatches(stacks: readonly SynthesizedStack[]): PartitionMismatch[] {
  const out: PartitionMismatch[] = [];
  for (const s of stacks) {
    const providers = (s.json as { provider?: { aws?: { region?: string }[] } }).provider?.aws ?? [];
    const region = providers.find((p) => typeof p.region === "string")?.region;
    if (region === undefined) continue;
    const expected = partitionOfRegion(region);
    const visit = (value: unknown, at: string): void => {
      if (typeof value === "string") {
        for (const m of value.matchAll(/\barn:([a-z][a-z0-9-]*):[^"\s,\]}]*/g)) if (m[1] !== expected) out.push({ stack: s.id, at, arn: m[0], expected });
      } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${at}[${i}]`));
      else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, at ? `${at}.${k}` : k);
    };
    visit(s.json, "");
  }
  return out;
}
