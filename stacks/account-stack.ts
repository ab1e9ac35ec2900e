import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { LandingZone } from "../config/schema";
import { Naming, stateKey } from "./naming";
import type { LandingZoneStateLocation } from "./remote-state";

/** The Terraform CLI versions every landing-zone stack accepts (`terraform.required_version`). */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10.0";

export interface AccountStackProps {
  readonly lz: LandingZone;
  /** Account every resource of the stack lives in. */
  readonly accountId: string;
  /** Region of the stack's provider. */
  readonly region: string;
  /** Role the provider assumes in that account. */
  readonly providerRoleName: string;
  /** Tags added to the landing zone's default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A stack bound to one account and region: its own provider (assume role, allowed account,
 * default tags) and its own S3 backend key.
 */
export abstract class AccountStack extends TerraformStack {
  readonly lz: LandingZone;
  readonly accountId: string;
  readonly region: string;
  readonly naming: Naming;
  /** ARN of the role Terraform runs as in this account. */
  readonly providerRoleArn: string;

  /** What {@link reuseRender} was given, with the construct count it was rendered at. */
  private render?: { readonly constructs: number; readonly json: Record<string, unknown> };

  /**
   * Writes exactly this rendering at synth instead of resolving the stack again (resolving is most
   * of a large synth's time): the composition root hands back what the guardrails rendered, right
   * before `app.synth()`. Should the stack gain or lose a construct after that, it is rendered anew.
   */
  reuseRender(json: Record<string, unknown>): void {
    this.render = { constructs: this.node.findAll().length, json };
  }

  private renderIsCurrent(): boolean {
    return this.render !== undefined && this.render.constructs === this.node.findAll().length;
  }

  override prepareStack(): void {
    if (!this.renderIsCurrent()) super.prepareStack();
  }

  override toTerraform(): any {
    return this.renderIsCurrent() ? this.render!.json : super.toTerraform();
  }

  constructor(scope: Construct, id: string, props: AccountStackProps) {
    super(scope, id);
    this.lz = props.lz;
    this.accountId = props.accountId;
    this.region = props.region;
    this.naming = new Naming(props.lz);
    this.providerRoleArn = this.naming.roleArn(props.accountId, props.providerRoleName);
    const role = props.lz.providerRole;

    new AwsProvider(this, "aws", {
      region: props.region,
      allowedAccountIds: [props.accountId],
      assumeRole: [
        {
          roleArn: this.providerRoleArn,
          sessionName: role.sessionName,
          ...(role.externalId ? { externalId: role.externalId } : {}),
        },
      ],
      defaultTags: [{ tags: { ...props.lz.defaultTags, "landing-zone": props.lz.name, ...(props.tags ?? {}) } }],
    });

    const state = props.lz.state;
    const backend = new S3Backend(this, {
      bucket: state.bucket,
      region: state.region,
      key: stateKey(state.keyPrefix, id),
      encrypt: true,
      ...(state.roleArn ? { assumeRole: { roleArn: state.roleArn } } : {}),
      ...(state.dynamodbTable ? { dynamodbTable: state.dynamodbTable } : {}),
      ...(state.kmsKeyId ? { kmsKeyId: state.kmsKeyId } : {}),
    });
    // cdktf 0.21's S3BackendConfig predates the S3 lock file; Terraform >= 1.10 reads it.
    if (state.useLockfile) backend.addOverride("use_lockfile", true);
    // Every stack pins the CLI it needs: the S3 backend's use_lockfile came in Terraform 1.10
    // (https://developer.hashicorp.com/terraform/language/v1.10.x/upgrade-guides, "S3 Native State Locking").
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  }

  /** Who administers the KMS keys of this stack: the Terraform deploy role and the configured administrators. */
  get keyAdministratorArns(): string[] {
    return [this.providerRoleArn, ...this.lz.keyAdministratorRoleNames.map((n) => this.naming.roleArn(this.accountId, n))];
  }

  /** Where this landing zone's state lives, for remote-state readers. */
  get stateLocation(): LandingZoneStateLocation {
    const s = this.lz.state;
    return { bucket: s.bucket, region: s.region, keyPrefix: s.keyPrefix, ...(s.roleArn ? { roleArn: s.roleArn } : {}) };
  }

  /** An output whose name is part of the public contract (no cdktf prefix or hash). */
  output(name: string, value: unknown, description: string): TerraformOutput {
    return new TerraformOutput(this, name, { value, description, staticId: true });
  }
}
