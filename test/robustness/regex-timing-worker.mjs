// The timings of test/robustness/regex-time.test.ts, in a worker thread that the test can stop: a search that
// backtracks for hours cannot be interrupted from its own thread. Posts "search" before each search, "done" with
// the slow string's description (if any) after each pattern, "end" after the last.
import { parentPort, workerData } from "node:worker_threads";

const { patterns, from, size, limitMs, retryBelowMs, generic } = workerData;
const filled = new Map();

function fill(unit, tail) {
  const key = `${unit}\u0000${tail}`;
  let text = filled.get(key);
  if (text === undefined) {
    text = unit.repeat(Math.ceil((size - tail.length) / unit.length)).slice(0, size - tail.length) + tail;
    if (generic.includes(unit)) filled.set(key, text);
  }
  return text;
}

function timeSearch(text, regex) {
  const start = performance.now();
  text.search(regex);
  return performance.now() - start;
}

for (let i = from; i < patterns.length; i++) {
  const { source, flags, specs } = patterns[i];
  // the first match, from every start position: where a backtracking pattern spends its time when nothing matches
  // (a sticky pattern is used from one position, as the code uses it)
  const once = new RegExp(source, flags.replace(/g/g, ""));
  let slow;
  for (const { head, unit, tail } of specs) {
    const text = head + fill(unit, tail);
    parentPort.postMessage({ kind: "search", i, text: JSON.stringify(text.slice(0, 12)) });
    let ms = timeSearch(text, once);
    if (ms > limitMs && ms < retryBelowMs) ms = Math.min(ms, timeSearch(text, once), timeSearch(text, once));
    if (ms > limitMs) {
      slow = `on ${JSON.stringify(text.slice(0, 12))}…: ${Math.round(ms)} ms`;
      break;
    }
  }
  parentPort.postMessage({ kind: "done", i, slow });
}
parentPort.postMessage({ kind: "end" });
