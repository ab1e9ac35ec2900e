import { DataTerraformRemoteStateS3, Fn, Token } from "cdktf";
import { Construct } from "constructs";
import type { ArtifactStoreRef } from "../modules/shared/artifacts";
import { stateKey, targetStackId, toolsStackId } from "./naming";
import { TARGET_OUTPUTS, TOOLS_PRIMARY_OUTPUTS, TOOLS_REGION_OUTPUTS } from "./outputs";

/** Where the landing zone keeps its state; the same values as the landing-zone file's `state`. */
export interface LandingZoneStateLocation {
  /** State bucket. */
  readonly bucket: string;
  /** Region of the state bucket. */
  readonly region: string;
  /** Key prefix; state keys are `<keyPrefix>/<stack id>.tfstate`. */
  readonly keyPrefix: string;
  /** Role to assume to read the state. @default the caller's credentials */
  readonly roleArn?: string;
}

function readState(scope: Construct, id: string, state: LandingZoneStateLocation, stackId: string): DataTerraformRemoteStateS3 {
  return new DataTerraformRemoteStateS3(scope, id, {
    bucket: state.bucket,
    region: state.region,
    key: stateKey(state.keyPrefix, stackId),
    ...(state.roleArn ? { assumeRole: { roleArn: state.roleArn } } : {}),
  });
}

export interface ToolsRegionStateProps {
  readonly state: LandingZoneStateLocation;
  /** Region of the tools stack to read. */
  readonly region: string;
}

/** Reads a `tools-<region>` stack's outputs: that region's artifact store. */
export class ToolsRegionState extends Construct implements ArtifactStoreRef {
  readonly remoteState: DataTerraformRemoteStateS3;
  readonly region: string;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly keyArn: string;
  readonly keyAliasArn: string;

  constructor(scope: Construct, id: string, props: ToolsRegionStateProps) {
    super(scope, id);
    this.remoteState = readState(this, "state", props.state, toolsStackId(props.region));
    this.region = props.region;
    this.bucketName = this.remoteState.getString(TOOLS_REGION_OUTPUTS.bucketName);
    this.bucketArn = this.remoteState.getString(TOOLS_REGION_OUTPUTS.bucketArn);
    this.keyArn = this.remoteState.getString(TOOLS_REGION_OUTPUTS.keyArn);
    this.keyAliasArn = this.remoteState.getString(TOOLS_REGION_OUTPUTS.keyAliasArn);
  }
}

/** Reads the primary `tools-<region>` stack: its artifact store, the pipeline role and every store by region. */
export class ToolsPrimaryState extends ToolsRegionState {
  readonly pipelineRoleArn: string;
  readonly pipelineRoleName: string;

  constructor(scope: Construct, id: string, props: ToolsRegionStateProps) {
    super(scope, id, props);
    this.pipelineRoleArn = this.remoteState.getString(TOOLS_PRIMARY_OUTPUTS.pipelineRoleArn);
    this.pipelineRoleName = this.remoteState.getString(TOOLS_PRIMARY_OUTPUTS.pipelineRoleName);
  }

  /** The artifact store of any tools region, from the `artifact_stores` map output. */
  artifactStore(region: string): ArtifactStoreRef {
    const store = Fn.lookup(this.remoteState.get(TOOLS_PRIMARY_OUTPUTS.artifactStores), region);
    return {
      region,
      bucketName: Token.asString(Fn.lookup(store, "bucket_name")),
      bucketArn: Token.asString(Fn.lookup(store, "bucket_arn")),
      keyArn: Token.asString(Fn.lookup(store, "key_arn")),
    };
  }
}

export interface TargetStateProps {
  readonly state: LandingZoneStateLocation;
  /** Target name as in the landing-zone file. */
  readonly targetName: string;
}

/** Reads a `target-<name>` stack's outputs: the roles pipelines use in that account. */
export class TargetState extends Construct {
  readonly remoteState: DataTerraformRemoteStateS3;
  readonly accountId: string;
  readonly actionRoleArn: string;
  readonly cloudFormationExecutionRoleArn: string;

  constructor(scope: Construct, id: string, props: TargetStateProps) {
    super(scope, id);
    this.remoteState = readState(this, "state", props.state, targetStackId(props.targetName));
    this.accountId = this.remoteState.getString(TARGET_OUTPUTS.accountId);
    this.actionRoleArn = this.remoteState.getString(TARGET_OUTPUTS.actionRoleArn);
    this.cloudFormationExecutionRoleArn = this.remoteState.getString(TARGET_OUTPUTS.cloudFormationExecutionRoleArn);
  }
}
