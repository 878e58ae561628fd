// Time to the first full frame of the terminal UI, layerscope's and Dive's, in a detached tmux session: from the
// start of the session to the first capture of the pane that shows both the layer list and the file tree.
import { execFileSync } from "node:child_process";
import { DIVE } from "./bench-dive.mjs";
import { median } from "./bench-measure.mjs";

const POLL_MS = 20;
const TIMEOUT_MS = 120_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const commands = {
  layerscope: (image) => `env -u CI node bin/layerscope.js '${image}'`,
  dive: (image) => `env -u CI '${DIVE}' --source docker-archive '${image}'`,
};
// what each UI shows once its first full frame is drawn: both panes, the tree's rows in them (layerscope may show
// "building the tree…" in the tree pane for a moment; the UI tests do not count that frame either)
const drawn = (screen) => screen.includes("Layers") && screen.includes("Filetree") && screen.includes("├─") && !screen.includes("building");

async function firstFrameMs(tool, image) {
  const session = `lsbench-ui-${process.pid}-${tool}`;
  const started = process.hrtime.bigint();
  execFileSync("tmux", ["new-session", "-d", "-s", session, "-x", "160", "-y", "45", commands[tool](image)]);
  try {
    for (;;) {
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (elapsed > TIMEOUT_MS) throw new Error(`${tool} drew no frame in ${TIMEOUT_MS / 1000} s on ${image}`);
      let screen = "";
      try {
        screen = execFileSync("tmux", ["capture-pane", "-p", "-t", session], { encoding: "utf8" });
      } catch {
        throw new Error(`${tool} exited before drawing a frame on ${image}`);
      }
      if (drawn(screen)) return elapsed;
      await sleep(POLL_MS);
    }
  } finally {
    try {
      execFileSync("tmux", ["kill-session", "-t", session], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
}

/** Median time to first frame of each tool on one image, runs taken alternately. */
export async function benchUi(image, path, runs) {
  const times = { layerscope: [], dive: [] };
  for (let round = 0; round < runs; round++) {
    for (const tool of Object.keys(times)) times[tool].push(await firstFrameMs(tool, path));
  }
  const layerscope = median(times.layerscope);
  const dive = median(times.dive);
  return { image, path, layerscopeMs: layerscope, diveMs: dive, ratio: layerscope / dive, runs };
}

export function uiTable(rows) {
  const lines = ["| image | layerscope first frame | Dive first frame | ratio |", "|---|---|---|---|"];
  for (const r of rows) {
    lines.push(`| ${r.image} | ${(r.layerscopeMs / 1000).toFixed(2)} s | ${(r.diveMs / 1000).toFixed(2)} s | ${r.ratio.toFixed(2)}× |`);
  }
  return lines.join("\n");
}
