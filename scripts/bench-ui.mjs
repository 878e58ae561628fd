// Time to the first full frame of the terminal UI, layerscope's and Dive's, in a detached tmux session: from the
// start of the session to the first capture of the pane that shows both the layer list and the file tree.
import { execFileSync } from "node:child_process";
import { DIVE } from "./bench-dive.mjs";
import { watchTree } from "./bench-limits.mjs";
import { median } from "./bench-measure.mjs";

const POLL_MS = 20;
const TIMEOUT_MS = 120_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const commands = {
  layerscope: (image, env = "") => `env -u CI ${env} node bin/layerscope.js '${image}'`,
  dive: (image, env = "") => `env -u CI ${env} '${DIVE}' --source docker-archive '${image}'`,
};
// what each UI shows once its first full frame is drawn: both panes, the tree's rows in them (layerscope may show
// "building the tree…" in the tree pane for a moment; the UI tests do not count that frame either), and every figure
// (layerscope draws the layers and trees before the analysis ends, saying "Reading:" until then: liveUiFigures)
const drawn = (screen) =>
  screen.includes("Layers") && screen.includes("Filetree") && screen.includes("├─") && !screen.includes("building") && !screen.includes("Reading:");

async function firstFrameMs(tool, image) {
  const { ms, ended } = await firstFrame(tool, image);
  if (ms === null) throw new Error(`${tool} ${ended === "timeout" ? `drew no frame in ${TIMEOUT_MS / 1000} s` : ended} on ${image}`);
  return ms;
}

/** The first-frame measurements so far: each one's tmux server is named by its number */
let frames = 0;

/**
 * The time to the first full frame of one tool's UI (`ms`, null when there was none), with a time limit and a cap on
 * its resident memory (the process is killed at either; `ended` says which: "frame", "timeout", "memory cap",
 * "exited"; `elapsedMs` until then), and the UI process's peak RSS until the frame or the end (`peakRssKb`, from /proc).
 * `env`: variables
 * set for the tool (NAME=VALUE …).
 */
