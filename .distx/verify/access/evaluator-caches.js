"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.installEvaluatorCaches = installEvaluatorCaches;
/**
 * Three pure functions inside the IAM policy evaluator took about 45% of the access proof's CPU
 * time (`node --cpu-prof`, N = 50 targets):
 * - the resource-type lookup of an (action, resource) pair, recomputed with automata on every
 *   simulation: it depends only on the bundled IAM data, so it is memoized per service, action and
 *   resource;
 * - case-insensitive comparison through `String.prototype.localeCompare` with options, which builds
 *   a collator on every call: ECMA-402 defines it as `new Intl.Collator(undefined, options).compare`,
 *   so one collator serves;
 * - the conversion of a policy string to a regular expression: without a policy variable (`${...}`)
 *   it does not depend on the request, so it is memoized per string and options.
 * They are replaced here, once per process, by these equivalents.
 *
 * They are internals of exactly pinned devDependencies: if a new version moves them, this throws at
 * load, naming what moved, rather than silently running slowly or differently.
 * test/verify/evaluator-caches.test.ts runs the cached and the original functions on the same cases.
 */
const path = __importStar(require("node:path"));
let originals;
function internalModule(pkg, from, file, members) {
    // The packages export only their root; the evaluator itself requires these files by relative path.
    const root = path.dirname(require.resolve(pkg, { paths: [from] }));
    const mod = require(path.join(root, file));
    for (const m of members) {
        if (typeof mod[m] !== "function") {
            throw new Error(`${pkg}: ${file} no longer exports ${m}; update verify/access/evaluator-caches.ts for the new version`);
        }
    }
    return mod;
}
/** Installs the caches (idempotent) and returns the original functions. */
function installEvaluatorCaches() {
    if (originals)
        return originals;
    const simulateRoot = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
    const types = internalModule("@cloud-copilot/iam-simulate", __dirname, "simulation_engine/resourceTypes.js", ["getResourceTypesForAction"]);
    const simUtils = internalModule("@cloud-copilot/iam-simulate", __dirname, "util.js", ["convertIamString"]);
    const utils = internalModule("@cloud-copilot/iam-policy", simulateRoot, "utils.js", ["caseInsensitiveEquals", "caseInsensitiveEndsWith"]);
    originals = {
        getResourceTypesForAction: types.getResourceTypesForAction,
        caseInsensitiveEquals: utils.caseInsensitiveEquals,
        caseInsensitiveEndsWith: utils.caseInsensitiveEndsWith,
        convertIamString: simUtils.convertIamString,
    };
    const lookup = originals.getResourceTypesForAction;
    const memo = new Map();
    // Callers receive a fresh array each time, as from the original; the elements are IAM data records.
    types.getResourceTypesForAction = (service, action, resource) => {
        const key = `${service}\n${action}\n${resource}`;
        let hit = memo.get(key);
        if (!hit) {
            hit = lookup(service, action, resource);
            memo.set(key, hit);
        }
        return hit.then((list) => [...list]);
    };
    const collator = new Intl.Collator(undefined, { sensitivity: "accent" });
    const equals = (first, second) => collator.compare(first, second) === 0;
    utils.caseInsensitiveEquals = equals;
    utils.caseInsensitiveEndsWith = (value, suffix) => equals(value.slice(suffix.length * -1), suffix);
    const convert = originals.convertIamString;
    const converted = new Map();
    simUtils.convertIamString = (value, request, options) => {
        if (value.includes("${"))
            return convert(value, request, options);
        // The evaluator merges options over these defaults, an explicit undefined included.
        const o = { replaceWildcards: true, convertToRegex: true, ...options };
        const key = `${Boolean(o.replaceWildcards)}${Boolean(o.convertToRegex)}${value}`;
        let hit = converted.get(key);
        if (hit === undefined) {
            hit = convert(value, request, options);
            converted.set(key, hit);
        }
        // A fresh wrapper per call; the RegExp inside has no global flag, so sharing it is stateless.
        return typeof hit === "object" && hit !== null ? { ...hit } : hit;
    };
    return originals;
}
