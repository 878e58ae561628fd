// Bundles what the package ships (docs/shipping.md), minified:
// - dist/bundle/cli.cjs: the CLI without its UI, one CommonJS script, so that bin/layerscope.js can compile it
//   through vm.Script with V8's code cache (ES modules have no code cache on Node 20); what only some runs need
//   (registry, diff, YAML, HTML...) is in the same file but runs only when reached;
// - dist/bundle/tuning.cjs: the V8 flags of a CLI run (src/cli/runtime-tuning.ts), set before the bundle compiles;
// - dist/bundle/ui.cjs: the terminal UI (Ink, React, yoga), one CommonJS script too, compiled by bin/layerscope.js
//   with a code cache of its own, only for an interactive run (the top-level awaits of yoga and Ink are rewritten:
//   yogaNow, inkDevtoolsNotAwaited);
// - dist/bundle/index.js: the library, an ES module with its lazily loaded parts split into chunks/.
// Everything in devDependencies that the code imports is bundled in; what package.json lists in `dependencies`
// stays external and is installed with the package (fzstd: require()d at run time only when no zstd command is
// installed).
//   node scripts/bundle.mjs [--metafile FILE]
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { patchStyledChars } from "./ansi-tokenize-patch.mjs";
import { patchStringWidth } from "./string-width-patch.mjs";

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
 * see none (the same bytes are instantiated either way). It also hands that URL to `Module.instantiateWasm`, the
 * loader's hook for a caller that instantiates the WebAssembly itself (yogaNow); a loader without the hook is left
 * as is in the library, and fails the UI's build.
 */
const yogaWithoutFetch = {
  name: "yoga-without-fetch",
  setup(build) {
    const strict = build.initialOptions.format === "cjs";
    build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const uses = source.split("typeof fetch").length - 1;
      if (uses === 0) return { warnings: [{ text: "yoga-layout no longer tests for fetch as expected: left as is" }] };
      let contents = source.replaceAll("typeof fetch", "typeof __layerscopeNoFetch");
      const url = /var (\w+);\1="data:application\/octet-stream;base64,/.exec(source)?.[1];
      const hook = /\.instantiateWasm\((\w+),\s*(\w+)\)/g;
      const hooks = source.match(hook)?.length ?? 0;
      if (url === undefined || hooks !== 1) {
        const text = "yoga-layout's loader no longer has its WebAssembly in a data: URL and one Module.instantiateWasm hook as expected";
        return strict ? { errors: [{ text }] } : { contents, loader: "js", warnings: [{ text: `${text}: left as is` }] };
      }
      contents = contents.replace(hook, `.instantiateWasm($1,$2,${url})`);
      return { contents, loader: "js" };
    });
  },
};

/**
 * yoga-layout's entry awaits its WebAssembly at the module's top level (`wrapAssembly(await loadYoga())`), which a
 * CommonJS script cannot hold. Emscripten's loader lets its caller instantiate the WebAssembly
 * (`Module.instantiateWasm(imports, done)`): done synchronously (Node compiles a module of any size
 * synchronously), the whole loader runs before it returns, so the entry builds the same Yoga at once, from the
 * same bytes (decoded by Buffer instead of the loader's own base64 decoder). Ink uses Yoga only inside functions.
 * The entry must still read as expected, else the build fails.
 */
const yogaNow = {
  name: "yoga-now",
  setup(build) {
    build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const expected = [
        "import loadYoga from '../binaries/yoga-wasm-base64-esm.js';",
        'import wrapAssembly from "./wrapAssembly.js";',
        "const Yoga = wrapAssembly(await loadYoga());",
        "export default Yoga;",
        'export * from "./generated/YGEnums.js";',
      ];
      const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "").trim().split(/\n+/).map((line) => line.trim());
      if (code.join("\n") !== expected.join("\n")) return { errors: [{ text: "yoga-layout's entry no longer reads as scripts/bundle.mjs's yogaNow expects" }] };
      return {
        loader: "js",
        contents: `
          import loadYoga from '../binaries/yoga-wasm-base64-esm.js';
          import wrapAssembly from "./wrapAssembly.js";
          let failure;
          const wasm = {
            instantiateWasm(imports, done, dataUrl) {
              try {
                const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");
                const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
                done(instance);
                return instance.exports;
              } catch (error) {
                failure = error;
                throw error;
              }
            },
            print() {},
            printErr() {},
          };
          loadYoga(wasm).catch(() => {}); // its promise settles later; what it holds is in wasm already
          if (!wasm.calledRun) throw failure ?? new Error("yoga-layout's WebAssembly did not load synchronously");
          const Yoga = wrapAssembly(wasm);
          export default Yoga;
          export * from "./generated/YGEnums.js";`,
        resolveDir: dirname(args.path),
      };
    });
  },
};

