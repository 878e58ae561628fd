#!/usr/bin/env node
// Key-to-frame latency of the terminal UI on a real image, with the production build (as bin/layerscope.js runs):
//   npm run build && node test/tui/key-latency.mjs IMAGE [--size 200x60]
// For each key: wall time to the first frame Ink writes, process CPU time spent until then, and wall time until
// the screen settled (a tree built after a layer change, a filter applied). Plain JS on dist/, not a vitest test:
// figures depend on the machine, so nothing here asserts a time.
process.env.NODE_ENV = "production";
const { EventEmitter } = await import("node:events");
const { default: React } = await import("react");
const { render } = await import("ink");
const { analyzeImage } = await import("../../dist/analysis/analyze.js");
const { openImage } = await import("../../dist/sources/open.js");
const { App } = await import("../../dist/tui/App.js");
const { buildKeyMap } = await import("../../dist/tui/state/keymap.js");

const image = process.argv[2];
if (!image) {
  console.error("usage: node test/tui/key-latency.mjs IMAGE [--size WxH]");
  process.exit(2);
}
const sizeArg = process.argv.indexOf("--size");
const [width, height] = (sizeArg > 0 ? process.argv[sizeArg + 1] : "200x60").split("x").map(Number);

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = width;
  rows = height;
  frames = 0;
  lastWrite = 0;
  write = () => {
    this.frames++;
    this.lastWrite = performance.now();
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  data = null;
  write(data) {
    this.data = data;
    this.emit("readable");
  }
  read = () => {
    const data = this.data;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

const BYTES = { tab: "\t", enter: "\r", esc: "\x1b", backspace: "\x7f", pgdn: "\x1b[6~", "ctrl+space": "\x00" };
const bytesOf = (key) => BYTES[key] ?? (/^ctrl\+[a-z]$/.test(key) ? String.fromCharCode(key.charCodeAt(5) - 96) : key);
const idle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const started = performance.now();
const analysis = await analyzeImage(await openImage(image));
const analysed = (performance.now() - started) / 1000;
const stdout = new FakeStdout();
const stdin = new FakeStdin();
const app = render(React.createElement(App, { analysis, keyMap: buildKeyMap(), width, height: height - 1, colors: true }), {
  stdout,
  stdin,
  exitOnCtrlC: false,
  patchConsole: false,
  maxFps: 60,
});

const results = [];
async function measure(label, key) {
  await idle(50);
  const before = stdout.frames;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  stdin.write(bytesOf(key));
  while (stdout.frames === before && performance.now() - t0 < 10_000) await idle(1);
  const first = stdout.frames === before ? Number.NaN : stdout.lastWrite - t0;
  const cpu = process.cpuUsage(cpu0);
  await idle(600);
  results.push([label, first, (cpu.user + cpu.system) / 1000, stdout.lastWrite - t0]);
}

await idle(1000);
await measure("layer down (to 100k-file layer 1)", "j");
await measure("layer down (layer 2)", "j");
await measure("layer up (cached tree)", "k");
await measure("ctrl+a aggregated", "ctrl+a");
await measure("ctrl+l this layer", "ctrl+l");
await measure("tab to tree", "tab");
for (let i = 0; i < 5; i++) await measure("tree down", "j");
await measure("tree page down", "pgdn");
await measure("collapse all (ctrl+space)", "ctrl+space");
await measure("expand all (ctrl+space)", "ctrl+space");
await measure("sort by size (ctrl+o)", "ctrl+o");
await measure("sort by name (ctrl+o)", "ctrl+o");
await measure("hide unmodified (ctrl+u)", "ctrl+u");
await measure("show unmodified (ctrl+u)", "ctrl+u");
await measure("open filter (/)", "/");
for (const ch of "d00/f0") await measure(`filter type '${ch}'`, ch);
await measure("filter backspace", "backspace");
await measure("filter esc", "esc");
await measure("waste list (w)", "w");
await measure("waste jump (enter)", "enter");
app.unmount();

const ms = (n) => `${n.toFixed(1).padStart(7)} ms`;
console.log(`${analysis.summary.image.fileCount} files, analysed in ${analysed.toFixed(1)} s, screen ${width}x${height}`);
console.log(`${"key".padEnd(36)} first frame      CPU    settled`);
for (const [label, first, cpu, settled] of results) console.log(`${label.padEnd(36)} ${ms(first)} ${ms(cpu)} ${ms(settled)}`);
const firsts = results.map((r) => r[1]).sort((a, b) => a - b);
console.log(`first frame: median ${ms(firsts[firsts.length >> 1])}, max ${ms(firsts[firsts.length - 1])}`);
process.exit(0);
