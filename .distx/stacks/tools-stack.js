"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ToolsPrimaryStack = exports.ToolsReplicaStack = void 0;
const artifact_store_1 = require("../modules/artifact-store");
const artifact_access_1 = require("./artifact-access");
const audit_trail_1 = require("../modules/audit-trail");
const tools_account_1 = require("../modules/tools-account");
const account_stack_1 = require("./account-stack");
const naming_1 = require("./naming");
const outputs_1 = require("./outputs");
const pipeline_factory_1 = require("./pipeline-factory");
const remote_state_1 = require("./remote-state");
/**
 * Who uses the store of `region`, each on the object keys it needs: the tools account's pipeline and
 * CodeBuild roles on their pipeline's folder, the target accounts' roles on what their actions
 * consume and produce. Only the shared pipeline role keeps the whole store.
 */
function storeGrantees(lz, stack, region) {
    const footprint = (0, artifact_access_1.artifactFootprint)(lz);
    const objectGrants = [];
    for (const t of lz.targets) {
        const keys = footprint.keys.get(t.name)?.get(region);
        if (!keys)
            continue;
        objectGrants.push({ roleArns: [stack.naming.roleArn(t.accountId, stack.naming.actionRoleName())], read: [...keys.actionRead], write: [...keys.actionWrite] }, { roleArns: [stack.naming.roleArn(t.accountId, stack.naming.cloudFormationExecutionRoleName())], read: [...keys.cloudFormationRead] });
        if (keys.instanceRead.size && t.codeDeployInstanceRoleNames.length) {
            objectGrants.push({ roleArns: t.codeDeployInstanceRoleNames.map((n) => stack.naming.roleArn(t.accountId, n)), read: [...keys.instanceRead] });
        }
    }
    const organization = (0, artifact_access_1.organizationScope)(lz);
    return {
        objectGrants: [...(0, artifact_access_1.toolsObjectGrants)(lz, region), ...objectGrants].filter((g) => g.read.length > 0 || (g.write ?? []).length > 0),
        ...(organization ? { organization } : {}),
    };
}
function toolsProps(lz, region) {
    return { lz, region, accountId: lz.tools.accountId, providerRoleName: lz.tools.providerRoleName ?? lz.providerRole.name };
}
function outputStore(stack, store, keyAliasArn) {
    stack.output(outputs_1.TOOLS_REGION_OUTPUTS.region, store.region, "Region of this artifact store");
    stack.output(outputs_1.TOOLS_REGION_OUTPUTS.bucketName, store.bucketName, "Artifact bucket name");
    stack.output(outputs_1.TOOLS_REGION_OUTPUTS.bucketArn, store.bucketArn, "Artifact bucket ARN");
    stack.output(outputs_1.TOOLS_REGION_OUTPUTS.keyArn, store.keyArn, "ARN of the artifact KMS key (artifact_store encryption_key id)");
    stack.output(outputs_1.TOOLS_REGION_OUTPUTS.keyAliasArn, keyAliasArn, "ARN of the artifact KMS key's alias");
}
/**
 * Wave 1: `tools-<replica region>`. One artifact store; its policies grant the pipeline role and the
 * target roles by `aws:PrincipalArn`, so it needs no other stack applied first.
 */
class ToolsReplicaStack extends account_stack_1.AccountStack {
    artifactStore;
    constructor(scope, props) {
        super(scope, (0, naming_1.toolsStackId)(props.region), toolsProps(props.lz, props.region));
        this.artifactStore = new artifact_store_1.ArtifactStore(this, "artifact-store", {
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
exports.ToolsReplicaStack = ToolsReplicaStack;
/**
 * Wave 2: `tools-<primary region>`. The pipeline role, the primary artifact store, and the map of
 * every store (replicas read from their stacks' state, which is why it follows them).
 */
class ToolsPrimaryStack extends account_stack_1.AccountStack {
    toolsAccount;
    constructor(scope, props) {
        super(scope, (0, naming_1.toolsStackId)(props.region), toolsProps(props.lz, props.region));
        const replicas = props.replicaStacks.map((replica) => {
            this.addDependency(replica);
            return new remote_state_1.ToolsRegionState(this, `replica-${replica.region}`, { state: this.stateLocation, region: replica.region });
        });
        this.toolsAccount = new tools_account_1.ToolsAccount(this, "tools", {
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
            new audit_trail_1.AuditTrail(this, "audit-trail", {
                trailName: this.naming.auditTrailName(),
                bucketName: this.naming.auditBucketName(this.accountId, this.region),
                region: this.region,
                accountId: this.accountId,
                keyAdministratorArns: this.keyAdministratorArns,
                logReaderRoleArns: props.lz.monitoring.auditLogReaderRoleArns,
                ...(props.lz.monitoring.auditTrailDataEvents ? { dataEventBucketArns: this.auditedBucketArns() } : {}),
            });
        }
        const primary = this.toolsAccount.createdStores[this.region];
        outputStore(this, primary, primary.alias.arn);
        this.output(outputs_1.TOOLS_PRIMARY_OUTPUTS.pipelineRoleArn, this.toolsAccount.pipelineRole.arn, "ARN of the CodePipeline service role");
        this.output(outputs_1.TOOLS_PRIMARY_OUTPUTS.pipelineRoleName, this.toolsAccount.pipelineRole.name, "Name of the CodePipeline service role");
        this.output(outputs_1.TOOLS_PRIMARY_OUTPUTS.artifactStores, Object.fromEntries(Object.entries(this.toolsAccount.artifactStores).map(([region, s]) => [
            region,
            { bucket_name: s.bucketName, bucket_arn: s.bucketArn, key_arn: s.keyArn },
        ])), "Every artifact store by region: bucket_name, bucket_arn, key_arn");
    }
    /**
     * Every bucket whose objects decide what is deployed: the artifact store of each tools region and
     * each S3 source bucket the pipelines create (by name, so this stack needs no later one).
     */
    auditedBucketArns() {
        const lz = this.lz;
        const stores = [lz.tools.primaryRegion, ...lz.tools.replicaRegions].map((r) => this.naming.artifactBucketName(this.accountId, r));
        return [...stores, ...(0, pipeline_factory_1.createdSourceBuckets)(lz)].map((b) => `arn:aws:s3:::${b}`);
    }
}
exports.ToolsPrimaryStack = ToolsPrimaryStack;
