import type { z } from "zod";
import type {
  cloudFormationDeploySchema,
  cloudFormationStackInstancesSchema,
  cloudFormationStackSetSchema,
  codeDeploySchema,
  ecsBlueGreenDeploySchema,
  ecsDeploySchema,
  elasticBeanstalkDeploySchema,
  s3DeploySchema,
  serviceCatalogDeploySchema,
} from "../config/pipeline/deploy";
import type { Action } from "../modules/pipeline/action";
import { CloudFormationDeployAction, CloudFormationStackInstancesAction, CloudFormationStackSetAction } from "../modules/pipeline/actions/cloudformation";
import {
  CodeDeployAction,
  EcsBlueGreenDeployAction,
  EcsDeployAction,
  ElasticBeanstalkDeployAction,
  S3DeployAction,
  ServiceCatalogDeployAction,
} from "../modules/pipeline/actions/deploy";
import type { TargetRolesResolver } from "./pipeline-factory";

type Out<T extends z.ZodType> = z.output<T>;

/** The action role of the entry's target account, when it names one. */
function placed(account: string | undefined, roles: TargetRolesResolver): { roleArn?: string } {
  return account ? { roleArn: roles(account).actionRoleArn } : {};
}

// Deploy entries: the config fields are the props; `account` becomes the target's action role and,
// for CloudFormation, the default execution role.
export const DEPLOY_FACTORIES = {
  cloudformation: (cfg: Out<typeof cloudFormationDeploySchema>, roles: TargetRolesResolver): Action => {
    const { type: _t, name, account, deploymentRoleArn, ...rest } = cfg;
    const needsRole = rest.actionMode !== "CHANGE_SET_EXECUTE";
    const role = deploymentRoleArn ?? (needsRole && account ? roles(account).cloudFormationExecutionRoleArn : undefined);
    return new CloudFormationDeployAction({ actionName: name, ...rest, ...placed(account, roles), ...(role ? { deploymentRoleArn: role } : {}) });
  },
  "cloudformation-stackset": (cfg: Out<typeof cloudFormationStackSetSchema>, roles: TargetRolesResolver): Action => {
    const { type: _t, name, account, ...rest } = cfg;
    return new CloudFormationStackSetAction({ actionName: name, ...rest, ...placed(account, roles) });
  },
  "cloudformation-stack-instances": (cfg: Out<typeof cloudFormationStackInstancesSchema>, roles: TargetRolesResolver): Action => {
    const { type: _t, name, account, ...rest } = cfg;
    return new CloudFormationStackInstancesAction({ actionName: name, ...rest, ...placed(account, roles) });
  },
  codedeploy: (cfg: Out<typeof codeDeploySchema>, roles: TargetRolesResolver): Action => {
    const { type: _t, name, account, ...rest } = cfg;
    return new CodeDeployAction({ actionName: name, ...rest, ...placed(account, roles) });
  },
  ecs: (cfg: Out<typeof ecsDeploySchema>, roles: TargetRolesResolver): Action => {
    const { type: _t, name, account, ...rest } = cfg;
    return new EcsDeployAction({ actionName: name, ...rest, ...placed(account, roles) });
  },
  "ecs-blue-green": (cfg: Out<typeof ecsBlueGreenDeploySchema>, roles: TargetRolesResolver): Action => {
    const { type: _t, name, account, ...rest } = cfg;
    return new EcsBlueGreenDeployAction({ actionName: name, ...rest, ...placed(account, roles) });
  },
  "elastic-beanstalk": (cfg: Out<typeof elasticBeanstalkDeploySchema>, roles: TargetRolesResolver): Action => {
    const { type: _t, name, account, ...rest } = cfg;
    return new ElasticBeanstalkDeployAction({ actionName: name, ...rest, ...placed(account, roles) });
  },
  "service-catalog": (cfg: Out<typeof serviceCatalogDeploySchema>, roles: TargetRolesResolver): Action => {
    const { type: _t, name, account, ...rest } = cfg;
    // The schema's refinement enforces the either/or form that the props express as a union.
    return new ServiceCatalogDeployAction({ actionName: name, ...rest, ...placed(account, roles) } as ConstructorParameters<
      typeof ServiceCatalogDeployAction
    >[0]);
  },
  "s3-deploy": (cfg: Out<typeof s3DeploySchema>, roles: TargetRolesResolver): Action => {
    const { type: _t, name, account, ...rest } = cfg;
    return new S3DeployAction({ actionName: name, ...rest, ...placed(account, roles) });
  },
} as const;
