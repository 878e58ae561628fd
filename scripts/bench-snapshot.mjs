#!/usr/bin/env node
// What a V8 start-up snapshot of the CLI (`node --build-snapshot`) would save, against the shipped bin and its code
// cache (docs/performance.md, "Tried and not kept"). Builds, in a temporary directory, two snapshots of
// dist/bundle/cli.cjs: "cold" (the bundle's module code run) and "warm" (the same, then a `--ci` run on the demo
// image inside the builder, so that the functions such a run calls are compiled into the snapshot, with the
// built-in modules a run loads); each is started by a `sh` script like the one a package's bin would be
// (`exec node --snapshot-blob BLOB -- "$@"`). Then runs `node -e 0`, bin/layerscope.js, both snapshots and Dive
// alternately on each image (`--ci --json FILE`, layerscope's layer and analysis caches emptied before each run, its
// code cache kept), and prints the median wall time, the mean CPU time (user + system) and whether the reports are
// the same bytes.
//   npm run build && node scripts/bench-snapshot.mjs [--rounds 15] [--images tiny,base,apt-cleanup]
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { archivePath, DIVE, hasDive } from "./bench-dive.mjs";
import { analysisColdHome, measure, medians } from "./bench-measure.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const rounds = Number(option("rounds", "15"));
const images = option("images", "tiny,base,apt-cleanup").split(",");
const dir = mkdtempSync(join(tmpdir(), "lsbench-snapshot-"));
const bundles = resolve("dist/bundle");

// The builder: the bundle run as bin runs it (its `require` given the built-in modules, tuning.cjs, and at run time
// the package's own dependencies); V8's flags for a short run are set in the main function, since flags set while
// building make V8 refuse the snapshot ("different V8 configurations", exit status 14).
const entry = (warm) => `
const fs = require("node:fs"), path = require("node:path"), vm = require("node:vm"), Module = require("node:module");
const bundles = ${JSON.stringify(bundles)};
let runtimeRequire;
const load = (name, req) => {
  const file = path.join(bundles, name);
  const module = { exports: {} };
  vm.runInThisContext(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file }).call(module.exports, module.exports, req, module, file, bundles);
  return module.exports;
};
const tuning = load("tuning.cjs", require);
const req = (id) => (id === "./tuning.cjs" ? tuning : Module.isBuiltin(id) ? require(id) : runtimeRequire(id));
${warm ? 'for (const id of ["node:crypto", "node:fs/promises", "node:stream", "node:os", "node:v8", "node:string_decoder"]) require(id);' : ""}
const cli = load("cli.cjs", req);
const ready = ${
  warm
    ? `cli.main(["node", "layerscope", ${JSON.stringify(resolve("fixtures/demo/demo-image.tar"))}, "--ci", "--json", "-", "--no-cache"],
        { stdout() {}, stdoutBytes() {}, stderr() {}, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: "/" })`
    : "Promise.resolve()"
};
ready.then(() => require("node:v8").startupSnapshot.setDeserializeMainFunction(() => {
  runtimeRequire = Module.createRequire(path.join(bundles, "cli.cjs"));
  process.env.NODE_ENV ??= "production";
  tuning.tuneForShortRun();
  cli.main([process.argv[0], "layerscope", ...process.argv.slice(1)]).then((status) => { process.exitCode = status; });
}));
`;

const launchers = {};
for (const kind of ["cold", "warm"]) {
  writeFileSync(join(dir, `${kind}.cjs`), entry(kind === "warm"));
  const blob = join(dir, `${kind}.blob`);
  execFileSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", join(dir, `${kind}.cjs`)], { stdio: "ignore" });
  const sh = join(dir, `${kind}.sh`);
  writeFileSync(sh, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --snapshot-blob '${blob}' -- "$@"\n`);
  chmodSync(sh, 0o755);
  launchers[`snapshot ${kind}`] = sh;
}

const home = analysisColdHome();
const env = { ...home.env, CI: "" };
process.on("exit", () => {
  home.remove();
  rmSync(dir, { recursive: true, force: true });
});

console.log(`node ${process.version}, ${rounds} rounds`);
for (const name of images) {
  const image = archivePath({ name });
  const reports = {};
  const commands = {
    "node -e 0": [process.execPath, "-e", "0"],
    "bin/layerscope.js": [process.execPath, "bin/layerscope.js"],
    ...Object.fromEntries(Object.entries(launchers).map(([label, sh]) => [label, [sh]])),
  };
  const argvs = Object.fromEntries(
    Object.entries(commands).map(([label, argv]) => {
      if (label === "node -e 0") return [label, argv];
      reports[label] = join(dir, `${label.replace(/\W/g, "_")}.json`);
      return [label, [...argv, image, "--ci", "--json", reports[label]]];
    }),
  );
  if (hasDive) argvs.Dive = [DIVE, "--source", "docker-archive", image, "--ci"];
  const figures = Object.fromEntries(Object.keys(argvs).map((label) => [label, []]));
  for (let round = 0; round <= rounds; round++) {
    for (const [label, argv] of Object.entries(argvs)) {
      const result = await measure(argv, { env, okStatus: [0, 1], before: home.clear });
      // round 0 warms the page cache and writes bin's code cache
      if (round > 0) figures[label].push(result);
    }
  }
  // GNU time gives CPU time in steps of 10 ms: its mean over the rounds, beside the median wall time
  const meanCpu = (list) => list.reduce((sum, r) => sum + r.cpuMs, 0) / list.length;
  const floor = medians(figures["node -e 0"]).wallMs;
  const cpuFloor = meanCpu(figures["node -e 0"]);
  console.log(`\n${name} (${image})`);
  for (const [label, list] of Object.entries(figures)) {
    const wall = medians(list).wallMs;
    const cpu = meanCpu(list);
    console.log(
      `  ${label.padEnd(18)} wall ${wall.toFixed(0).padStart(5)} ms ×${(wall / floor).toFixed(2)}   CPU ${cpu.toFixed(0).padStart(4)} ms ×${(cpu / cpuFloor).toFixed(2)}`,
    );
  }
  const bytes = Object.values(reports).map((file) => readFileSync(file));
  console.log(`  reports: ${bytes.every((b) => b.equals(bytes[0])) ? "the same bytes" : "DIFFERENT"}`);
}
