// Bundles what the package ships (docs/shipping.md), minified:
// - dist/bundle/cli.cjs: the CLI without its UI, one CommonJS script, so that bin/layerscope.js can compile it
//   through vm.Script with V8's code cache (ES modules have no code cache on Node 20); what only some runs need
//   (registry, diff, YAML, HTML...) is in the same file but runs only when reached;
// - dist/bundle/tuning.cjs: the V8 flags of a CLI run (src/cli/runtime-tuning.ts), set before the bundle compiles;
// - dist/bundle/ui.cjs: the terminal UI (Ink, React, yoga), one CommonJS script too, compiled by bin/layerscope.js
//   with a code cache of its own, only for an interactive run (the top-level awaits of yoga and Ink are rewritten:
//   scripts/dependency-patches.mjs);
// - dist/bundle/index.js: the library, an ES module with its lazily loaded parts split into chunks/.
// Everything in devDependencies that the code imports is bundled in; what package.json lists in `dependencies`
// stays external and is installed with the package (fzstd: require()d at run time only when no zstd command is
// installed).
//   node scripts/bundle.mjs [--metafile FILE]
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, sep } from "node:path";
import { ansiTokenizeSameStyles, inkDevtoolsNotAwaited, lazyChildProcess, stringWidthLazyEmoji, yogaNow, yogaWithoutFetch } from "./dependency-patches.mjs";

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

/**
 * web-tree-sitter's ES module build awaits import("module") at load time, which a CommonJS script compiled through
 * a code cache cannot run: the CLI bundle takes the package's CommonJS build (its `require` export) instead.
 */
const treeSitterCommonJs = {
  name: "tree-sitter-commonjs",
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, (args) => ({
      path: createRequire(join(args.resolveDir, "x.js")).resolve("web-tree-sitter"),
    }));
  },
};

const OUT_DIR = "dist/bundle";
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
// a run of the tests may be using OUT_DIR: write elsewhere, then swap
const staging = `${OUT_DIR}.${process.pid}`;

/**
 * The CLI's `import("../tui/run.js")` becomes a module that starts loading the UI bundle (dist/bundle/ui.cjs) at
 * once, through `module.layerscopeImportUi`, which bin/layerscope.js sets: it compiles the UI through its own code
 * cache. Loaded by Node directly, the CLI bundle requires the UI bundle itself.
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
          : Promise.resolve().then(() => require(require("node:path").join(__dirname, "ui.cjs")));
        loading.catch(() => {}); // unused when the analysis fails; else its error is thrown where it is awaited
        export const runTui = (...args) => loading.then((ui) => ui.runTui(...args));
        export const startLiveTui = (...args) => loading.then((ui) => ui.startLiveTui(...args));`,
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
  // class and function names survive minifying: an error reads `ImageError: …`, not `d [ImageError]: …`
  keepNames: true,
  // no line of many kilobytes for Node to print above an uncaught error
  lineLimit: 500,
  metafile: true,
  legalComments: "linked",
  // React and Ink pick their production code at build time instead of reading the environment at run time
  define: { "process.env.NODE_ENV": '"production"', LAYERSCOPE_VERSION: JSON.stringify(pkg.version) },
  // Ink's devtools bridge is optional: only loaded with DEV=true, and not installed
  external: [...Object.keys(pkg.dependencies ?? {}), "react-devtools-core"],
  logLevel: "warning",
};
// CommonJS dependencies call require() for Node's built-in modules; an ES module has no require of its own
const esmRequire = 'import{createRequire as __lsRequire}from"node:module";const require=__lsRequire(import.meta.url);';

const builds = Promise.all([
  build({
    ...common,
    entryPoints: { cli: "src/cli/main.ts" },
    outdir: staging,
    outExtension: { ".js": ".cjs" },
    format: "cjs",
    // import.meta.url has no CommonJS counterpart of its own: the script's own file URL
    define: { ...common.define, "import.meta.url": "__lsFileUrl" },
    banner: { js: 'var __lsFileUrl=require("node:url").pathToFileURL(__filename).href;' },
    plugins: [lazyChildProcess, uiOutside, lazyCrypto, tuningOutside, treeSitterCommonJs],
  }),
  build({ ...common, entryPoints: { tuning: "src/cli/runtime-tuning.ts" }, outdir: staging, outExtension: { ".js": ".cjs" }, format: "cjs" }),
  build({
    ...common,
    entryPoints: { ui: "src/tui/run.tsx" },
    outdir: staging,
    outExtension: { ".js": ".cjs" },
    format: "cjs",
    // Ink's dependencies segment every non-ASCII string (the tree's box drawing) into graphemes; ICU's first
    // segmenter costs 15–40 ms, src/tui/grapheme-segmenter.ts splits the strings ICU would split by code unit
    define: { ...common.define, "import.meta.url": "__lsFileUrl", "Intl.Segmenter": "GraphemeSegmenter" },
    inject: ["src/tui/grapheme-segmenter.ts"],
    banner: { js: 'var __lsFileUrl=require("node:url").pathToFileURL(__filename).href;' },
    plugins: [yogaWithoutFetch, yogaNow, inkDevtoolsNotAwaited, stringWidthLazyEmoji, ansiTokenizeSameStyles],
  }),
  build({
    ...common,
    entryPoints: { index: "src/index.ts" },
    outdir: staging,
    format: "esm",
    // the library's stack traces map to src/ with `node --enable-source-maps` (positions only: no sources inside)
    sourcemap: "linked",
    sourcesContent: false,
    splitting: true,
    chunkNames: "chunks/[hash]",
    banner: { js: esmRequire },
  }),
]);
// a failed build (a dependency patch that no longer applies...) leaves no staging directory behind
const results = await builds.catch((error) => {
  rmSync(staging, { recursive: true, force: true });
  throw error;
});
// The build's id on the first line of each script: bin/layerscope.js keys their code caches by it (no hashing at
// start-up)
for (const name of ["cli.cjs", "ui.cjs"]) {
  const script = join(staging, name);
  const code = readFileSync(script, "utf8");
  writeFileSync(script, `// layerscope-build ${createHash("sha256").update(code).digest("hex")}\n${code}`);
}
// `fix` parses RUN lines with tree-sitter's bash grammar: two WebAssembly files, read from beside the bundle
// (src/fix/shell.ts) when the command runs
for (const wasm of ["web-tree-sitter/web-tree-sitter.wasm", "tree-sitter-bash/tree-sitter-bash.wasm"]) {
  copyFileSync(join("node_modules", wasm), join(staging, wasm.split("/")[1]));
}
rmSync(OUT_DIR, { recursive: true, force: true });
renameSync(staging, OUT_DIR);

const metafileArg = process.argv.indexOf("--metafile");
if (metafileArg >= 0) {
  const [cli, tuning, ui, index] = results.map((result) => result.metafile);
  writeFileSync(process.argv[metafileArg + 1], JSON.stringify({ cli, tuning, ui, index }));
}
