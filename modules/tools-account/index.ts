import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ArtifactObjectGrant, ArtifactStore } from "../artifact-store";
import { artifactIdentityStatements, ArtifactStoreRef } from "../shared/artifacts";
import { OrganizationScope, policyJson, requireAccountId, requireRoleName } from "../shared/policy";
import { iamRoleArn, partitionOfRegion } from "../shared/partition";

/** An artifact store this construct creates. */
export interface ToolsArtifactStoreSpec {
  /** Region of the store. */
  readonly region: string;
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** KMS alias, `alias/codepipeline-...`. */
  readonly keyAlias: string;
  /** Further roles (e.g. cross-account action roles) that read and write artifacts. @default [] */
  readonly readWriteRoleArns?: string[];
  /** Roles that only read artifacts (e.g. CloudFormation execution roles). @default [] */
  readonly readOnlyRoleArns?: string[];
  /** Roles granted only some object keys (see ArtifactStoreProps.objectGrants). @default [] */
  readonly objectGrants?: readonly ArtifactObjectGrant[];
  /** Organization scope of grants to many accounts (see ArtifactStoreProps.organization). @default none */
  readonly organization?: OrganizationScope;
}

export interface ToolsAccountProps {
  /** The tools account id; limits who may pass the pipeline role to CodePipeline. */
  readonly accountId: string;
  /** Name of the CodePipeline service role. */
  readonly pipelineRoleName: string;
  /** Artifact stores to create here, one per region. At least the primary region's. */
  readonly artifactStores: ToolsArtifactStoreSpec[];
  /**
   * Artifact stores created elsewhere (for example by per-region stacks) that the pipeline role
   * must also use. Their policies must already grant the pipeline role.
   * @default []
   */
  readonly externalArtifactStores?: ArtifactStoreRef[];
  /** Roles that administer the artifact keys. */
  readonly keyAdministratorArns: string[];
  /** Permissions boundary for the pipeline role. @default none */
  readonly permissionsBoundaryArn?: string;
  /** Tags on every resource. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The tools account's share of a CodePipeline landing zone: the pipeline service role and one
 * KMS-encrypted artifact store per region, exposed as a region -> store map.
 */
export class ToolsAccount extends Construct {
  readonly pipelineRole: IamRole;
  /** Literal ARN of the pipeline role (known before apply). */
  readonly pipelineRoleArn: string;
  /** The artifact stores created by this construct, by region. */
  readonly createdStores: Readonly<Record<string, ArtifactStore>>;
  /** Every artifact store the pipelines may use, by region (created here or external). */
  readonly artifactStores: Readonly<Record<string, ArtifactStoreRef>>;

  constructor(scope: Construct, id: string, props: ToolsAccountProps) {
    super(scope, id);
    const external = props.externalArtifactStores ?? [];
    const regions = [...props.artifactStores.map((s) => s.region), ...external.map((s) => s.region)];
    if (props.artifactStores.length === 0) {
      throw new Error("artifactStores: create at least the primary region's artifact store");
    }
    regions.forEach((r, i) => {
      if (!Token.isUnresolved(r) && regions.indexOf(r) !== i) {
        throw new Error(`artifactStores/externalArtifactStores: region "${r}" has two artifact stores; keep one per region`);
      }
    });
    requireAccountId("accountId", props.accountId);
    requireRoleName("pipelineRoleName", props.pipelineRoleName);
    const tags = props.tags ?? {};
    this.pipelineRoleArn = iamRoleArn(partitionOfRegion(props.artifactStores[0]!.region), props.accountId, props.pipelineRoleName);

    this.pipelineRole = new IamRole(this, "pipeline-role", {
      name: props.pipelineRoleName,
      description: "Service role of the CodePipeline pipelines",
      assumeRolePolicy: policyJson({
        Sid: "CodePipeline",
        Effect: "Allow",
        Principal: { Service: "codepipeline.amazonaws.com" },
        Action: "sts:AssumeRole",
      }),
      ...(props.permissionsBoundaryArn ? { permissionsBoundary: props.permissionsBoundaryArn } : {}),
      tags,
    });

    const created = props.artifactStores.map(
      (spec) =>
        new ArtifactStore(this, `artifact-store-${spec.region}`, {
          region: spec.region,
          bucketName: spec.bucketName,
          keyAlias: spec.keyAlias,
          keyAdministratorArns: props.keyAdministratorArns,
          readWriteRoleArns: [this.pipelineRoleArn, ...(spec.readWriteRoleArns ?? [])],
          readOnlyRoleArns: spec.readOnlyRoleArns ?? [],
          ...(spec.objectGrants ? { objectGrants: spec.objectGrants } : {}),
          ...(spec.organization ? { organization: spec.organization } : {}),
          tags,
        }),
    );
    this.createdStores = Object.fromEntries(created.map((s, i) => [props.artifactStores[i]!.region, s]));
    const all: ArtifactStoreRef[] = [...created, ...external];
    this.artifactStores = Object.fromEntries(all.map((s, i) => [regions[i]!, s]));

    new IamRolePolicy(this, "pipeline-role-artifacts", {
      role: this.pipelineRole.name,
      name: "artifact-stores",
      policy: policyJson(...artifactIdentityStatements(all, "readWrite")),
    });
  }
}
