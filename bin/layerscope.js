#!/usr/bin/env node
// layerscope's command. A CommonJS script (bin/package.json), like the CLI bundle it runs: Node 20 has a code
// cache for scripts compiled through vm.Script, not for ES modules (README, Performance, "How the code is shipped").
//
// Runs dist/bundle/cli.cjs (scripts/bundle.mjs) with V8's code cache: the first run compiles the bundle from
// source, then saves what V8 compiled during the run (the functions that run called included) under
// $XDG_CACHE_HOME/layerscope/code/, keyed by the bundle's build (a hash of its content), Node's and V8's versions
// and the CPU architecture; later runs skip most parsing and compiling. A cache V8 refuses (another V8, other
// flags) is rewritten; an unreadable or unwritable cache directory only means compiling from source. No code
// cache with LAYERSCOPE_CODE_CACHE=0, with LAYERSCOPE_CACHE_MAX=0 (no layerscope cache at all), or with
// --no-cache on the command line.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // what commander prints for it (the bundle has the same version built in), without loading the CLI
  process.stdout.write(`${JSON.parse(fs.readFileSync(path.join(__dirname, "../package.json"), "utf8")).version}\n`);
  return;
}
// Production React build for the UI; set before anything imports react (the bundle has it built in already).
process.env.NODE_ENV ??= "production";

const vm = require("node:vm");
const Module = require("node:module");
const { pathToFileURL } = require("node:url");

// V8's flags for a short run, set before compiling: V8 refuses a code cache made under other flags
const tuning = require("../dist/bundle/tuning.cjs");
tuning.tuneForShortRun();

const bundle = path.join(__dirname, "../dist/bundle/cli.cjs");
const source = fs.readFileSync(bundle, "utf8");
const cache = codeCacheFile(source);
const cachedData = cache && readOrUndefined(cache.file);
const script = new vm.Script(Module.wrap(source), {
  filename: bundle,
  cachedData,
});
// The UI bundle, an ES module, is imported from here: on Node 20, import() inside a script compiled from a code
// cache fails (scripts/bundle.mjs, uiOutside).
const cli = { exports: {}, layerscopeImportUi: () => import(pathToFileURL(path.join(path.dirname(bundle), "ui.mjs")).href) };
script.runInThisContext().call(cli.exports, cli.exports, Module.createRequire(bundle), cli, bundle, path.dirname(bundle));
cli.exports.main(process.argv).then((status) => {
  process.exitCode = status;
  // (a large image gets V8's default young generation back during the run: a cache made then would be refused)
  const wanted = cache && (cachedData === undefined || script.cachedDataRejected) && worthCaching(status) && tuning.tunedForShortRun();
  if (wanted) saveCodeCache(cache, script);
});

/** Where this bundle's code cache lives, or undefined when there is to be none. */
function codeCacheFile(text) {
  const env = process.env;
  if (env.LAYERSCOPE_CODE_CACHE === "0" || env.LAYERSCOPE_CACHE_MAX?.trim() === "0" || args.includes("--no-cache")) return undefined;
  // scripts/bundle.mjs writes a hash of the bundle on its first line; a bundle without one is hashed here
  const build = /^\/\/ layerscope-build ([0-9a-f]{64})\n/.exec(text)?.[1] ?? require("node:crypto").createHash("sha256").update(text).digest("hex");
  const key = `${build.slice(0, 32)}-node${process.versions.node}-v8-${process.versions.v8}-${process.arch}`.replace(/[^\w.-]/g, "_");
  // the layer cache's directory (src/cache/open-cache.ts), in a folder of its own that the layer cache leaves be
  const xdg = env.XDG_CACHE_HOME;
  const dir = path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(require("node:os").homedir(), ".cache"), "layerscope", "code");
  return { dir, file: path.join(dir, `cli-${key}.v8`) };
}

function readOrUndefined(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A cache made by `--help` or a usage error would hold little of what an analysis runs: wait for a real run. */
function worthCaching(status) {
  return (status === 0 || status === 1) && !args.some((arg) => arg === "--help" || arg === "-h" || arg === "help");
}

/** Written whole or not at all (a temporary file renamed); any failure leaves the run as it was. */
function saveCodeCache({ dir, file }, compiled) {
  try {
    makeDirectory(dir);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, compiled.createCachedData());
    fs.renameSync(temp, file);
    pruneCodeCaches(dir, file);
  } catch {
    // no cache this time
  }
}

/**
 * `mkdir -p` one level at a time: Node 20's recursive mkdirSync never returns where mkdir fails with ENOENT under
 * an existing parent (a cache home in /proc), as src/sources/make-directory.ts explains.
 */
function makeDirectory(dir) {
  const missing = [];
  for (let current = dir; !fs.existsSync(current) && path.dirname(current) !== current; current = path.dirname(current)) missing.push(current);
  for (const level of missing.reverse()) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
  }
}

/** Keeps the newest few caches (other versions of layerscope or Node may share the directory). */
function pruneCodeCaches(dir, kept) {
  const stale = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (file === kept) continue;
    const info = fs.statSync(file, { throwIfNoEntry: false });
    // a temporary file of a writer killed midway is removed once it is an hour old
    if (info && name.endsWith(".tmp") && Date.now() - info.mtimeMs > 3600_000) fs.rmSync(file, { force: true });
    else if (info && name.endsWith(".v8")) stale.push({ file, used: info.mtimeMs });
  }
  stale.sort((a, b) => b.used - a.used);
  for (const { file } of stale.slice(3)) fs.rmSync(file, { force: true });
}
