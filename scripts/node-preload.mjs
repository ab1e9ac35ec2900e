// Preloaded into every Node.js process that npm starts in this repository (.npmrc, generated from
// this file by `npm run gen`). It keeps the cdktf CLI quiet; it changes no result.
import { existsSync } from "node:fs";
import { devNull } from "node:os";

const env = process.env;
// The HashiCorp checkpoint lookup: offline, the CLI logs its failure as an [ERROR].
env.CHECKPOINT_DISABLE ??= "1";
// A Terraform CLI configuration file that does not exist: Terraform reads none then, and warns
// once per `terraform version` call of the CLI; the null device is the same configuration, silent.
if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) env.TF_CLI_CONFIG_FILE = devNull;

// The rest concerns the cdktf CLI's own process only (or CDK Terrain's, cdktn).
if (/[\\/]cdkt[fn](?:\.js)?$/.test(process.argv[1] ?? "")) {
  // Output that is no terminal gets the spinner's every frame unless the CLI's UI library sees a CI
  // service, which it also detects by CONTINUOUS_INTEGRATION (our app reads only CI; CI=false wins).
  if (!process.stdout.isTTY) env.CONTINUOUS_INTEGRATION ??= "1";
  // A failed app's output reaches the terminal as the CLI streams it (stderr as [ERROR] lines), then
  // again in the CLI's failure summary. The summary keeps its command and exit code, not the copies,
  // unless the streamed lines went elsewhere (a log file or a log level above ERROR).
  const level = (env.CDKTF_LOG_LEVEL || "INFO").toUpperCase();
  if (!env.CDKTF_LOG_FILE_DIRECTORY && ["ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR"].includes(level)) {
    // On stderr itself: the CLI's UI library replaces console.error while it draws.
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk, ...rest) =>
      write(
        typeof chunk === "string" && /cdkt[fn] encountered an error while synthesizing/.test(chunk)
          ? `${chunk.split(/\n+Command output on std(?:err|out):/)[0]}\n`
          : chunk,
        ...rest,
      );
  }
}
