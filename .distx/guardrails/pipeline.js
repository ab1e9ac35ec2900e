"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.blocks = blocks;
exports.str = str;
exports.pipelineView = pipelineView;
exports.storeFor = storeFor;
exports.accountOfArn = accountOfArn;
const arn_1 = require("./arn");
/** A nested block as a list, whether cdktf rendered it as an object or as a list. */
function blocks(value) {
    if (Array.isArray(value))
        return value.filter((v) => !!v && typeof v === "object");
    return value && typeof value === "object" ? [value] : [];
}
/** A string value, or undefined. */
function str(value) {
    return typeof value === "string" ? value : undefined;
}
function pipelineView(res) {
    const v = res.values;
    const region = res.region;
    const stores = blocks(v.artifact_store).map((s) => {
        const key = blocks(s.encryption_key)[0];
        return {
            region: str(s.region) ?? region,
            explicitRegion: typeof s.region === "string",
            location: str(s.location),
            keyId: key ? str(key.id) : undefined,
            hasEncryptionKey: key !== undefined,
        };
    });
    const stages = blocks(v.stage).map((s) => {
        const stage = str(s.name) ?? "?";
        const actions = blocks(s.action).map((a) => {
            const name = str(a.name) ?? "?";
            const configuration = Object.fromEntries(Object.entries((a.configuration ?? {})).map(([k, x]) => [k, typeof x === "string" ? x : JSON.stringify(x)]));
            return {
                stage,
                name,
                category: str(a.category) ?? "",
                owner: str(a.owner) ?? "",
                provider: str(a.provider) ?? "",
                version: str(a.version) ?? "",
                region: str(a.region) ?? region,
                explicitRegion: str(a.region),
                roleArn: str(a.role_arn),
                configuration,
                inputs: (Array.isArray(a.input_artifacts) ? a.input_artifacts : []).map(String),
                outputs: (Array.isArray(a.output_artifacts) ? a.output_artifacts : []).map(String),
                label: `${stage}/${name}`,
            };
        });
        const conditionBlocks = ["before_entry", "on_success", "on_failure"].filter((k) => blocks(s[k]).length > 0);
        return { name: stage, actions, conditionBlocks };
    });
    return {
        name: str(v.name) ?? res.name,
        region,
        account: res.account,
        type: str(v.pipeline_type) ?? "V1",
        explicitType: typeof v.pipeline_type === "string",
        executionMode: str(v.execution_mode),
        roleArn: str(v.role_arn),
        stores,
        stages,
        actions: stages.flatMap((s) => s.actions),
        triggers: blocks(v.trigger),
        variables: blocks(v.variable),
    };
}
/** The artifact store a pipeline uses in a region (a single store without region serves the pipeline's region). */
function storeFor(p, region) {
    return p.stores.find((s) => s.region === region);
}
/** The account an ARN-valued field names, when it is a concrete ARN with an account. */
function accountOfArn(value) {
    if (!(0, arn_1.isKnown)(value))
        return undefined;
    const m = /^arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12}):/.exec(value);
    return m?.[1];
}
