// Timing helpers for bench.mjs: wall time, CPU time and peak RSS of commands, and medians.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TIME = "/usr/bin/time";
export const hasTime = existsSync(TIME);

/**
 * Runs `argv` (a command, or several run at once when `parallel` > 1 and a list of argvs is given) and returns
 * { wallMs, cpuMs, rssKb }: wall time measured here, CPU time (user + sys) and peak RSS from GNU time, rssKb being
 * the largest of the processes. Exit statuses in `okStatus` count as success (layerscope --ci exits 1 on a failed
 * rule); anything else throws with the command's stderr. `before`, when given, runs first, outside the time measured.
 */
export async function measure(argvs, { env, parallel = 1, okStatus = [0], before } = {}) {
  const list = Array.isArray(argvs[0]) ? argvs : [argvs];
  before?.();
  const dir = mkdtempSync(join(tmpdir(), "lsbench-"));
  let cpuMs = 0;
  let rssKb = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      const out = join(dir, `time-${i}`);
      const argv = hasTime ? [TIME, "-o", out, "-f", "%U %S %M", ...list[i]] : list[i];
      await run(argv, env, okStatus);
      if (hasTime) {
        const [user, sys, rss] = readFileSync(out, "utf8").trim().split("\n").pop().split(" ").map(Number);
        cpuMs += (user + sys) * 1000;
        rssKb = Math.max(rssKb, rss);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, list.length) }, worker));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, cpuMs: hasTime ? cpuMs : null, rssKb: hasTime ? rssKb : null };
}

function run(argv, env, okStatus) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env: env ?? process.env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      // GNU time reports a non-zero exit of its command on its first stderr line
      if (okStatus.includes(code)) resolve();
      else reject(new Error(`${argv.join(" ")} exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" / ")}`));
    });
  });
}

/**
 * An $XDG_CACHE_HOME for layerscope runs that must analyse (the Dive comparison, a cold run): `clear()` removes its
 * layer and analysis caches and keeps the code cache, as a machine that ran layerscope before but never on this
 * image would have it.
 */
export function analysisColdHome() {
  const home = mkdtempSync(join(tmpdir(), "lsbench-home-"));
  return {
    env: { ...process.env, XDG_CACHE_HOME: home },
    clear() {
      const dir = join(home, "layerscope");
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) if (name !== "code") rmSync(join(dir, name), { recursive: true, force: true });
    },
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

export function median(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Medians of each field over a list of measure() results. */
export function medians(results) {
  return {
    wallMs: median(results.map((r) => r.wallMs)),
    cpuMs: median(results.map((r) => r.cpuMs)),
    rssKb: median(results.map((r) => r.rssKb)),
    runs: results.length,
  };
}
