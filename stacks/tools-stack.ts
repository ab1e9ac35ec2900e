import { Construct } from "constructs";
import { ArtifactObjectGrant, ArtifactStore } from "../modules/artifact-store";
import { artifactFootprint, organizationScope, toolsObjectGrants } from "./artifact-access";
import type { ArtifactStoreRef } from "../modules/shared/artifacts";
import { AuditTrail } from "../modules/audit-trail";
import { ToolsAccount } from "../modules/tools-account";
import type { LandingZone } from "../config/schema";
import { AccountStack } from "./account-stack";
import { toolsStackId } from "./naming";
import { TOOLS_PRIMARY_OUTPUTS, TOOLS_REGION_OUTPUTS } from "./outputs";
import { createdSourceBuckets } from "./pipeline-factory";
import { ToolsRegionState } from "./remote-state";
import { s3Arn } from "../modules/shared/partition";

export interface ToolsStackProps {
  readonly lz: LandingZone;
  readonly region: string;
}

/**
 * Who uses the store of `region`, each on the object keys it needs: the tools account's pipeline and
 * CodeBuild roles on their pipeline's folder, the target accounts' roles on what their actions
 * consume and produce. Only the shared pipeline role keeps the whole store.
 */
function storeGrantees(lz: LandingZone, stack: AccountStack, region: string) {
  const footprint = artifactFootprint(lz);
  const objectGrants: ArtifactObjectGrant[] = [];
  for (const t of lz.targets) {
    const keys = footprint.keys.get(t.name)?.get(region);
    if (!keys) continue;
    objectGrants.push(
      { roleArns: [stack.naming.roleArn(t.accountId, stack.naming.actionRoleName())], read: [...keys.actionRead], write: [...keys.actionWrite] },
      { roleArns: [stack.naming.roleArn(t.accountId, stack.naming.cloudFormationExecutionRoleName())], read: [...keys.cloudFormationRead] },
    );
    if (keys.instanceRead.size && t.codeDeployInstanceRoleNames.length) {
      objectGrants.push({ roleArns: t.codeDeployInstanceRoleNames.map((n) => stack.naming.roleArn(t.accountId, n)), read: [...keys.instanceRead] });
    }
  }
  const organization = organizationScope(lz);
  return {
    objectGrants: [...toolsObjectGrants(lz, region), ...objectGrants].filter((g) => g.read.length > 0 || (g.write ?? []).length > 0),
    ...(organization ? { organization } : {}),
  };
}

function toolsProps(lz: LandingZone, region: string) {
  return { lz, region, accountId: lz.tools.accountId, providerRoleName: lz.tools.providerRoleName ?? lz.providerRole.name };
}

function outputStore(stack: AccountStack, store: ArtifactStoreRef, keyAliasArn: string): void {
  stack.output(TOOLS_REGION_OUTPUTS.region, store.region, "Region of this artifact store");
  stack.output(TOOLS_REGION_OUTPUTS.bucketName, store.bucketName, "Artifact bucket name");
  stack.output(TOOLS_REGION_OUTPUTS.bucketArn, store.bucketArn, "Artifact bucket ARN");
  stack.output(TOOLS_REGION_OUTPUTS.keyArn, store.keyArn, "ARN of the artifact KMS key (artifact_store encryption_key id)");
  stack.output(TOOLS_REGION_OUTPUTS.keyAliasArn, keyAliasArn, "ARN of the artifact KMS key's alias");
}

/**
 * Wave 1: `tools-<replica region>`. One artifact store; its policies grant the pipeline role and the
 * target roles by `aws:PrincipalArn`, so it needs no other stack applied first.
 */
export class ToolsReplicaStack extends AccountStack {
  readonly artifactStore: ArtifactStore;

