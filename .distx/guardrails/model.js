"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AppModel = void 0;
const resolve_1 = require("../verify/resolve");
const iam_1 = require("./iam");
class Resource {
    model;
    stack;
    type;
    name;
    body;
    account;
    region;
    knownPath;
    address;
    cached;
    constructor(model, stack, type, name, body, account, region, knownPath) {
        this.model = model;
        this.stack = stack;
        this.type = type;
        this.name = name;
        this.body = body;
        this.account = account;
        this.region = region;
        this.knownPath = knownPath;
        this.address = `${type}.${name}`;
    }
    get values() {
        if (!this.cached) {
            const { "//": _meta, ...rest } = this.body;
            this.cached = this.model.resolve(this.stack, rest);
        }
        return this.cached;
    }
    get constructPath() {
        if (this.knownPath !== undefined)
            return this.knownPath;
        const meta = this.body["//"]?.metadata;
        return meta?.path ?? `${this.stack}/${this.address}`;
    }
}
/**
 * The synthesized app as the rules see it: every stack's JSON as resources with their provider's
 * account and region, and the values and ARNs `verify/resolve.ts` (`SynthIndex`, exposed as
 * `index`) resolves for them across stacks. What it adds for the rules: lookups by type, by ARN and
 * by bucket name, and the identity policies of roles.
 */
class AppModel {
    stacks;
    index;
    byType = new Map();
    arnIndex;
    roleCache = new Map();
    /**
     * @param constructPaths construct path of each resource, keyed `<stack id>|<type>.<logical id>`
     *   (from the construct tree); @default the `//.metadata.path` cdktf writes into each resource
     */
    constructor(stacks, constructPaths = new Map()) {
        this.stacks = stacks;
        this.index = new resolve_1.SynthIndex(stacks);
        for (const s of stacks) {
            for (const [type, byName] of Object.entries(s.json.resource ?? {})) {
                for (const [name, body] of Object.entries(byName)) {
                    const { account } = this.index.providerOf(s.id, body);
                    const region = this.index.regionOf(s.id, body);
                    const list = this.byType.get(type) ?? [];
                    list.push(new Resource(this, s.id, type, name, body, account, region, constructPaths.get(`${s.id}|${type}.${name}`)));
                    this.byType.set(type, list);
                }
            }
        }
    }
    /** Account and region of the provider a block uses (`provider = "aws.<alias>"` honoured). */
    providerOf(stackId, body) {
        return this.index.providerOf(stackId, body);
    }
    accountOf(stackId) {
        return this.index.providerOf(stackId).account;
    }
    regionOf(stackId) {
        return this.index.regionOf(stackId);
    }
    resources(type) {
        return this.byType.get(type) ?? [];
    }
    allResources() {
        return [...this.byType.values()].flat();
    }
    resource(stackId, type, name) {
        return this.byType.get(type)?.find((r) => r.stack === stackId && r.name === name);
    }
    resolve(stackId, value) {
        return this.index.resolveValue(stackId, value);
    }
    /** Resolves every `${...}` inside a string; what cannot be resolved becomes `${<stack>:<expression>}`. */
    resolveString(stackId, value, depth = 0) {
        return this.index.resolveString(stackId, value, depth);
    }
    arnOf(resource) {
        return this.index.arnOf(resource.stack, resource.type, resource.name);
    }
    findByArn(arn, types) {
        if (!this.arnIndex) {
            this.arnIndex = new Map();
            for (const r of this.allResources()) {
                const a = this.arnOf(r);
                if (a && !this.arnIndex.has(a))
                    this.arnIndex.set(a, r);
            }
        }
        const found = this.arnIndex.get(arn);
        return found && (!types || types.includes(found.type)) ? found : undefined;
    }
    bucketNamed(name) {
        return this.resources("aws_s3_bucket").find((b) => b.values.bucket === name);
    }
    bucketAttachments(type, bucketName) {
        return this.resources(type).filter((r) => r.values.bucket === bucketName || r.values.bucket === `arn:aws:s3:::${bucketName}`);
    }
    rolePolicies(roleArn) {
        let found = this.roleCache.get(roleArn);
        if (!found) {
            found = (0, iam_1.rolePolicies)(this, roleArn);
            this.roleCache.set(roleArn, found);
        }
        return found;
    }
}
exports.AppModel = AppModel;
