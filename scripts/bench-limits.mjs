// Runs that may not end in reasonable time or memory (Dive on the huge image): a time limit and a cap on the
// resident memory of the process tree, polled from /proc; the process tree is killed at either.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasTime } from "./bench-measure.mjs";

const POLL_MS = 200;

/** A process and all its descendants, from /proc (Linux). */
export function processTree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    try {
      for (const task of readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, "utf8").trim().split(/\s+/)) {
        if (task) all.push(Number(task));
      }
    } catch {
      // ended meanwhile
    }
  }
  return all;
}

/** A field of /proc/PID/status in KB (VmRSS now, VmHWM the peak), 0 for a process that has ended. */
export function statusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Watches the process tree of `pid` until `stop()`: kills it (SIGKILL) once `timeoutMs` have passed or its resident
 * memory passes `rssCapKb`; `result()` says which ("exit" when neither) and the largest peak RSS seen (VmHWM).
 * With `spareRoot`, `pid` itself is neither counted nor killed (GNU time, which then reports on its command).
 */
export function watchTree(pid, { timeoutMs, rssCapKb, spareRoot = false }) {
  const started = Date.now();
  let ended = "exit";
  let peakKb = 0;
  const timer = setInterval(() => {
    const tree = processTree(pid).slice(spareRoot ? 1 : 0);
    const rss = tree.reduce((sum, p) => sum + statusKb(p, "VmRSS"), 0);
    for (const p of tree) peakKb = Math.max(peakKb, statusKb(p, "VmHWM"));
    const over = Date.now() - started > timeoutMs ? "timeout" : rssCapKb && rss > rssCapKb ? "memory cap" : undefined;
    if (over && ended === "exit") {
      ended = over;
      for (const p of tree.reverse()) {
        try {
          process.kill(p, "SIGKILL");
        } catch {
          // gone
        }
      }
    }
  }, POLL_MS);
  return {
    stop: () => clearInterval(timer),
    result: () => ({ ended, peakKb }),
  };
}

/**
 * Like measure() for one command, under a time limit and a memory cap: { wallMs, cpuMs, rssKb, ended } where ended
 * is "exit", "timeout" or "memory cap" (the figures are then those at the kill).
 */
export async function measureLimited(argv, { env, timeoutMs, rssCapKb, before }) {
  before?.();
  const dir = mkdtempSync(join(tmpdir(), "lsbench-limited-"));
  const out = join(dir, "time");
  const started = process.hrtime.bigint();
  const child = spawn(hasTime ? "/usr/bin/time" : argv[0], hasTime ? ["-o", out, "-f", "%U %S %M", ...argv] : argv.slice(1), {
    env: env ?? process.env,
    stdio: ["ignore", "ignore", "ignore"],
  });
  // the command itself, not GNU time, is what the limits watch and kill
  const watch = watchTree(child.pid, { timeoutMs, rssCapKb, spareRoot: hasTime });
  await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  watch.stop();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const { ended, peakKb } = watch.result();
  let cpuMs = null;
  let rssKb = peakKb || null;
  if (hasTime) {
    const [user, sys, rss] = readFileSync(out, "utf8").trim().split("\n").pop().split(" ").map(Number);
    cpuMs = (user + sys) * 1000;
    rssKb = Math.max(rss, peakKb);
  }
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, cpuMs, rssKb, ended };
}
