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
exports.CONFIG_CONTEXT_KEY = exports.CONFIG_ENV_VAR = exports.ConfigError = exports.EXAMPLE_LANDING_ZONE = void 0;
exports.readLandingZone = readLandingZone;
exports.loadLandingZone = loadLandingZone;
exports.lockFileOf = lockFileOf;
exports.writeLockFile = writeLockFile;
exports.lockRecordedNote = lockRecordedNote;
exports.isCi = isCi;
exports.parseLandingZone = parseLandingZone;
exports.formatPath = formatPath;
exports.resolveLandingZoneFile = resolveLandingZoneFile;
exports.chooseLandingZoneFile = chooseLandingZoneFile;
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const zod_1 = require("zod");
const custom_action_lock_1 = require("./custom-action-lock");
const json_text_1 = require("./json-text");
const schema_1 = require("./schema");
const suggest_1 = require("./suggest");
/** The landing zone shipped with the package; `npx cdktf synth` uses it when nothing else is chosen. */
exports.EXAMPLE_LANDING_ZONE = path.join(__dirname, "example", "landing-zone.json");
/** A landing-zone file that cannot be used; lists every problem found, each with its JSON path. */
class ConfigError extends Error {
    file;
    problems;
    constructor(file, problems) {
        const lines = problems.map((p) => `  - ${p.path ? `${p.path}: ` : ""}${p.message}`);
        const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
        super(`landing-zone config ${file} is invalid (${count}):\n${lines.join("\n")}`);
        this.file = file;
        this.problems = problems;
        this.name = "ConfigError";
    }
}
exports.ConfigError = ConfigError;
/**
 * Reads, parses and validates a landing-zone file, and checks its custom action types against the
 * lock file next to it ({@link lockFileOf}). Writes nothing. Throws {@link ConfigError}.
 */
function readLandingZone(file, options = {}) {
    const shownFile = options.shown ?? displayPath(file);
    const lz = readAndParse(file, shownFile);
    const lockFile = lockFileOf(file);
    const lock = readLock(lockFile);
    if (lz.customActionTypes.length === 0)
        return { lz };
    const shown = displayPath(lockFile);
    const checked = (0, custom_action_lock_1.checkLock)(lz.customActionTypes, lock, { lockFile: shown, ci: options.ci ?? false });
    if (checked.problems.length)
        throw new ConfigError(shownFile, checked.problems);
    if (checked.added.length === 0 || options.ci)
        return { lz };
    return { lz, lockUpdate: { file: lockFile, shown, text: (0, custom_action_lock_1.formatLock)(checked.lock), added: checked.added } };
}
/** Reads, parses and validates a landing-zone file (and checks it against its lock file; records nothing). Throws {@link ConfigError}. */
function loadLandingZone(file, options = {}) {
    return readLandingZone(file, options).lz;
}
/** The custom action type lock of a landing-zone file: `landing-zone.json` -> `landing-zone.lock.json`. */
function lockFileOf(file) {
    return /\.json$/i.test(file) ? file.replace(/\.json$/i, ".lock.json") : `${file}.lock.json`;
}
/** Writes the lock file whole or not at all (temporary file, then rename). */
function writeLockFile(update) {
    const tmp = `${update.file}.${process.pid}.tmp`;
    try {
        fs.writeFileSync(tmp, update.text);
        fs.renameSync(tmp, update.file);
    }
    finally {
        fs.rmSync(tmp, { force: true });
    }
}
/** What the synth says after recording new versions in the lock file. */
function lockRecordedNote(update) {
    return `recorded custom action type ${update.added.join(", ")} in ${update.shown}; commit it`;
}
/** `CI` set to anything but "", "0" or "false" (CI services set CI=true). */
function isCi(env) {
    const v = env.CI?.trim().toLowerCase();
    return v !== undefined && v !== "" && v !== "0" && v !== "false";
}
function readLock(lockFile) {
    let text;
    try {
        text = fs.readFileSync(lockFile, "utf8");
    }
    catch (e) {
        if (e.code === "ENOENT")
            return undefined;
        throw new ConfigError(lockFile, [{ path: "", message: e.message }]);
    }
    const restore = "restore it from version control (never delete it: it remembers deleted versions)";
    // Written by the synth, so plain JSON: no comments.
    const parsed = (0, json_text_1.parseJsonText)(text, { comments: false });
    if (parsed.error)
        throw new ConfigError(displayPath(lockFile), [{ path: "", message: `${syntaxMessage(displayPath(lockFile), parsed.error)}; ${restore}` }]);
    const { lock, problems } = (0, custom_action_lock_1.parseLock)(parsed.value);
    if (!lock)
        throw new ConfigError(lockFile, problems.map((p) => ({ ...p, message: `${p.message}; ${restore}` })));
    return lock;
}
function displayPath(file) {
    const rel = path.relative(process.cwd(), file);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}
