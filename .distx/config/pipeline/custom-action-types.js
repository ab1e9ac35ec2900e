"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WORKER_ROLE_NAME_MAX = exports.customActionTypeSchema = void 0;
exports.uniqueCustomActionTypes = uniqueCustomActionTypes;
exports.customActionWorkerRoleName = customActionWorkerRoleName;
const zod_1 = require("zod");
const primitives_1 = require("../primitives");
const count = zod_1.z.strictObject({ minimumCount: zod_1.z.number().int().min(0).max(5), maximumCount: zod_1.z.number().int().min(0).max(5) });
// Mirrors modules/custom-action-type's props; the worker role name comes from the naming helper.
exports.customActionTypeSchema = zod_1.z
    .strictObject({
    category: zod_1.z.enum(["Source", "Build", "Test", "Deploy", "Approval", "Invoke"]),
    providerName: zod_1.z.string().regex(/^[A-Za-z0-9_-]{1,35}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid provider name (1-35 letters, digits, _ or -)` }),
    version: zod_1.z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,9}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid version (1-9 letters, digits, _ or -)` })
        .describe("1-9 letters, digits, _ or -. A type cannot change under a version: a changed definition needs a version never used before (the lock file next to the landing-zone file records them)."),
    configurationProperties: zod_1.z
        .array(zod_1.z.strictObject({
        name: zod_1.z.string().min(1).max(50),
        required: zod_1.z.boolean().optional(),
        key: zod_1.z.boolean().optional(),
        secret: zod_1.z.boolean().optional(),
        queryable: zod_1.z.boolean().optional(),
        description: zod_1.z.string().min(1).max(160).optional(),
        type: zod_1.z.enum(["String", "Number", "Boolean"]).optional(),
    }))
        .max(10)
        .optional()
        .describe("At most 10 configuration properties."),
    inputArtifactDetails: count.optional(),
    outputArtifactDetails: count.optional(),
    settings: zod_1.z
        .strictObject({
        entityUrlTemplate: zod_1.z.string().optional(),
        executionUrlTemplate: zod_1.z.string().optional(),
        revisionUrlTemplate: zod_1.z.string().optional(),
        thirdPartyConfigurationUrl: zod_1.z.string().optional(),
    })
        .optional(),
    workerPrincipal: zod_1.z
        .union([zod_1.z.strictObject({ service: zod_1.z.string().regex(/^[a-z0-9.-]+\.amazonaws\.com$/) }), zod_1.z.strictObject({ roleArn: zod_1.z.string() })])
        .describe('Who runs the job worker: { "service": "ec2.amazonaws.com" } or { "roleArn": "arn:aws:iam::...:role/..." }.'),
})
    .describe("A custom action type and its job-worker role, in the tools account's primary region.");
/** One entry per category/provider/version: they name the type in CodePipeline and in the lock file. */
function uniqueCustomActionTypes(types, ctx) {
    const seen = new Map();
    types.forEach((t, i) => {
        const key = `${t.category}/${t.providerName}/${t.version}`;
        const first = seen.get(key);
        if (first === undefined)
            seen.set(key, i);
        else
            ctx.addIssue({ code: "custom", path: [i], input: key, message: `${key} is already defined by customActionTypes[${first}]; define each version once, and give a changed definition a new version` });
    });
}
/** IAM API reference, CreateRole: a role name has at most 64 characters. */
exports.WORKER_ROLE_NAME_MAX = 64;
/**
 * Name of a custom action type's job-worker role (and instance profile), `<landing zone>-cp-worker-
 * <provider>-<version>`: kept readable rather than hashed, because whoever runs the worker names it.
 * stacks/naming.ts builds it with this function; the schema rejects one over {@link WORKER_ROLE_NAME_MAX}.
 */
function customActionWorkerRoleName(landingZoneName, providerName, version) {
    return `${landingZoneName}-cp-worker-${providerName}-${version}`;
}
