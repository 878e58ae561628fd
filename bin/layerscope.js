#!/usr/bin/env node
// Production React build for the UI; set before anything imports react.
process.env.NODE_ENV ??= "production";
const { main } = await import("../dist/cli/main.js");
process.exitCode = await main(process.argv);
