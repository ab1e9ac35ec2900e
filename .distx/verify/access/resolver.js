"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AccessResolver = exports.blocks = void 0;
exports.arnAccount = arnAccount;
exports.arnRegion = arnRegion;
const resolve_1 = require("../resolve");
var resolve_2 = require("../resolve");
Object.defineProperty(exports, "blocks", { enumerable: true, get: function () { return resolve_2.blocks; } });
/** A `${<stack>:<ref>}` left over by {@link SynthIndex.resolveString}. */
const LEFT_OVER = /\$\{([\w-]+):([^{}]+)\}/g;
/**
 * {@link SynthIndex} (which resolves every reference and computes the ARNs) plus what the access
 * proof needs on top of it: resources listed across stacks as tuples, policies that tolerate
 * non-JSON, and a record of every reference that stayed unresolved in a value the proof used,
 * reported by {@link AccessResolver.unresolved}.
 */
class AccessResolver {
    stacks;
    index;
    seenUnresolved = new Set();
    constructor(stacks) {
        this.stacks = stacks;
        this.index = new resolve_1.SynthIndex(stacks);
    }
    /** Every reference that stayed unresolved in a value the proof used, as `${stack:ref}`. */
    unresolved() {
        return [...this.seenUnresolved].sort();
    }
    account(stackId) {
        return this.index.accountOf(stackId);
    }
    region(stackId, resource) {
        return this.index.regionOf(stackId, resource);
    }
    /** Every resource of a type across all stacks, as [stack, name, body]. */
    all(type) {
        return this.stacks.flatMap((s) => Object.entries(this.index.resources(s.id, type)).map(([n, b]) => [s.id, n, b]));
    }
    /** Resolves every reference in a string, following remote state across stacks. */
    str(stackId, value, depth = 0) {
        const out = this.index.resolveString(stackId, value, depth);
        for (const m of out.matchAll(LEFT_OVER))
            this.seenUnresolved.add(m[0]);
        return out;
    }
    /** A string attribute, resolved; undefined when absent. */
    attr(stackId, body, key) {
        const v = body[key];
        return typeof v === "string" ? this.str(stackId, v) : undefined;
    }
    /** A JSON policy (string attribute or already-parsed object), parsed and resolved. */
    policy(stackId, raw) {
        if (typeof raw !== "string" || raw.trim() === "")
            return undefined;
        const text = this.str(stackId, raw);
        try {
            return JSON.parse(text);
        }
        catch {
            // A policy built with a Terraform function (jsonencode, ...) is not JSON here.
            this.seenUnresolved.add(`${stackId}: policy that is not literal JSON: ${text.slice(0, 80)}`);
            return undefined;
        }
    }
    /** The ARN (or another attribute) of a resource, e.g. `ref(stack, "aws_sqs_queue", "dlq")`. */
    ref(stackId, type, name, attribute = "arn") {
        return this.str(stackId, `\${${type}.${name}.${attribute}}`);
    }
}
exports.AccessResolver = AccessResolver;
/** The account id inside an ARN, if it has one. */
function arnAccount(arn) {
    const account = arn.split(":")[4];
    return account && /^\d{12}$/.test(account) ? account : undefined;
}
/** The region inside an ARN, if it has one. */
function arnRegion(arn) {
    const region = arn.split(":")[3];
    return region ? region : undefined;
}
