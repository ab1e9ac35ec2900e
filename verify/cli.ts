/**
 * What every command line of the repository (scripts/ and verify/engines/) does the same way:
 * `--help`/`-h` prints the usage and exits 0; an unknown option, a missing or a bad value is one
 * line naming the option, exit 2; a file it cannot write is one line naming the option, the file
 * and why, exit 2; a user error is its message, never a stack trace (set DEBUG to see one).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";

/** What a command prints and its exit code: 0 done, 1 the check failed, 2 it could not run (usage or input). */
export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

export interface CliHelp {
  /** One line: how to call the command, e.g. `npx tsx scripts/waves.ts [--out DIR] [--json]`. */
  readonly synopsis: string;
  /** What it does, its options and exit codes. */
  readonly description: string;
}

type ArgsConfig = NonNullable<Parameters<typeof parseArgs>[0]>;
type Options = NonNullable<ArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h" } } as const;
type WithHelp<O extends Options> = O & typeof HELP;
/** The parsed option values of a command with these options. */
export type CliValues<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: WithHelp<O>; strict: true; allowPositionals: false }>
>["values"];

/** The help text: synopsis, then the description. */
export function usageText(help: CliHelp): string {
  return `usage: ${help.synopsis}\n\n${help.description.trim()}`;
}

/**
 * Parses `argv` strictly (no positionals), with `--help`/`-h` added. Returns the values, or the
 * result to exit with: the usage (0), or one line naming the offending option (2).
 */
export function parseCli<const O extends Options>(argv: readonly string[], options: O, help: CliHelp): { values: CliValues<O> } | { exit: CliResult } {
  let values: CliValues<O>;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv, options),
      options: { ...options, ...HELP } as WithHelp<O>,
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { exit: usageError(help, argError(e as Error & { code?: string })) };
  }
  if ((values as { help?: boolean }).help) return { exit: { code: 0, stdout: usageText(help), stderr: "" } };
  return { values };
}

/** The exit for a bad argument: one line, the problem and the synopsis. */
export function usageError(help: CliHelp, problem: string): CliResult {
  return { code: 2, stdout: "", stderr: `${problem}; usage: ${help.synopsis} (--help for more)` };
}

/** A whole-number option: its value, or the one-line problem with it. */
export function intOption(name: string, value: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number | string {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    return `--${name}: ${JSON.stringify(value)} is not a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}`;
  }
  return n;
}

/**
 * `argv` with a negative number after an option that takes a value joined to it (`--targets -5` ->
 * `--targets=-5`): parseArgs takes `-5` for an option and would say the value is missing, where
 * the command's own check says which values it accepts.
 */
export function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const takesValue = new Set(Object.entries(options).flatMap(([name, o]) => (o.type === "string" ? [`--${name}`, ...(o.short ? [`-${o.short}`] : [])] : [])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    if (takesValue.has(arg) && next !== undefined && /^-\d/.test(next)) {
      out.push(arg.startsWith("--") ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * Writes a file a command was asked to write, `option` naming how (e.g. `--matrix`; undefined for a
 * file of its own). Returns undefined when written, else the exit: code 2 and one line naming the
 * option, the file and why it cannot be written (the stack too when DEBUG is set). With `mkdir`,
 * the folders above the file are created first.
 */
export function writeOutputFile(option: string | undefined, file: string, text: string, options: { readonly mkdir?: boolean } = {}): CliResult | undefined {
  try {
    if (options.mkdir) makeDirs(path.dirname(file));
    fs.writeFileSync(file, text);
    return undefined;
  } catch (e) {
    return cannotWrite(option, file, e as NodeJS.ErrnoException);
  }
}

/**
 * Makes sure a folder a command was asked to write into (named by `option`) exists and is
 * writable, creating it and the folders above it. Returns undefined when it is, else the exit as
 * {@link writeOutputFile} has it.
 */
export function writableDir(option: string | undefined, dir: string): CliResult | undefined {
  try {
    makeDirs(dir);
    if (!fs.statSync(dir).isDirectory()) return cannotWrite(option, dir, Object.assign(new Error("not a directory"), { code: "ENOTDIR" }), true);
    fs.accessSync(dir, fs.constants.W_OK);
    return undefined;
  } catch (e) {
    return cannotWrite(option, dir, e as NodeJS.ErrnoException, true);
  }
}

/**
 * The exit for a file (or folder, `isDir`) that cannot be written: code 2, one line
 * `OPTION FILE: cannot write: REASON`; with DEBUG set, the stack follows.
 */
export function cannotWrite(option: string | undefined, file: string, e: NodeJS.ErrnoException, isDir = false): CliResult {
  const line = `${option ? `${option} ` : ""}${file}: cannot write: ${writeProblem(file, e, isDir)}`;
  return { code: 2, stdout: "", stderr: process.env.DEBUG && e.stack ? `${line}\n${e.stack}` : line };
}

// Why a write failed, in words: a file where a folder should be, a missing folder, else Node's reason.
function writeProblem(file: string, e: NodeJS.ErrnoException, isDir: boolean): string {
  let existing = isDir ? file : path.dirname(file);
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const stat = fs.statSync(existing, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) return `${existing} is not a directory`;
  if (e.code === "ENOENT" && e.syscall !== "mkdir" && !fs.existsSync(path.dirname(file))) return `${path.dirname(file)} does not exist`;
  const reason = errorReason(e);
  return e.path !== undefined && path.resolve(e.path) !== path.resolve(file) ? `${e.path}: ${reason}` : reason;
}

/** A file system error's reason without its code and path: `ENOTDIR: not a directory, open 'x'` -> `not a directory`. */
export function errorReason(e: Error & { code?: string }): string {
  if (e.code === "EISDIR") return "it is a directory";
  return e.message.replace(/^E[A-Z]+: /, "").replace(/, \w+(?: '.*')?$/, "");
}

/**
 * Creates `dir` and the folders above it that are missing, one at a time: a recursive mkdirSync
 * never returns for a path under /proc (Node.js 20).
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) fs.mkdirSync(d);
}

// Node's parseArgs messages, as one line that names the option.
function argError(e: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? "";
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${quoted}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const option = quoted.split(" ")[0]!;
      return /argument missing/.test(e.message)
        ? `${option} needs a value`
        : /does not take an argument/.test(e.message)
          ? `${option} takes no value`
          : e.message;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return quoted.startsWith("-")
        ? `unexpected argument ${JSON.stringify(quoted)}: options after a "--" are not read as options (with npm run, put all of them after one "--")`
        : `unexpected argument ${JSON.stringify(quoted)}`;
    default:
      return e.message;
  }
}

/** Prints a result and sets the exit code. */
export function printResult(r: CliResult): void {
  if (r.stdout) process.stdout.write(`${r.stdout}\n`);
  if (r.stderr) process.stderr.write(`${r.stderr}\n`);
  process.exitCode = r.code;
}

/**
 * Runs a command's `main` as the process: prints what it returns; an error it throws is printed as
 * its message (with the stack only when DEBUG is set) and exits 1.
 */
export function runMain(main: () => CliResult | Promise<CliResult>): void {
  Promise.resolve()
    .then(main)
    .then(printResult, (e: Error) => {
      process.stderr.write(`${process.env.DEBUG ? (e.stack ?? e.message) : e.message}\n`);
      process.exitCode = 1;
    });
}