function readAndParse(file, shown) {
    let text;
    try {
        text = fs.readFileSync(file, "utf8");
    }
    catch (e) {
        const code = e.code;
        const reason = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory, not a file" : e.message;
        throw new ConfigError(shown, [
            { path: "", message: `${reason}; point LANDING_ZONE_CONFIG (or the cdktf context key "landingZone") at an existing file` },
        ]);
    }
    const parsed = (0, json_text_1.parseJsonText)(text);
    if (parsed.error)
        throw new ConfigError(shown, [{ path: "", message: syntaxMessage(shown, parsed.error) }]);
    return parseLandingZone(parsed.value, shown);
}
// "not valid JSON at line 4, column 3 (landing-zone.json:4:3): ..." (the second form is what editors and terminals open).
function syntaxMessage(shown, e) {
    return `not valid JSON at line ${e.line}, column ${e.column} (${shown}:${e.line}:${e.column}): ${e.message}`;
}
/** Validates an already parsed landing-zone document. Throws {@link ConfigError}. */
function parseLandingZone(json, source = "<inline>") {
    const result = schema_1.landingZoneSchema.safeParse(json, { reportInput: true });
    if (result.success)
        return result.data;
    throw new ConfigError(source, result.error.issues.flatMap((issue) => toProblems(issue)));
}
function toProblems(issue) {
    if (issue.code === "unrecognized_keys") {
        const known = knownKeys(issue.path);
        return issue.keys.map((key) => {
            const guess = (0, suggest_1.closest)(key, known);
            const hint = guess ? `did you mean "${guess}"?` : `allowed keys: ${known.join(", ")}`;
            return { path: formatPath([...issue.path, key]), message: `unknown key; ${hint}` };
        });
    }
    if (issue.code === "invalid_type" && issue.input === undefined) {
        return [{ path: formatPath(issue.path), message: `is required (${issue.expected})` }];
    }
    if (issue.code === "invalid_type" && issue.path.length === 0) {
        return [{ path: "", message: "the file must hold one JSON object, { \"name\": ..., \"tools\": ..., ... }" }];
    }
    if (issue.code === "invalid_key") {
        return issue.issues.map((inner) => ({ path: formatPath(issue.path), message: inner.message }));
    }
    return [{ path: formatPath(issue.path), message: issue.message }];
}
/** `["targets", 2, "accountId"]` -> `targets[2].accountId` */
function formatPath(p) {
    return p
        .map((seg, i) => (typeof seg === "number" ? `[${seg}]` : `${i === 0 ? "" : "."}${String(seg)}`))
        .join("");
}
// Walks the schema along an issue path so unknown-key errors can list the keys that are allowed there.
function knownKeys(p) {
    let node = schema_1.landingZoneSchema;
    for (const seg of p) {
        node = unwrap(node);
        if (node instanceof zod_1.z.ZodObject)
            node = node.shape[String(seg)];
        else if (node instanceof zod_1.z.ZodArray)
            node = node.element;
        else
            return [];
    }
    node = unwrap(node);
    return node instanceof zod_1.z.ZodObject ? Object.keys(node.shape) : [];
}
function unwrap(node) {
    let n = node;
    while (n instanceof zod_1.z.ZodOptional || n instanceof zod_1.z.ZodDefault)
        n = n.unwrap();
    return n;
}
/** Environment variable that chooses the landing-zone file; wins over the cdktf context key. */
exports.CONFIG_ENV_VAR = "LANDING_ZONE_CONFIG";
/** cdktf context key (cdktf.json `context`, or `cdktf synth --context landingZone=...`). */
exports.CONFIG_CONTEXT_KEY = "landingZone";
/** Which landing-zone file to load: the environment variable, else the context key, else the example. */
function resolveLandingZoneFile(env, context) {
    return chooseLandingZoneFile(env, context).file;
}
/** The landing-zone file to load (absolute) and how messages name it: as the user wrote it. */
function chooseLandingZoneFile(env, context) {
    const chosen = env[exports.CONFIG_ENV_VAR] || (typeof context === "string" && context !== "" ? context : undefined);
    return chosen ? { file: path.resolve(chosen), shown: chosen } : { file: exports.EXAMPLE_LANDING_ZONE, shown: displayPath(exports.EXAMPLE_LANDING_ZONE) };
}
