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
exports.readSynthOutput = readSynthOutput;
exports.backendLocations = backendLocations;
exports.analyseWiring = analyseWiring;
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
/** Reads every stack of a `cdktf synth` output directory. */
function readSynthOutput(outdir) {
    const manifestFile = path.join(outdir, "manifest.json");
    if (!fs.existsSync(manifestFile))
        throw new Error(`${manifestFile} not found; run \`npx cdktf synth\` first`);
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    return Object.entries(manifest.stacks).map(([id, s]) => ({
        id,
        dependencies: s.dependencies ?? [],
        json: JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), "utf8")),
    }));
}
/** Where a backend or remote-state config stores state, as a comparable string. */
function stateLocation(type, config) {
    return type === "s3" ? `s3://${String(config.bucket)}/${String(config.key)}` : `${type}:${JSON.stringify(config)}`;
}
/** The location each stack writes its own state to. */
function backendLocations(stacks) {
    const out = new Map();
    for (const s of stacks) {
        const backend = s.json.terraform?.backend ?? {};
        const [type, config] = Object.entries(backend)[0] ?? [];
        if (type && config)
            out.set(s.id, stateLocation(type, config));
    }
    return out;
}
const READ = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g;
function referencedOutputs(json) {
    const found = new Map();
    const text = JSON.stringify({ ...json, data: undefined });
    for (const m of text.matchAll(READ)) {
        const set = found.get(m[1]) ?? new Set();
        set.add(m[2]);
        found.set(m[1], set);
    }
    return found;
}
/**
 * Checks the stack graph is safe to roll out: no cycles, every remote-state read points at one of
 * our stacks that is applied earlier and has the outputs used, and no two stacks share a state key.
 */
function analyseWiring(stacks) {
    const problems = [];
    const ids = new Set(stacks.map((s) => s.id));
    const byId = new Map(stacks.map((s) => [s.id, s]));
    const locations = backendLocations(stacks);
    const owners = new Map();
    for (const [id, loc] of locations) {
        const other = owners.get(loc);
        if (other)
            problems.push(`${id}: state location ${loc} is also used by ${other}`);
        else
            owners.set(loc, id);
    }
    for (const s of stacks) {
        if (!locations.has(s.id))
            problems.push(`${s.id}: has no backend; its state would stay on the CI runner`);
        for (const d of s.dependencies)
            if (!ids.has(d))
                problems.push(`${s.id}: depends on unknown stack ${d}`);
    }
    const waves = topologicalWaves(stacks, problems);
    const before = new Map();
    const ancestors = (id, seen = new Set()) => {
        for (const d of byId.get(id)?.dependencies ?? []) {
            if (!seen.has(d)) {
                seen.add(d);
                ancestors(d, seen);
            }
        }
        return seen;
    };
    for (const s of stacks)
        before.set(s.id, ancestors(s.id));
    const reads = [];
    for (const s of stacks) {
        const used = referencedOutputs(s.json);
        for (const [name, body] of Object.entries(s.json.data?.terraform_remote_state ?? {})) {
            const config = (body.config ?? {});
            const location = stateLocation(String(body.backend), config);
            const sourceStack = owners.get(location);
            const outputs = [...(used.get(name) ?? [])].sort();
            reads.push({ stack: s.id, dataSource: name, location, outputs, ...(sourceStack ? { sourceStack } : {}) });
            if (!sourceStack) {
                problems.push(`${s.id}: remote state ${name} reads ${location}, which no stack of this app writes`);
                continue;
            }
            if (!before.get(s.id).has(sourceStack)) {
                problems.push(`${s.id}: reads the state of ${sourceStack} but does not depend on it, so it may be applied first`);
            }
            const declared = byId.get(sourceStack).json.output ?? {};
            for (const o of outputs) {
                if (!(o in declared))
                    problems.push(`${s.id}: reads output ${o} of ${sourceStack}, which has no such output`);
            }
        }
    }
    return { waves, reads, problems };
}
// Kahn's algorithm by levels; whatever is left over sits on a cycle.
function topologicalWaves(stacks, problems) {
    const remaining = new Map(stacks.map((s) => [s.id, new Set(s.dependencies.filter((d) => stacks.some((x) => x.id === d)))]));
    const waves = [];
    while (remaining.size > 0) {
        const ready = [...remaining.entries()].filter(([, deps]) => deps.size === 0).map(([id]) => id).sort();
        if (ready.length === 0) {
            problems.push(`dependency cycle among: ${[...remaining.keys()].sort().join(", ")}`);
            break;
        }
        waves.push(ready);
        for (const id of ready)
            remaining.delete(id);
        for (const deps of remaining.values())
            for (const id of ready)
                deps.delete(id);
    }
    return waves;
}
