import type { Analysis } from "../analysis/types.js";
import { jsonFileChange, type JsonFileChange } from "../report/json.js";
import { bytes } from "../report/format.js";
import { formatLine, lsMode, lsSize } from "../tree/ls.js";
import { rangeChanges, type LayerRange, type RangeTotals } from "../tree/range.js";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";
import { safeJson } from "../text/escape.js";

const MARK = { added: "+", modified: "~", removed: "-" } as const;

/** `N..M` (inclusive, N ≤ M), `N..` (to the last layer), or `N` alone. */
export function parseLayerRange(text: string, count: number, reference: string): { from: number; to: number } {
  const match = /^\s*(\d+)\s*(?:\.\.\s*(\d*)\s*)?$/.exec(text);
  const from = match ? Number(match[1]) : NaN;
  const to = match ? (match[2] === undefined ? from : match[2] === "" ? count - 1 : Number(match[2])) : NaN;
  if (!match || from > to || to >= count)
    throw new UsageError(`--layers ${text}: give N..M with 0 ≤ N ≤ M ≤ ${count - 1} (${reference} has layers 0 to ${count - 1})`);
  return { from, to };
}

/** The range's net changes, one `MARK ls-line` a line, and its totals on a last `#` line; or all of it as JSON. */
export function writeRange(analysis: Analysis, from: number, to: number, json: boolean, io: CliIo): void {
  const range = rangeChanges(analysis.tree, from, to, (layer) => analysis.summary.layers[layer].sizeBytes);
  if (json) {
    io.stdout(safeJson(JSON.stringify(rangeJson(range), null, 2)) + "\n");
    return;
  }
  const lines = range.changes.map((item) => `${MARK[item.kind]} ${formatLine(item.node)}`);
  const chunk = 4096;
  for (let i = 0; i < lines.length; i += chunk) io.stdout(lines.slice(i, i + chunk).join("\n") + "\n");
  io.stdout(`# ${totalsLine(range)}\n`);
}

function totalsLine(range: LayerRange): string {
  const t: RangeTotals = range.totals;
  return (
    `layers ${range.from}..${range.to}: +${t.added} ~${t.modified} -${t.removed}; ` +
    `net ${bytes(t.netBytes)} (added ${bytes(t.addedBytes)}, modified ${bytes(t.modifiedBytes)}), removed ${bytes(t.removedBytes)}; ` +
    `the layers store ${bytes(t.storedBytes)}`
  );
}

interface RangeJson {
  from: number;
  to: number;
  totals: RangeTotals;
  changes: JsonFileChange[];
}

function rangeJson(range: LayerRange): RangeJson {
  return {
    from: range.from,
    to: range.to,
    totals: range.totals,
    // size and mode as the lines show them (a symlink's: its target's length, 0777)
    changes: range.changes.map((item) => ({
      ...jsonFileChange({ path: item.path, kind: item.kind, type: item.type, size: lsSize(item.node), meta: item.node }),
      mode: lsMode(item.node),
    })),
  };
}
