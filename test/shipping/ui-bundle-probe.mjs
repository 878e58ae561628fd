// Runs the built UI bundle (dist/bundle/ui.cjs) as bin/layerscope.js would, on a terminal faked over pipes, and
// writes one JSON line on fd 3: what the bundle did that the dependency patches are about (see
// dependency-patches.e2e.test.ts). The UI quits when "q" arrives on stdin after the first frame.
//   node ui-bundle-probe.mjs PACKAGE_ROOT IMAGE
import { writeSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [root, image] = process.argv.slice(2);
const seen = { fetches: 0, warnings: [], regexTests: {}, setsCreated: 0, screen: "", loadedAtOnce: false };

// spies set before the bundles load: fetch, the regular expressions tested, the Sets created, console.warn
globalThis.fetch = () => {
  seen.fetches++;
  throw new Error("fetch called");
};
const test = RegExp.prototype.test;
RegExp.prototype.test = function (text) {
  seen.regexTests[this.source] = (seen.regexTests[this.source] ?? 0) + 1;
  return test.call(this, text);
};
let counting = false;
globalThis.Set = class extends Set {
  constructor(...args) {
    super(...args);
    if (counting) seen.setsCreated++;
  }
};
console.warn = (...args) => seen.warnings.push(args.join(" "));
Object.assign(process.stdout, { isTTY: true, columns: 100, rows: 30 });
Object.assign(process.stdin, { isTTY: true, setRawMode: () => process.stdin });
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (counting) seen.screen += String(chunk);
  return write(chunk, ...rest);
};

const { openImage, analyzeImage } = await import(pathToFileURL(join(root, "dist/bundle/index.js")).href);
const source = await openImage(image);
try {
  const analysis = await analyzeImage(source);
  const ui = createRequire(import.meta.url)(join(root, "dist/bundle/ui.cjs"));
  seen.loadedAtOnce = typeof ui.runTui === "function";
  counting = true;
  const running = ui.runTui(analysis, {});
  for (const deadline = Date.now() + 60_000; !seen.screen.includes("Filetree") && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  counting = false;
  process.stdin.emit("data", "q");
  await running;
} finally {
  await source.close();
}
writeSync(3, `${JSON.stringify(seen)}\n`);
