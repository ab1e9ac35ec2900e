/**
 * The bench's bare-cdktf floor: as many stacks as the landing zone at the same N, each with what
 * every stack of ours has (the AWS provider assuming a deploy role, an S3 backend with the lock
 * file) and one trivial resource, and nothing else. What any cdktf app of that size costs.
 *
 *   BENCH_FLOOR_STACKS=57 CDKTF_OUTDIR=DIR node --import tsx scripts/bench/floor-app.ts
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { App, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

const REGIONS = ["eu-west-1", "eu-central-1", "us-east-1"];

class FloorStack extends TerraformStack {
  constructor(scope: Construct, id: string, account: string, region: string) {
    super(scope, id);
    new AwsProvider(this, "aws", {
      region,
      allowedAccountIds: [account],
      assumeRole: [{ roleArn: `arn:aws:iam::${account}:role/acme-terraform-deploy`, sessionName: "codepipeline-landing-zone" }],
      defaultTags: [{ tags: { owner: "platform-team", "managed-by": "cdktf" } }],
    });
    const backend = new S3Backend(this, {
      bucket: "acme-terraform-state-111111111111",
      region: "eu-west-1",
      key: `floor/${id}.tfstate`,
      encrypt: true,
      assumeRole: { roleArn: "arn:aws:iam::111111111111:role/acme-terraform-state" },
    });
    backend.addOverride("use_lockfile", true);
    new SsmParameter(this, "marker", { name: `/floor/${id}`, type: "String", value: id });
  }
}

const count = Number(process.env.BENCH_FLOOR_STACKS);
if (!Number.isInteger(count) || count < 1) {
  process.stderr.write(`BENCH_FLOOR_STACKS: expected a positive integer, got "${process.env.BENCH_FLOOR_STACKS ?? ""}"\n`);
  process.exit(2);
}
const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out" });
for (let i = 0; i < count; i++) new FloorStack(app, `floor-${i}`, String(500000000000 + i), REGIONS[i % REGIONS.length]!);
app.synth();
