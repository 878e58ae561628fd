// The huge image (scripts/make-huge.mjs: a 7.2 GB docker-archive of 1M entries) for bench.mjs --huge: layerscope's
// `--ci --json FILE` against Dive's `--ci`, and both UIs' time to their first frame in tmux, Dive's runs under a time
// limit and a cap on their resident memory (the machine's other work must survive Dive: 19 GB for a 9 GB image is
// one of its users' reports). layerscope's caches are emptied before each of its runs.
import { existsSync } from "node:fs";
import { diveArgv, hasDive, layerscopeArgv } from "./bench-dive.mjs";
import { measureLimited } from "./bench-limits.mjs";
import { analysisColdHome, measure, median, medians } from "./bench-measure.mjs";
import { firstFrame, liveUiFigures } from "./bench-ui.mjs";
import { hugeArchive, makeHuge } from "./make-huge.mjs";

/** layerscope's own runs are not limited (its time to the figures is measured): this only ends a hung run. */
const LAYERSCOPE_TIMEOUT_MS = 600_000;

/** Figures of both tools on the huge image, `runs` rounds (one of each command a round, in turn). */
export async function benchHuge({ runs, timeoutMs, rssCapKb, log }) {
  if (!existsSync(hugeArchive)) {
    log("writing the huge image (scripts/make-huge.mjs, about 7 GB)…");
    makeHuge();
  }
  const home = analysisColdHome();
  const env = { ...home.env, CI: "" };
  const uiEnv = `XDG_CACHE_HOME='${home.env.XDG_CACHE_HOME}'`;
  const rounds = { ci: [], live: [], frame: [], diveCi: [], diveFrame: [] };
  try {
    for (let round = 0; round < runs; round++) {
      log(`huge: layerscope --ci (round ${round + 1} of ${runs})…`);
      rounds.ci.push(await measure(layerscopeArgv(hugeArchive), { env, okStatus: [0, 1], before: home.clear }));
      log("huge: layerscope's UI…");
      home.clear();
      rounds.live.push(await liveUiFigures(hugeArchive, { env: uiEnv, timeoutMs: LAYERSCOPE_TIMEOUT_MS }));
      home.clear();
      rounds.frame.push(await firstFrame("layerscope", hugeArchive, { timeoutMs: LAYERSCOPE_TIMEOUT_MS, env: uiEnv }));
      if (!hasDive) continue;
      log(`huge: dive --ci (at most ${timeoutMs / 1000} s and ${Math.round(rssCapKb / 1024)} MB)…`);
      rounds.diveCi.push(await measureLimited(diveArgv(hugeArchive), { env, timeoutMs, rssCapKb }));
      log("huge: Dive's UI…");
      rounds.diveFrame.push(await firstFrame("dive", hugeArchive, { timeoutMs, rssCapKb }));
    }
  } finally {
    home.remove();
  }
  const mid = (list, key) => median(list.map((item) => item[key]));
  const worstEnd = (list) => list.find((item) => item.ended !== "exit" && item.ended !== "frame")?.ended ?? list[0]?.ended;
  return {
    image: hugeArchive,
    runs,
    timeoutMs,
    rssCapKb,
    layerscope: {
      ...medians(rounds.ci),
      ...Object.fromEntries(["firstFrameMs", "keyMs", "firstTreeMs", "figuresMs", "quitMs"].map((k) => [k, mid(rounds.live, k)])),
      fullFrameMs: mid(rounds.frame, "ms"),
      framePeakRssKb: mid(rounds.frame, "peakRssKb"),
    },
    dive: hasDive
      ? {
          ...medians(rounds.diveCi),
          ended: worstEnd(rounds.diveCi),
          fullFrameMs: mid(rounds.diveFrame, "ms"),
          frameEnded: worstEnd(rounds.diveFrame),
          frameElapsedMs: mid(rounds.diveFrame, "elapsedMs"),
          framePeakRssKb: mid(rounds.diveFrame, "peakRssKb"),
        }
      : null,
  };
}

const s = (ms) => (ms === null || ms === undefined ? "?" : `${(ms / 1000).toFixed(2)} s`);
const mb = (kb) => (kb === null || kb === undefined ? "?" : `${(kb / 1024).toFixed(0)} MB`);
const cut = { timeout: "stopped at the time limit", "memory cap": "stopped at the memory cap", exited: "exited without a frame" };

export function hugeTable(row) {
  const ls = row.layerscope;
  const dive = row.dive;
  const diveRun = (ms, ended) => (ended && cut[ended] ? `> ${s(ms)} (${cut[ended]})` : s(ms));
  const lines = [
    `${row.image}: limits for Dive ${row.timeoutMs / 1000} s and ${mb(row.rssCapKb)} of RSS`,
    "",
    "| | `--ci` wall | CPU | peak RSS | UI: first frame | UI: tree and figures drawn | UI peak RSS |",
    "|---|---|---|---|---|---|---|",
    `| layerscope | ${s(ls.wallMs)} | ${s(ls.cpuMs)} | ${mb(ls.rssKb)} | ${s(ls.firstFrameMs)} (a key ${s(ls.keyMs)}, q ${s(ls.quitMs)}) | ${s(ls.fullFrameMs)} | ${mb(ls.framePeakRssKb)} |`,
  ];
  if (dive) {
    const frameMs = dive.fullFrameMs ?? dive.frameElapsedMs;
    lines.push(
      `| Dive | ${diveRun(dive.wallMs, dive.ended)} | ${s(dive.cpuMs)} | ${mb(dive.rssKb)} | ${diveRun(frameMs, dive.frameEnded)} | (the same frame) | ${mb(dive.framePeakRssKb)} |`,
    );
  }
  return lines.join("\n");
}
