#!/usr/bin/env node
// Long fuzz runs of the mutation properties (test/robustness/mutation.slow.test.ts), in chunks of vitest runs so a
// failure or a hang in one chunk neither stops the run nor hides the others.
//   npm run fuzz -- --cases 100000 --seed 1 [--chunk 20000] [--jobs 1] [--out DIR]
// Each chunk runs the 4 properties with chunk/4 cases each, seed = seed + chunk index; a failing chunk prints
// the seed and path that replay it and leaves its counterexample in DIR. Exit status 1 when any chunk failed.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PROPERTIES = 5;
const MS_PER_CASE_BUDGET = 100;

function parseArgs(argv) {
  const options = { cases: 100_000, seed: Date.now() % 2 ** 31, chunk: 20_000, jobs: 1, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "");
    if (!(key in options)) throw new Error(`unknown option ${argv[i]} (options: --cases --seed --chunk --jobs --out)`);
    const value = argv[++i];
    options[key] = key === "out" ? value : Number(value);
    if (key !== "out" && !Number.isSafeInteger(options[key])) throw new Error(`--${key} needs a whole number`);
  }
  options.out ??= mkdtempSync(join(tmpdir(), "layerscope-fuzz-"));
  return options;
}

function runChunk(index, perProperty, seed, out) {
  const dump = join(out, `chunk-${index}`);
  mkdirSync(dump, { recursive: true });
  const env = {
    ...process.env,
    LAYERSCOPE_FUZZ_CASES: String(perProperty),
    LAYERSCOPE_FUZZ_SEED: String(seed),
    LAYERSCOPE_FUZZ_DUMP: dump,
  };
  const budget = 120_000 + perProperty * PROPERTIES * MS_PER_CASE_BUDGET;
  return new Promise((resolve) => {
    const child = spawn("npx", ["vitest", "run", "test/robustness/mutation.slow.test.ts", "--reporter=default"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      process.kill(-child.pid, "SIGKILL");
    }, budget);
    child.on("close", (code) => {
      clearTimeout(timer);
      const failures = [...output.matchAll(/^.*failed after \d+ cases.*$/gm)].map((m) => m[0].trim());
      resolve({ index, seed, code, hung, failures, dump, tail: output.slice(-1500) });
    });
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const chunks = Math.ceil(options.cases / options.chunk);
  const perProperty = Math.ceil(options.chunk / PROPERTIES);
  const started = Date.now();
  console.log(
    `fuzz: ${chunks} chunks of ${perProperty * PROPERTIES} cases, seeds ${options.seed}..${options.seed + chunks - 1}, jobs ${options.jobs}, out ${options.out}`,
  );
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < chunks) {
      const index = next++;
      const result = await runChunk(index, perProperty, options.seed + index, options.out);
      results.push(result);
      const minutes = ((Date.now() - started) / 60_000).toFixed(1);
      const status = result.hung ? "HANG" : result.code === 0 ? "ok" : "FAIL";
      console.log(`chunk ${index} seed ${result.seed}: ${status} (${minutes} min)`);
      for (const line of result.failures) console.log(`  ${line}`);
      if (status !== "ok" && result.failures.length === 0) console.log(result.tail);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  const failed = results.filter((r) => r.code !== 0 || r.hung);
  const seconds = Math.round((Date.now() - started) / 1000);
  const cases = chunks * perProperty * PROPERTIES;
  console.log(`fuzz: ${cases} cases in ${seconds} s, ${failed.length} failing chunks (${results.filter((r) => r.hung).length} hangs)`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`fuzz: ${error.message}`);
  process.exitCode = 2;
});
