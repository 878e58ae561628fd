#!/usr/bin/env node
// Production React build for the UI; set before anything imports react (the bundle has it built in already).
process.env.NODE_ENV ??= "production";
// The bundled CLI (scripts/bundle.mjs, run by `npm run build`): one module, with the UI, registry and diff code
// in chunks loaded only by the runs that need them.
const { main, tuneForShortRun } = await import("../dist/bundle/cli.js");
tuneForShortRun();
process.exitCode = await main(process.argv);
