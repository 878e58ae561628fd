// Bundles what the package ships (README, Performance, "How the code is shipped"), minified:
// - dist/bundle/cli.cjs: the CLI without its UI, one CommonJS script, so that bin/layerscope.js can compile it
//   through vm.Script with V8's code cache (ES modules have no code cache on Node 20); what only some runs need
//   (registry, diff, YAML, HTML...) is in the same file but runs only when reached;
// - dist/bundle/tuning.cjs: the V8 flags of a CLI run (src/cli/runtime-tuning.ts), set before the bundle compiles;
// - dist/bundle/ui.mjs: the terminal UI (Ink, React), an ES module (Ink's layout engine uses top-level await),
//   imported by the CLI only for an interactive run (and Ink's devtools bridge, for DEV=true, in a chunk);
// - dist/bundle/index.js: the library, an ES module with its lazily loaded parts split into chunks/.
// Everything in devDependencies that the code imports is bundled in; what package.json lists in `dependencies`
// stays external and is installed with the package (fzstd: require()d at run time only when no zstd command is
// installed).
//   node scripts/bundle.mjs [--metafile FILE]
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";

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

/**
 * yoga-layout (Ink's layout engine) loads its WebAssembly from a base64 `data:` URL, through `fetch` whenever a
 * `fetch` function exists: on Node that loads undici and decodes the URL with it, about 100 ms of CPU before the
 * UI's first frame. Emscripten's loader decodes the same base64 itself when there is no `fetch`: this makes it
 * see none (the same bytes are instantiated either way).
 */
const yogaWithoutFetch = {
  name: "yoga-without-fetch",
  setup(build) {
    build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const uses = source.split("typeof fetch").length - 1;
      if (uses === 0) return { warnings: [{ text: "yoga-layout no longer tests for fetch as expected: left as is" }] };
      return { contents: source.replaceAll("typeof fetch", "typeof __layerscopeNoFetch"), loader: "js" };
    });
  },
};

/**
 * node:crypto costs about 8 ms of CPU to load, and many runs never hash (an uncompressed archive is read headers
 * only): in the CLI bundle, src/'s imports of it load it on first use. Only the names src/ imports are wrapped;
 * another one fails the build ("No matching export").
 */
const lazyCrypto = {
  name: "lazy-crypto",
  setup(build) {
    build.onResolve({ filter: /^node:crypto$/ }, (args) =>
      args.importer.includes(`${sep}src${sep}`) ? { path: "node:crypto", namespace: "lazy-crypto" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-crypto" }, () => ({
      loader: "js",
      contents: `
        let loaded;
        const crypto = () => (loaded ??= require("node:crypto"));
        export const createHash = (...args) => crypto().createHash(...args);
        export const randomBytes = (...args) => crypto().randomBytes(...args);`,
    }));
  },
};

const OUT_DIR = "dist/bundle";
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
// a run of the tests may be using OUT_DIR: write elsewhere, then swap
const staging = `${OUT_DIR}.${process.pid}`;

/**
 * The CLI's `import("../tui/run.js")` becomes a module that starts loading the UI bundle (dist/bundle/ui.mjs) at
 * once, through `module.layerscopeImportUi`, which bin/layerscope.js sets: on Node 20 an import() inside a
 * vm.Script compiled from V8's code cache fails ("A dynamic import callback was not specified"), so the import()
 * is made by the loader, a module of Node's own. Loaded by Node directly, the bundle imports the file itself.
 */
const uiOutside = {
  name: "ui-outside",
  setup(build) {
    build.onResolve({ filter: /[\\/]tui[\\/]run\.js$/ }, () => ({ path: "ui", namespace: "layerscope-ui" }));
    build.onLoad({ filter: /.*/, namespace: "layerscope-ui" }, () => ({
      loader: "js",
      contents: `
        const loading = typeof module.layerscopeImportUi === "function"
          ? module.layerscopeImportUi()
          : import(require("node:url").pathToFileURL(require("node:path").join(__dirname, "ui.mjs")).href);
        loading.catch(() => {}); // unused when the analysis fails; else its error is thrown where it is awaited
        export const runTui = (...args) => loading.then((ui) => ui.runTui(...args));`,
    }));
  },
};

/**
 * src/cli/runtime-tuning.ts is a script of its own (dist/bundle/tuning.cjs) that the CLI bundle requires:
 * bin/layerscope.js sets V8's flags through it before compiling the bundle (V8 keys its code cache by its flags),
 * and both then share its one instance.
 */
const tuningOutside = {
  name: "tuning-outside",
  setup(build) {
    build.onResolve({ filter: /[\\/]runtime-tuning\.js$/ }, () => ({ path: "./tuning.cjs", external: true }));
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  minify: true,
  metafile: true,
  legalComments: "linked",
  // React and Ink pick their production code at build time instead of reading the environment at run time
  define: { "process.env.NODE_ENV": '"production"', LAYERSCOPE_VERSION: JSON.stringify(pkg.version) },
  // Ink's devtools bridge is optional: only loaded with DEV=true, and not installed
  external: [...Object.keys(pkg.dependencies ?? {}), "react-devtools-core"],
  plugins: [lazyChildProcess, yogaWithoutFetch],
  logLevel: "warning",
};
// CommonJS dependencies call require() for Node's built-in modules; an ES module has no require of its own
const esmRequire = 'import{createRequire as __lsRequire}from"node:module";const require=__lsRequire(import.meta.url);';

const results = await Promise.all([
  build({
    ...common,
    entryPoints: { cli: "src/cli/main.ts" },
    outdir: staging,
    outExtension: { ".js": ".cjs" },
    format: "cjs",
    // import.meta.url has no CommonJS counterpart of its own: the script's own file URL
    define: { ...common.define, "import.meta.url": "__lsFileUrl" },
    banner: { js: 'var __lsFileUrl=require("node:url").pathToFileURL(__filename).href;' },
    plugins: [...common.plugins, uiOutside, lazyCrypto, tuningOutside],
  }),
  build({ ...common, entryPoints: { tuning: "src/cli/runtime-tuning.ts" }, outdir: staging, outExtension: { ".js": ".cjs" }, format: "cjs" }),
  build({
    ...common,
    entryPoints: { ui: "src/tui/run.tsx" },
    outdir: staging,
    outExtension: { ".js": ".mjs" },
    format: "esm",
    // Ink's devtools bridge (DEV=true only) stays a chunk of its own, with its import of react-devtools-core
    splitting: true,
    chunkNames: "chunks/ui-[hash]",
    banner: { js: esmRequire },
  }),
  build({
    ...common,
    entryPoints: { index: "src/index.ts" },
    outdir: staging,
    format: "esm",
    splitting: true,
    chunkNames: "chunks/[hash]",
    banner: { js: esmRequire },
  }),
]);
// The build's id on the CLI bundle's first line: bin/layerscope.js keys its code cache by it (no hashing at start-up)
const cli = join(staging, "cli.cjs");
const code = readFileSync(cli, "utf8");
writeFileSync(cli, `// layerscope-build ${createHash("sha256").update(code).digest("hex")}\n${code}`);
rmSync(OUT_DIR, { recursive: true, force: true });
renameSync(staging, OUT_DIR);

const metafileArg = process.argv.indexOf("--metafile");
if (metafileArg >= 0) {
  const [cli, tuning, ui, index] = results.map((result) => result.metafile);
  writeFileSync(process.argv[metafileArg + 1], JSON.stringify({ cli, tuning, ui, index }));
}
