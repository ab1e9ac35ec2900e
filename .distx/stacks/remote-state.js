"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TargetState = exports.ToolsPrimaryState = exports.ToolsRegionState = void 0;
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const naming_1 = require("./naming");
const outputs_1 = require("./outputs");
function readState(scope, id, state, stackId) {
    return new cdktf_1.DataTerraformRemoteStateS3(scope, id, {
        bucket: state.bucket,
        region: state.region,
        key: (0, naming_1.stateKey)(state.keyPrefix, stackId),
        ...(state.roleArn ? { assumeRole: { roleArn: state.roleArn } } : {}),
    });
}
/** Reads a `tools-<region>` stack's outputs: that region's artifact store. */
class ToolsRegionState extends constructs_1.Construct {
    remoteState;
    region;
    bucketName;
    bucketArn;
    keyArn;
    keyAliasArn;
    constructor(scope, id, props) {
        super(scope, id);
        this.remoteState = readState(this, "state", props.state, (0, naming_1.toolsStackId)(props.region));
        this.region = props.region;
        this.bucketName = this.remoteState.getString(outputs_1.TOOLS_REGION_OUTPUTS.bucketName);
        this.bucketArn = this.remoteState.getString(outputs_1.TOOLS_REGION_OUTPUTS.bucketArn);
        this.keyArn = this.remoteState.getString(outputs_1.TOOLS_REGION_OUTPUTS.keyArn);
        this.keyAliasArn = this.remoteState.getString(outputs_1.TOOLS_REGION_OUTPUTS.keyAliasArn);
    }
}
exports.ToolsRegionState = ToolsRegionState;
/** Reads the primary `tools-<region>` stack: its artifact store, the pipeline role and every store by region. */
class ToolsPrimaryState extends ToolsRegionState {
    pipelineRoleArn;
    pipelineRoleName;
    constructor(scope, id, props) {
        super(scope, id, props);
        this.pipelineRoleArn = this.remoteState.getString(outputs_1.TOOLS_PRIMARY_OUTPUTS.pipelineRoleArn);
        this.pipelineRoleName = this.remoteState.getString(outputs_1.TOOLS_PRIMARY_OUTPUTS.pipelineRoleName);
    }
    /** The artifact store of any tools region, from the `artifact_stores` map output. */
    artifactStore(region) {
        const store = cdktf_1.Fn.lookup(this.remoteState.get(outputs_1.TOOLS_PRIMARY_OUTPUTS.artifactStores), region);
        return {
            region,
            bucketName: cdktf_1.Token.asString(cdktf_1.Fn.lookup(store, "bucket_name")),
            bucketArn: cdktf_1.Token.asString(cdktf_1.Fn.lookup(store, "bucket_arn")),
            keyArn: cdktf_1.Token.asString(cdktf_1.Fn.lookup(store, "key_arn")),
        };
    }
}
exports.ToolsPrimaryState = ToolsPrimaryState;
/** Reads a `target-<name>` stack's outputs: the roles pipelines use in that account. */
class TargetState extends constructs_1.Construct {
    remoteState;
    accountId;
    actionRoleArn;
    cloudFormationExecutionRoleArn;
    constructor(scope, id, props) {
        super(scope, id);
        this.remoteState = readState(this, "state", props.state, (0, naming_1.targetStackId)(props.targetName));
        this.accountId = this.remoteState.getString(outputs_1.TARGET_OUTPUTS.accountId);
        this.actionRoleArn = this.remoteState.getString(outputs_1.TARGET_OUTPUTS.actionRoleArn);
        this.cloudFormationExecutionRoleArn = this.remoteState.getString(outputs_1.TARGET_OUTPUTS.cloudFormationExecutionRoleArn);
    }
}
exports.TargetState = TargetState;
