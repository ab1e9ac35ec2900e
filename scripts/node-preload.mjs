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
