/** Default props and one-call builders for the module tests. */
import type { TerraformStack } from "cdktf";
import { ArtifactStore, type ArtifactStoreProps } from "../../modules/artifact-store";
import type { ArtifactStoreRef } from "../../modules/shared/artifacts";
import { TargetAccountRoles, type TargetAccountRolesProps } from "../../modules/target-account-roles";
import { ToolsAccount, type ToolsAccountProps } from "../../modules/tools-account";
import { newStack, roleArn, synth, type Synthesized, TARGET_ACCOUNT_A, TARGET_ACCOUNT_B, TOOLS_ACCOUNT } from "./helpers";

export const ADMIN = roleArn(TOOLS_ACCOUNT, "terraform-deploy");
export const RW_A1 = roleArn(TARGET_ACCOUNT_A, "action-role");
export const RW_A2 = roleArn(TARGET_ACCOUNT_A, "other-action-role");
export const RW_B = roleArn(TARGET_ACCOUNT_B, "action-role");
export const RO_A = roleArn(TARGET_ACCOUNT_A, "cfn-exec");

export function artifactStoreProps(overrides: Partial<ArtifactStoreProps> = {}): ArtifactStoreProps {
  return {
    bucketName: "tools-artifacts-eu-west-1",
    keyAlias: "alias/codepipeline-artifacts",
    keyAdministratorArns: [ADMIN],
    readWriteRoleArns: [RW_B, RW_A2, RW_A1],
    readOnlyRoleArns: [RO_A],
    ...overrides,
  };
}

export interface Built<T> {
  readonly stack: TerraformStack;
  readonly construct: T;
  readonly out: Synthesized;
}

/** Builds one ArtifactStore in a fresh stack; `extra` may add resources (e.g. a role) first. */
export function buildArtifactStore(
  overrides: Partial<ArtifactStoreProps> | ((stack: TerraformStack) => Partial<ArtifactStoreProps>) = {},
): Built<ArtifactStore> {
  const stack = newStack();
  const o = typeof overrides === "function" ? overrides(stack) : overrides;
  const construct = new ArtifactStore(stack, "store", artifactStoreProps(o));
  return { stack, construct, out: synth(stack) };
}

export function toolsAccountProps(overrides: Partial<ToolsAccountProps> = {}): ToolsAccountProps {
  return {
    accountId: TOOLS_ACCOUNT,
    pipelineRoleName: "codepipeline-service",
    keyAdministratorArns: [ADMIN],
    artifactStores: [
      {
        region: "eu-west-1",
        bucketName: "tools-artifacts-eu-west-1",
        keyAlias: "alias/codepipeline-eu-west-1",
        readWriteRoleArns: [RW_A1],
        readOnlyRoleArns: [RO_A],
      },
      { region: "us-east-1", bucketName: "tools-artifacts-us-east-1", keyAlias: "alias/codepipeline-us-east-1", readWriteRoleArns: [RW_B] },
    ],
    externalArtifactStores: [EXTERNAL_STORE],
    ...overrides,
  };
}

export const EXTERNAL_STORE: ArtifactStoreRef = {
  region: "ap-southeast-2",
  bucketName: "tools-artifacts-ap-southeast-2",
  bucketArn: "arn:aws:s3:::tools-artifacts-ap-southeast-2",
  keyArn: `arn:aws:kms:ap-southeast-2:${TOOLS_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
};

export function buildToolsAccount(overrides: Partial<ToolsAccountProps> = {}): Built<ToolsAccount> {
  const stack = newStack();
  const construct = new ToolsAccount(stack, "tools", toolsAccountProps(overrides));
  return { stack, construct, out: synth(stack) };
}

/** Two literal stores in two regions, as a target stack reads them from remote state. */
export const TARGET_STORES: ArtifactStoreRef[] = [
  {
    region: "eu-west-1",
    bucketName: "tools-artifacts-eu-west-1",
    bucketArn: "arn:aws:s3:::tools-artifacts-eu-west-1",
    keyArn: `arn:aws:kms:eu-west-1:${TOOLS_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`,
  },
  {
    region: "us-east-1",
    bucketName: "tools-artifacts-us-east-1",
    bucketArn: "arn:aws:s3:::tools-artifacts-us-east-1",
    keyArn: `arn:aws:kms:us-east-1:${TOOLS_ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`,
  },
];

export const PIPELINE_ROLE = roleArn(TOOLS_ACCOUNT, "codepipeline-service");

export function targetAccountRolesProps(overrides: Partial<TargetAccountRolesProps> = {}): TargetAccountRolesProps {
  return {
    accountId: TARGET_ACCOUNT_A,
    pipelineRoleArn: PIPELINE_ROLE,
    actionRoleName: "codepipeline-action",
    cloudFormationExecutionRoleName: "codepipeline-cfn-exec",
    artifactStores: TARGET_STORES,
    cloudFormationExecutionPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess", `arn:aws:iam::${TARGET_ACCOUNT_A}:policy/deploy-extra`],
    ...overrides,
  };
}

export function buildTargetAccountRoles(overrides: Partial<TargetAccountRolesProps> = {}): Built<TargetAccountRoles> {
  const stack = newStack();
  const construct = new TargetAccountRoles(stack, "target", targetAccountRolesProps(overrides));
  return { stack, construct, out: synth(stack) };
}
