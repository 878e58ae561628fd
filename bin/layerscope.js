#!/usr/bin/env node
// layerscope's command. A CommonJS script (bin/package.json), like the bundles it runs: Node 20 has a code cache
// for scripts compiled through vm.Script, not for ES modules (docs/shipping.md).
//
// Runs dist/bundle/cli.cjs (scripts/bundle.mjs) with V8's code cache, and dist/bundle/ui.cjs the same way when the
// CLI asks for its terminal UI: the first run compiles a bundle from source, then saves what V8 compiled during the
// run (the functions that run called included) under $XDG_CACHE_HOME/layerscope/code/, keyed by the bundle's build
// (a hash of its content), Node's and V8's versions and the CPU architecture; later runs skip most parsing and
// compiling. A cache V8 refuses (another V8, other flags) is rewritten; an unreadable or unwritable cache directory
// only means compiling from source. No code cache with LAYERSCOPE_CODE_CACHE=0, with LAYERSCOPE_CACHE_MAX=0 (no
// layerscope cache at all), or with --no-cache on the command line.
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

// V8's flags for a short run, set before compiling: V8 refuses a code cache made under other flags
const tuning = require("../dist/bundle/tuning.cjs");
tuning.tuneForShortRun();

const bundles = path.join(__dirname, "../dist/bundle");
// each bundle compiled so far: its script, and where its code cache lives
const compiled = [];
const cli = runScript("cli", { layerscopeImportUi: () => Promise.resolve().then(() => runScript("ui", {})) });
cli.main(process.argv).then((status) => {
  process.exitCode = status;
  // (a large image gets V8's default young generation back during the run: a cache made then would be refused)
  if (!worthCaching(status) || !tuning.tunedForShortRun()) return;
  for (const { cache, cachedData, script } of compiled) {
    if (cache && (cachedData === undefined || script.cachedDataRejected)) saveCodeCache(cache, script);
  }
});

/**
 * Compiles and runs one CommonJS bundle (dist/bundle/NAME.cjs) through its code cache; returns its exports.
 * `module` gets the given properties (the CLI's way to ask bin for its UI: on Node 20 an import() inside a script
 * compiled from a code cache fails with "A dynamic import callback was not specified").
 */
function runScript(name, moduleProperties) {
  const file = path.join(bundles, `${name}.cjs`);
  const source = fs.readFileSync(file, "utf8");
  const cache = codeCacheFile(name, source);
  const cachedData = cache && readOrUndefined(cache.file);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  compiled.push({ cache, cachedData, script });
  const module = { exports: {}, ...moduleProperties };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, bundles);
  return module.exports;
}

/** Where the code cache of this bundle (`cli`, `ui`) lives, or undefined when there is to be none. */
function codeCacheFile(name, text) {
  const env = process.env;
  if (env.LAYERSCOPE_CODE_CACHE === "0" || env.LAYERSCOPE_CACHE_MAX?.trim() === "0" || args.includes("--no-cache")) return undefined;
  // scripts/bundle.mjs writes a hash of the bundle on its first line; a bundle without one is hashed here
  const build = /^\/\/ layerscope-build ([0-9a-f]{64})\n/.exec(text)?.[1] ?? require("node:crypto").createHash("sha256").update(text).digest("hex");
  const key = `${build.slice(0, 32)}-node${process.versions.node}-v8-${process.versions.v8}-${process.arch}`.replace(/[^\w.-]/g, "_");
  // the layer cache's directory (src/cache/open-cache.ts), in a folder of its own that the layer cache leaves be
  const xdg = env.XDG_CACHE_HOME;
  const dir = path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(require("node:os").homedir(), ".cache"), "layerscope", "code");
  return { dir, file: path.join(dir, `${name}-${key}.v8`), prefix: `${name}-` };
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
function saveCodeCache({ dir, file, prefix }, script) {
  try {
    makeDirectory(dir);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, file);
    pruneCodeCaches(dir, file, prefix);
  } catch {
    // no cache this time
  }
}

/**
 * `mkdir -p` one level at a time: Node 20's recursive mkdirSync never returns where mkdir fails with ENOENT under
 * an existing parent (a cache home in /proc), as src/fs/make-directory.ts explains.
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

/** Keeps the newest few caches of one bundle (other versions of layerscope or Node may share the directory). */
function pruneCodeCaches(dir, kept, prefix) {
  const stale = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (file === kept) continue;
    const info = fs.statSync(file, { throwIfNoEntry: false });
    // a temporary file of a writer killed midway is removed once it is an hour old
    if (info && name.endsWith(".tmp") && Date.now() - info.mtimeMs > 3600_000) fs.rmSync(file, { force: true });
    else if (info && name.startsWith(prefix) && name.endsWith(".v8")) stale.push({ file, used: info.mtimeMs });
  }
  stale.sort((a, b) => b.used - a.used);
  for (const { file } of stale.slice(3)) fs.rmSync(file, { force: true });
}
