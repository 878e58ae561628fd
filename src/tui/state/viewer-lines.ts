import type { FileBytes } from "../content-view.js";
import { printable } from "../../text/escape.js";
import { bytes } from "../../text/format.js";

export type LineKind = "text" | "add" | "del" | "hunk" | "file" | "note";

/** A line of the viewer, already escaped; `trailing` is whitespace at its end, shown highlighted in diffs. */
export interface ViewLine {
  text: string;
  kind: LineKind;
  trailing?: string;
}

const TAB = 8;
const HEX_BYTES_PER_LINE = 16;

/** A file's text as lines: tabs expanded, every character that could drive the terminal escaped (`\x1b`). */
export function textLines(bytes: Buffer): string[] {
  const lines = bytes.toString("utf8").split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return lines.map((line) => printable(expandTabs(line.replace(/\r$/, ""))));
}

function expandTabs(line: string): string {
  if (!line.includes("\t")) return line;
  let out = "";
  for (const char of line) out += char === "\t" ? " ".repeat(TAB - (out.length % TAB)) : char;
  return out;
}

export function hexLineCount(length: number): number {
  return Math.max(1, Math.ceil(length / HEX_BYTES_PER_LINE));
}

/** `00000010  7f 45 4c 46 02 01 01 00  00 00 00 00 00 00 00 00  |.ELF............|` */
export function hexLine(bytes: Buffer, line: number): string {
  const offset = line * HEX_BYTES_PER_LINE;
  const row = bytes.subarray(offset, offset + HEX_BYTES_PER_LINE);
  let hex = "";
  let ascii = "";
  for (let i = 0; i < HEX_BYTES_PER_LINE; i++) {
    if (i === 8) hex += " ";
    hex += i < row.length ? `${row[i].toString(16).padStart(2, "0")} ` : "   ";
    if (i < row.length) ascii += row[i] >= 0x20 && row[i] < 0x7f ? String.fromCharCode(row[i]) : ".";
  }
  return `${offset.toString(16).padStart(8, "0")}  ${hex} |${ascii}|`;
}

/**
 * A unified diff of two versions of a file (jsdiff, loaded on first use), escaped line by line; trailing whitespace
 * of changed lines is kept apart so the viewer can show it. A missing version diffs as empty.
 */
export async function diffViewLines(base: FileBytes | undefined, head: FileBytes | undefined): Promise<ViewLine[]> {
  const path = head?.path ?? base?.path ?? "";
  if (base && head && base.member === head.member) {
    return [{ kind: "note", text: `Not changed by layer ${head.layer}: the same file as after layer ${base.layer}` }];
  }
  const same = base && head ? sameBytes(base, head) : false;
  const partly = `The first ${bytes(Math.min(base?.bytes.length ?? 0, head?.bytes.length ?? 0))} of both versions are the same; the rest was not read (size cap)`;
  if (base?.binary || head?.binary) {
    const text = same === true ? SAME_BYTES : same === false ? `Binary files differ (${base?.size ?? 0} → ${head?.size ?? 0} bytes)` : partly;
    return [{ kind: "note", text }];
  }
  const { structuredPatch } = await import("diff");
  const patch = structuredPatch(`a${path}`, `b${path}`, base?.bytes.toString("utf8") ?? "", head?.bytes.toString("utf8") ?? "", undefined, undefined, {
    context: 3,
    timeout: 2000,
  });
  if (!patch) return [{ kind: "note", text: "Too different to diff in time" }];
  const lines: ViewLine[] = [
    { kind: "file", text: printable(`--- ${base ? `a${path} (layer ${base.layer})` : "/dev/null"}`) },
    { kind: "file", text: printable(`+++ ${head ? `b${path} (layer ${head.layer})` : "/dev/null"}`) },
  ];
  if (patch.hunks.length === 0) {
    lines.push({ kind: "note", text: !base ? "A new empty file" : !head ? "Removed (it was empty)" : same === true ? SAME_BYTES : partly });
  }
  for (const hunk of patch.hunks) {
    lines.push({ kind: "hunk", text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@` });
    for (const raw of hunk.lines) {
      const kind: LineKind = raw.startsWith("+") ? "add" : raw.startsWith("-") ? "del" : "text";
      const body = expandTabs(raw);
      const trimmed = kind === "text" ? body : body.trimEnd();
      const trailing = body.slice(trimmed.length);
      lines.push({ kind, text: printable(trimmed), ...(trailing ? { trailing } : {}) });
    }
  }
  return lines;
}

const SAME_BYTES = "The two versions hold the same bytes (metadata changed only)";

/** Whether two versions hold the same bytes; undefined when only their first bytes were read and those match. */
function sameBytes(base: FileBytes, head: FileBytes): boolean | undefined {
  if (base.size !== head.size) return false;
  if (base.hash && head.hash) return base.hash === head.hash;
  if (!base.bytes.equals(head.bytes)) return false;
  return base.bytes.length === base.size ? true : undefined;
}