export async function firstFrame(tool, image, { timeoutMs = TIMEOUT_MS, rssCapKb, env = "" } = {}) {
  // a tmux server of its own each time: a server whose last session just ended may still be exiting when the next
  // run asks it for a session ("server exited unexpectedly")
  const session = `lsbench-ui-${process.pid}-${tool}-${++frames}`;
  const started = process.hrtime.bigint();
  execFileSync("tmux", ["-L", session, "new-session", "-d", "-s", session, "-x", "160", "-y", "45", `exec ${commands[tool](image, env)}`]);
  const pid = Number(execFileSync("tmux", ["-L", session, "display-message", "-p", "-t", session, "#{pane_pid}"], { encoding: "utf8" }).trim());
  // the limits' watch kills the process; its end is seen here as a pane that is gone
  const watch = watchTree(pid, { timeoutMs, rssCapKb });
  let ms = null;
  let ended = "exited";
  try {
    for (;;) {
      let screen = "";
      try {
        screen = execFileSync("tmux", ["-L", session, "capture-pane", "-p", "-t", session], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      } catch {
        break;
      }
      if (drawn(screen)) {
        ms = Number(process.hrtime.bigint() - started) / 1e6;
        ended = "frame";
        break;
      }
      if (watch.result().ended !== "exit") {
        ended = watch.result().ended;
        break;
      }
      await sleep(POLL_MS);
    }
  } finally {
    watch.stop();
    try {
      execFileSync("tmux", ["-L", session, "kill-server"], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
  if (ended === "exited" && watch.result().ended !== "exit") ended = watch.result().ended;
  return { ms, ended, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6, peakRssKb: watch.result().peakKb };
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

/**
 * The UI of an analysis still running, on one image (layerscope only): from the session's start to the first frame
 * (the layers pane drawn from the manifest and config), to the first tree, and to the figures (the image pane's
 * totals); a key sent once the first frame is drawn, while the image is still read, until its frame (the selection
 * on layer 1), then k and j in turn until the figures show (the slowest answer); and, in another session, `q` sent
 * at the first frame until the process has ended.
 */
export async function liveUiFigures(image, { env = "", timeoutMs = TIMEOUT_MS } = {}) {
  const session = `lsbench-live-${process.pid}`;
  // a server of its own: closing the session ends it without touching other tmux sessions
  const tmux = (...args) => execFileSync("tmux", ["-L", session, ...args], { encoding: "utf8" });
  const since = (started) => Number(process.hrtime.bigint() - started) / 1e6;
  const poll = async (started, test, what) => {
    for (;;) {
      if (since(started) > timeoutMs) throw new Error(`no ${what} in ${timeoutMs / 1000} s on ${image}`);
      const screen = tmux("capture-pane", "-p", "-t", session);
      if (test(screen)) return since(started);
      await sleep(POLL_MS / 2);
    }
  };
  const open = () => {
    const started = process.hrtime.bigint();
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "45", `env -u CI ${env} node bin/layerscope.js '${image}'; echo "layerscope ended"; sleep 600`);
    return started;
  };
  const close = async () => {
    execFileSync("tmux", ["-L", session, "kill-server"], { stdio: "ignore" });
    await sleep(200); // the server's exit, before the next one starts
  };
  const layersDrawn = (screen) => /Layers {2}\d+/.test(screen) && /▶ +0 /.test(screen);
  const figures = {};
  let started = open();
  try {
    figures.firstFrameMs = await poll(started, layersDrawn, "first frame");
    const stillReading = tmux("capture-pane", "-p", "-t", session).includes("Reading:");
    const keyAt = process.hrtime.bigint();
    tmux("send-keys", "-t", session, "j");
    figures.keyMs = await poll(keyAt, (screen) => /▶ +1 /.test(screen), "answer to a key");
    figures.keyWhileReading = stillReading;
    // then k and j in turn, each once the last is answered and 150 ms later, until the figures show: the slowest answer
    let selected = 1;
    figures.slowestKeyMs = 0;
    figures.keysUntilFigures = 0;
    for (;;) {
      const screen = tmux("capture-pane", "-p", "-t", session);
      if (figures.firstTreeMs === undefined && screen.includes("├─")) figures.firstTreeMs = since(started);
      if (/Total .* entries/.test(screen)) break;
      if (since(started) > timeoutMs) throw new Error(`no figures in ${timeoutMs / 1000} s on ${image}`);
      selected = 1 - selected;
      const sentAt = process.hrtime.bigint();
      tmux("send-keys", "-t", session, selected === 1 ? "j" : "k");
      const answered = await poll(sentAt, (shown) => new RegExp(`▶ +${selected} `).test(shown), "answer to a key");
      figures.slowestKeyMs = Math.max(figures.slowestKeyMs, answered);
      figures.keysUntilFigures++;
      await sleep(150);
    }
    figures.firstTreeMs ??= await poll(started, (screen) => screen.includes("├─"), "first tree");
    figures.figuresMs = await poll(started, (screen) => /Total .* entries/.test(screen), "figures");
  } finally {
    await close();
  }
  started = open();
  try {
    await poll(started, layersDrawn, "first frame");
    const quitAt = process.hrtime.bigint();
    tmux("send-keys", "-t", session, "q");
    figures.quitMs = await poll(quitAt, (screen) => screen.includes("layerscope ended"), "the end after q");
  } finally {
    await close();
  }
  return figures;
}

export function liveTable(rows) {
  const s = (ms) => (ms === undefined ? "?" : (ms / 1000).toFixed(2) + " s");
  const lines = [
    "| image | first frame | a key while reading | slowest key until the figures (keys sent) | first tree | figures | q at the first frame, to exit |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of rows)
    lines.push(
      `| ${r.image} | ${s(r.firstFrameMs)} | ${s(r.keyMs)}${r.keyWhileReading ? "" : " (reading had ended)"} | ${s(r.slowestKeyMs)} (${r.keysUntilFigures ?? "?"}) | ${s(r.firstTreeMs)} | ${s(r.figuresMs)} | ${s(r.quitMs)} |`,
    );
  return lines.join("\n");
}

export function uiTable(rows) {
  const lines = ["| image | layerscope first frame | Dive first frame | ratio |", "|---|---|---|---|"];
  for (const r of rows) {
    lines.push(`| ${r.image} | ${(r.layerscopeMs / 1000).toFixed(2)} s | ${(r.diveMs / 1000).toFixed(2)} s | ${r.ratio.toFixed(2)}× |`);
  }
  return lines.join("\n");
}
