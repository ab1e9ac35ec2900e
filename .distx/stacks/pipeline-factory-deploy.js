"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEPLOY_FACTORIES = void 0;
const cloudformation_1 = require("../modules/pipeline/actions/cloudformation");
const deploy_1 = require("../modules/pipeline/actions/deploy");
/** The action role of the entry's target account, when it names one. */
function placed(account, roles) {
    return account ? { roleArn: roles(account).actionRoleArn } : {};
}
// Deploy entries: the config fields are the props; `account` becomes the target's action role and,
// for CloudFormation, the default execution role.
exports.DEPLOY_FACTORIES = {
    cloudformation: (cfg, roles) => {
        const { type: _t, name, account, deploymentRoleArn, ...rest } = cfg;
        const needsRole = rest.actionMode !== "CHANGE_SET_EXECUTE";
        const role = deploymentRoleArn ?? (needsRole && account ? roles(account).cloudFormationExecutionRoleArn : undefined);
        return new cloudformation_1.CloudFormationDeployAction({ actionName: name, ...rest, ...placed(account, roles), ...(role ? { deploymentRoleArn: role } : {}) });
    },
    "cloudformation-stackset": (cfg, roles) => {
        const { type: _t, name, account, ...rest } = cfg;
        return new cloudformation_1.CloudFormationStackSetAction({ actionName: name, ...rest, ...placed(account, roles) });
    },
    "cloudformation-stack-instances": (cfg, roles) => {
        const { type: _t, name, account, ...rest } = cfg;
        return new cloudformation_1.CloudFormationStackInstancesAction({ actionName: name, ...rest, ...placed(account, roles) });
    },
    codedeploy: (cfg, roles) => {
        const { type: _t, name, account, ...rest } = cfg;
        return new deploy_1.CodeDeployAction({ actionName: name, ...rest, ...placed(account, roles) });
    },
    ecs: (cfg, roles) => {
        const { type: _t, name, account, ...rest } = cfg;
        return new deploy_1.EcsDeployAction({ actionName: name, ...rest, ...placed(account, roles) });
    },
    "ecs-blue-green": (cfg, roles) => {
        const { type: _t, name, account, ...rest } = cfg;
        return new deploy_1.EcsBlueGreenDeployAction({ actionName: name, ...rest, ...placed(account, roles) });
    },
    "elastic-beanstalk": (cfg, roles) => {
        const { type: _t, name, account, ...rest } = cfg;
        return new deploy_1.ElasticBeanstalkDeployAction({ actionName: name, ...rest, ...placed(account, roles) });
    },
    "service-catalog": (cfg, roles) => {
        const { type: _t, name, account, ...rest } = cfg;
        // The schema's refinement enforces the either/or form that the props express as a union.
        return new deploy_1.ServiceCatalogDeployAction({ actionName: name, ...rest, ...placed(account, roles) });
    },
    "s3-deploy": (cfg, roles) => {
        const { type: _t, name, account, ...rest } = cfg;
        return new deploy_1.S3DeployAction({ actionName: name, ...rest, ...placed(account, roles) });
    },
};
