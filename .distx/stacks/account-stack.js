"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AccountStack = void 0;
const provider_1 = require("@cdktf/provider-aws/lib/provider");
const cdktf_1 = require("cdktf");
const naming_1 = require("./naming");
/**
 * A stack bound to one account and region: its own provider (assume role, allowed account,
 * default tags) and its own S3 backend key.
 */
class AccountStack extends cdktf_1.TerraformStack {
    lz;
    accountId;
    region;
    naming;
    /** ARN of the role Terraform runs as in this account. */
    providerRoleArn;
    constructor(scope, id, props) {
        super(scope, id);
        this.lz = props.lz;
        this.accountId = props.accountId;
        this.region = props.region;
        this.naming = new naming_1.Naming(props.lz);
        this.providerRoleArn = this.naming.roleArn(props.accountId, props.providerRoleName);
        const role = props.lz.providerRole;
        new provider_1.AwsProvider(this, "aws", {
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
        const backend = new cdktf_1.S3Backend(this, {
            bucket: state.bucket,
            region: state.region,
            key: (0, naming_1.stateKey)(state.keyPrefix, id),
            encrypt: true,
            ...(state.roleArn ? { assumeRole: { roleArn: state.roleArn } } : {}),
            ...(state.dynamodbTable ? { dynamodbTable: state.dynamodbTable } : {}),
            ...(state.kmsKeyId ? { kmsKeyId: state.kmsKeyId } : {}),
        });
        // cdktf 0.21's S3BackendConfig predates the S3 lock file; Terraform >= 1.10 reads it.
        if (state.useLockfile)
            backend.addOverride("use_lockfile", true);
    }
    /** Who administers the KMS keys of this stack: the Terraform deploy role and the configured administrators. */
    get keyAdministratorArns() {
        return [this.providerRoleArn, ...this.lz.keyAdministratorRoleNames.map((n) => this.naming.roleArn(this.accountId, n))];
    }
    /** Where this landing zone's state lives, for remote-state readers. */
    get stateLocation() {
        const s = this.lz.state;
        return { bucket: s.bucket, region: s.region, keyPrefix: s.keyPrefix, ...(s.roleArn ? { roleArn: s.roleArn } : {}) };
    }
    /** An output whose name is part of the public contract (no cdktf prefix or hash). */
    output(name, value, description) {
        return new cdktf_1.TerraformOutput(this, name, { value, description, staticId: true });
    }
}
exports.AccountStack = AccountStack;
