// The bundle-time rewrites of dependencies (scripts/bundle.mjs): each one rewrites one file of one package, pinned
// to an exact version in package.json, and fails the build when that file no longer reads as expected or is not
// in the bundle at all: a patch never silently stops applying. docs/shipping.md, "Dependency patches", says why
// each one is there and how to update it; test/shipping/dependency-patches.e2e.test.ts checks their effects in the
// built bundles.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { patchStyledChars } from "./ansi-tokenize-patch.mjs";
import { patchStringWidth } from "./string-width-patch.mjs";

/**
 * An esbuild plugin that rewrites the files matching `file` with `rewrite(source)`, which returns the new text or
 * undefined when the file no longer reads as expected (an error). `skip(source)` tells a file of another copy of the
 * package that is meant to stay as it is. The build fails unless exactly `applies` files were rewritten.
 */
function dependencyPatch({ name, file, expected, rewrite, skip, applies = 1 }) {
  return {
    name,
    setup(build) {
      let applied = 0;
      build.onStart(() => {
        applied = 0;
      });
      build.onLoad({ filter: file }, (args) => {
        const source = readFileSync(args.path, "utf8");
        if (skip?.(source)) return undefined;
        const contents = rewrite(source);
        if (contents === undefined) return { errors: [{ text: `${name}: ${args.path} ${expected}: ${UPDATE}` }] };
        applied++;
        return { contents, loader: "js", resolveDir: dirname(args.path) };
      });
      build.onEnd((result) => {
        if (result.errors.length > 0 || applied === applies) return undefined;
        return { errors: [{ text: `${name}: rewrote ${applied} files matching ${file}, expected ${applies}: ${UPDATE}` }] };
      });
    },
  };
}

const UPDATE = 'the package changed: see docs/shipping.md, "Dependency patches"';

/**
 * commander requires node:child_process at load time for one rarely used feature (subcommands that are separate
 * executables, which layerscope has none of); loading child_process (and net, dgram with it) is the largest
 * single built-in cost of a start-up. This makes commander's require of it lazy.
 */
export const lazyChildProcess = dependencyPatch({
  name: "lazy-child-process",
  file: /[\\/]commander[\\/]lib[\\/]command\.js$/,
  expected: "no longer requires node:child_process in one statement as expected",
  rewrite(source) {
    const eager = "const childProcess = require('node:child_process');";
    if (source.split(eager).length !== 2) return undefined;
    return source.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
  },
});

/**
 * yoga-layout (Ink's layout engine) loads its WebAssembly from a base64 `data:` URL, through `fetch` whenever a
 * `fetch` function exists: on Node that loads undici and decodes the URL with it, about 100 ms of CPU before the
 * UI's first frame. Emscripten's loader decodes the same base64 itself when there is no `fetch`: this makes it
 * see none (the same bytes are instantiated either way). It also hands that URL to `Module.instantiateWasm`, the
 * loader's hook for a caller that instantiates the WebAssembly itself (yogaNow).
 */
export const yogaWithoutFetch = dependencyPatch({
  name: "yoga-without-fetch",
  file: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
  expected: "no longer tests for fetch, or has its WebAssembly in a data: URL and one Module.instantiateWasm hook, as expected",
  rewrite(source) {
    const url = /var (\w+);\1="data:application\/octet-stream;base64,/.exec(source)?.[1];
    const hook = /\.instantiateWasm\((\w+),\s*(\w+)\)/g;
    // 3.2.1 has two calls of fetch, each guarded by its own test, and tests for the hook, calls it, names it in a message
    const tests = source.match(/typeof fetch\b/g)?.length ?? 0;
    if (tests !== 2 || source.match(/\bfetch\b/g)?.length !== 2 * tests || url === undefined) return undefined;
    if (source.match(hook)?.length !== 1 || source.split("instantiateWasm").length !== 4) return undefined;
    return source.replaceAll("typeof fetch", "typeof __layerscopeNoFetch").replace(hook, `.instantiateWasm($1,$2,${url})`);
  },
});

/**
 * yoga-layout's entry awaits its WebAssembly at the module's top level (`wrapAssembly(await loadYoga())`), which a
 * CommonJS script cannot hold. Emscripten's loader lets its caller instantiate the WebAssembly
 * (`Module.instantiateWasm(imports, done)`): done synchronously (Node compiles a module of any size
 * synchronously), the whole loader runs before it returns, so the entry builds the same Yoga at once, from the
 * same bytes (decoded by Buffer instead of the loader's own base64 decoder). Ink uses Yoga only inside functions.
 */
export const yogaNow = dependencyPatch({
  name: "yoga-now",
  file: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
  expected: "no longer reads as scripts/dependency-patches.mjs's yogaNow expects",
  rewrite(source) {
    const expected = [
      "import loadYoga from '../binaries/yoga-wasm-base64-esm.js';",
      'import wrapAssembly from "./wrapAssembly.js";',
      "const Yoga = wrapAssembly(await loadYoga());",
      "export default Yoga;",
      'export * from "./generated/YGEnums.js";',
    ];
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "").trim().split(/\n+/).map((line) => line.trim());
    if (code.join("\n") !== expected.join("\n")) return undefined;
    return `
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
      export * from "./generated/YGEnums.js";`;
  },
});

/**
 * Ink's reconciler awaits two imports at its top level, both only with DEV=true (React Devtools): a CommonJS
 * script cannot hold them, and an import() inside a script compiled from V8's code cache fails on Node 20 anyway.
 * In the UI bundle DEV=true gets a warning instead (the devtools bridge's package, react-devtools-core, is not
 * installed with layerscope either).
 */
export const inkDevtoolsNotAwaited = dependencyPatch({
  name: "ink-devtools-not-awaited",
  file: /[\\/]ink[\\/]build[\\/]reconciler\.js$/,
  expected: "no longer imports its devtools as scripts/dependency-patches.mjs's inkDevtoolsNotAwaited expects",
  rewrite(source) {
    const start = source.indexOf("if (isDev()) {\n    try {\n        await import('./devtools.js');");
    const end = source.indexOf("\nconst diff = ");
    const packageJson = "? await loadPackageJson()";
    if (start < 0 || end < start || source.split(packageJson).length !== 2) return undefined;
    const warning = `if (isDev()) console.warn("layerscope: DEV=true: React Devtools cannot connect to layerscope's bundled UI");\n`;
    return (source.slice(0, start) + warning + source.slice(end)).replace(packageJson, "? { name: undefined, version: undefined }");
  },
});

/**
 * string-width's emoji test, cheaper for one-code-unit graphemes (scripts/string-width-patch.mjs); same widths.
 * The older string-width under wrap-ansi tests emoji with the emoji-regex package instead, and is left as it is.
 */
export const stringWidthLazyEmoji = dependencyPatch({
  name: "string-width-lazy-emoji",
  file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
  expected: "no longer tests RGI_Emoji as scripts/string-width-patch.mjs expects",
  skip: (source) => source.includes("import emojiRegex from 'emoji-regex';"),
  rewrite: patchStringWidth,
});

/** Ink's per-character style diff skipped between characters of the same styles (scripts/ansi-tokenize-patch.mjs). */
export const ansiTokenizeSameStyles = dependencyPatch({
  name: "ansi-tokenize-same-styles",
  file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
  expected: "no longer has the styledCharsToString that scripts/ansi-tokenize-patch.mjs expects",
  rewrite: patchStyledChars,
});