/**
 * Ink's reconciler awaits two imports at its top level, both only with DEV=true (React Devtools): a CommonJS
 * script cannot hold them, and an import() inside a script compiled from V8's code cache fails on Node 20 anyway.
 * In the UI bundle DEV=true gets a warning instead (the devtools bridge's package, react-devtools-core, is not
 * installed with layerscope either). The reconciler must still read as expected, else the build fails.
 */
const inkDevtoolsNotAwaited = {
  name: "ink-devtools-not-awaited",
  setup(build) {
    build.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const start = source.indexOf("if (isDev()) {\n    try {\n        await import('./devtools.js');");
      const end = source.indexOf("\nconst diff = ");
      const packageJson = "? await loadPackageJson()";
      if (start < 0 || end < start || source.split(packageJson).length !== 2) {
        return { errors: [{ text: "ink's reconciler no longer imports its devtools as scripts/bundle.mjs's inkDevtoolsNotAwaited expects" }] };
      }
      const warning = `if (isDev()) console.warn("layerscope: DEV=true: React Devtools cannot connect to layerscope's bundled UI");\n`;
      const contents = (source.slice(0, start) + warning + source.slice(end)).replace(packageJson, "? { name: undefined, version: undefined }");
      return { contents, loader: "js" };
    });
  },
};

/** string-width's emoji test, cheaper for one-code-unit graphemes (scripts/string-width-patch.mjs); same widths. */
const stringWidthLazyEmoji = {
  name: "string-width-lazy-emoji",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      // the older string-width under wrap-ansi has no RGI expression: left as is
      if (!source.includes("rgiEmojiRegex")) return undefined;
      const contents = patchStringWidth(source);
      if (contents === undefined) return { warnings: [{ text: "string-width no longer tests RGI_Emoji as scripts/string-width-patch.mjs expects: left as is" }] };
      return { contents, loader: "js" };
    });
  },
};

/** Ink's per-character style diff skipped between characters of the same styles (scripts/ansi-tokenize-patch.mjs). */
const ansiTokenizeSameStyles = {
  name: "ansi-tokenize-same-styles",
  setup(build) {
    build.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/ }, (args) => {
      const contents = patchStyledChars(readFileSync(args.path, "utf8"));
      if (contents === undefined) return { warnings: [{ text: "@alcalzone/ansi-tokenize's styledCharsToString no longer reads as scripts/ansi-tokenize-patch.mjs expects: left as is" }] };
      return { contents, loader: "js" };
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
    outExtension: { ".js": ".cjs" },
    format: "cjs",
    // Ink's dependencies segment every non-ASCII string (the tree's box drawing) into graphemes; ICU's first
    // segmenter costs 15–40 ms, src/tui/grapheme-segmenter.ts splits the strings ICU would split by code unit
    define: { ...common.define, "import.meta.url": "__lsFileUrl", "Intl.Segmenter": "GraphemeSegmenter" },
    inject: ["src/tui/grapheme-segmenter.ts"],
    banner: { js: 'var __lsFileUrl=require("node:url").pathToFileURL(__filename).href;' },
    plugins: [...common.plugins, yogaNow, inkDevtoolsNotAwaited, stringWidthLazyEmoji, ansiTokenizeSameStyles],
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
// The build's id on the first line of each script: bin/layerscope.js keys their code caches by it (no hashing at
// start-up)
for (const name of ["cli.cjs", "ui.cjs"]) {
  const script = join(staging, name);
  const code = readFileSync(script, "utf8");
  writeFileSync(script, `// layerscope-build ${createHash("sha256").update(code).digest("hex")}\n${code}`);
}
rmSync(OUT_DIR, { recursive: true, force: true });
renameSync(staging, OUT_DIR);

const metafileArg = process.argv.indexOf("--metafile");
if (metafileArg >= 0) {
  const [cli, tuning, ui, index] = results.map((result) => result.metafile);
  writeFileSync(process.argv[metafileArg + 1], JSON.stringify({ cli, tuning, ui, index }));
}