  constructor(scope: Construct, props: ToolsStackProps) {
    super(scope, toolsStackId(props.region), toolsProps(props.lz, props.region));
    this.artifactStore = new ArtifactStore(this, "artifact-store", {
      bucketName: this.naming.artifactBucketName(this.accountId, this.region),
      keyAlias: this.naming.artifactKeyAlias(),
      keyAdministratorArns: this.keyAdministratorArns,
      // Only the shared pipeline role (pipelines that declare nothing in the file) keeps the whole store.
      readWriteRoleArns: [this.naming.roleArn(this.accountId, this.naming.pipelineRoleName())],
      ...storeGrantees(props.lz, this, props.region),
    });
    outputStore(this, this.artifactStore, this.artifactStore.alias.arn);
  }
}

/**
 * Wave 2: `tools-<primary region>`. The pipeline role, the primary artifact store, and the map of
 * every store (replicas read from their stacks' state, which is why it follows them).
 */
export class ToolsPrimaryStack extends AccountStack {
  readonly toolsAccount: ToolsAccount;

  constructor(scope: Construct, props: ToolsStackProps & { readonly replicaStacks: readonly ToolsReplicaStack[] }) {
    super(scope, toolsStackId(props.region), toolsProps(props.lz, props.region));
    const replicas = props.replicaStacks.map((replica) => {
      this.addDependency(replica);
      return new ToolsRegionState(this, `replica-${replica.region}`, { state: this.stateLocation, region: replica.region });
    });
    this.toolsAccount = new ToolsAccount(this, "tools", {
      accountId: this.accountId,
      pipelineRoleName: this.naming.pipelineRoleName(),
      keyAdministratorArns: this.keyAdministratorArns,
      artifactStores: [
        {
          region: this.region,
          bucketName: this.naming.artifactBucketName(this.accountId, this.region),
          keyAlias: this.naming.artifactKeyAlias(),
          // The module adds the shared pipeline role, the only one with the whole store.
          ...storeGrantees(props.lz, this, props.region),
        },
      ],
      externalArtifactStores: replicas,
    });
    if (props.lz.monitoring.auditTrail) {
      new AuditTrail(this, "audit-trail", {
        trailName: this.naming.auditTrailName(),
        bucketName: this.naming.auditBucketName(this.accountId, this.region),
        region: this.region,
        accountId: this.accountId,
        keyAdministratorArns: this.keyAdministratorArns,
        logReaderRoleArns: props.lz.monitoring.auditLogReaderRoleArns,
        ...(props.lz.monitoring.auditTrailDataEvents ? { dataEventBucketArns: this.auditedBucketArns() } : {}),
      });
    }
    const primary = this.toolsAccount.createdStores[this.region]!;
    outputStore(this, primary, primary.alias.arn);
    this.output(TOOLS_PRIMARY_OUTPUTS.pipelineRoleArn, this.toolsAccount.pipelineRole.arn, "ARN of the CodePipeline service role");
    this.output(TOOLS_PRIMARY_OUTPUTS.pipelineRoleName, this.toolsAccount.pipelineRole.name, "Name of the CodePipeline service role");
    this.output(
      TOOLS_PRIMARY_OUTPUTS.artifactStores,
      Object.fromEntries(
        Object.entries(this.toolsAccount.artifactStores).map(([region, s]) => [
          region,
          { bucket_name: s.bucketName, bucket_arn: s.bucketArn, key_arn: s.keyArn },
        ]),
      ),
      "Every artifact store by region: bucket_name, bucket_arn, key_arn",
    );
  }

  /**
   * Every bucket whose objects decide what is deployed: the artifact store of each tools region and
   * each S3 source bucket the pipelines create (by name, so this stack needs no later one).
   */
  private auditedBucketArns(): string[] {
    const lz = this.lz;
    const stores = [lz.tools.primaryRegion, ...lz.tools.replicaRegions].map((r) => this.naming.artifactBucketName(this.accountId, r));
    return [...stores, ...createdSourceBuckets(lz)].map((b) => s3Arn(lz.tools.primaryRegion, b));
  }
}
