import { App } from "cdktf";
import { CONFIG_CONTEXT_KEY, loadLandingZone, resolveLandingZoneFile } from "./config/load";
import { buildLandingZone } from "./stacks/landing-zone";

// Composition root: config -> stacks -> synth. Everything is validated before anything is written.
function main(): void {
  const app = new App();
  try {
    const file = resolveLandingZoneFile(process.env, app.node.tryGetContext(CONFIG_CONTEXT_KEY));
    buildLandingZone(app, loadLandingZone(file));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  }
  app.synth();
}

main();
