// Bundles what the package ships: one minified ES module per entry point (the CLI and the library), with the code
// that only some runs need (UI, registry, diff, YAML, ...) split into chunks that load on their first import().
// Everything in devDependencies that the code imports is bundled in; what package.json lists in `dependencies`
// stays external and is installed with the package (fzstd: require()d at run time only when no zstd command is
// installed). See README "Shipping".
//   node scripts/bundle.mjs [--metafile FILE]
import { build } from "esbuild";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";

/**
 * commander requires node:child_process at load time for one rarely used feature (subcommands that are separate
 * executables, which layerscope has none of); loading child_process (and net, dgram with it) is the largest
 * single built-in cost of a start-up. This makes commander's require of it lazy.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) return { warnings: [{ text: "commander no longer requires child_process as expected: left as is" }] };
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: "js" };
    });
  },
};

const OUT_DIR = "dist/bundle";
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
// a run of the tests may be using OUT_DIR: write elsewhere, then swap
const staging = `${OUT_DIR}.${process.pid}`;

const result = await build({
  entryPoints: { cli: "src/cli/main.ts", index: "src/index.ts" },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  metafile: true,
  chunkNames: "chunks/[hash]",
  legalComments: "linked",
  // React and Ink pick their production code at build time instead of reading the environment at run time
  define: { "process.env.NODE_ENV": '"production"', LAYERSCOPE_VERSION: JSON.stringify(pkg.version) },
  // Ink's devtools bridge is optional: only loaded with DEV=true, and not installed
  external: [...Object.keys(pkg.dependencies ?? {}), "react-devtools-core"],
  // CommonJS dependencies call require() for Node's built-in modules; an ES module has no require of its own
  banner: { js: 'import{createRequire as __lsRequire}from"node:module";const require=__lsRequire(import.meta.url);' },
  plugins: [lazyChildProcess],
  logLevel: "warning",
});
rmSync(OUT_DIR, { recursive: true, force: true });
renameSync(staging, OUT_DIR);

const metafileArg = process.argv.indexOf("--metafile");
if (metafileArg >= 0) writeFileSync(process.argv[metafileArg + 1], JSON.stringify(result.metafile));
