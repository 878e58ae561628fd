import stringWidth from "string-width";
import { thousands } from "../../analysis/thousands.js";
import type { EntryType } from "../../tar/types.js";
import { printable } from "../../text/escape.js";
import { noun, percent as percentOf } from "../../text/format.js";

/** 0.98442 → "98.4%": one decimal in the UI's narrow panes */
export function percent(fraction: number): string {
  return percentOf(fraction, 1);
}

/** 1234 → `1,234` */
export function count(n: number): string {
  return thousands(n);
}

/** `1 file`, `1,234 files`, `2 entries` */
export function plural(n: number, one: string, many?: string): string {
  return `${count(n)} ${noun(n, one, many)}`;
}

/** 1234 → `1.2k`, for narrow columns */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

const TYPE_CHAR: Record<EntryType, string> = {
  file: "-",
  hardlink: "-",
  dir: "d",
  symlink: "l",
  char: "c",
  block: "b",
  fifo: "p",
};

/** `drwxr-xr-x`, with s/S/t/T for setuid, setgid and sticky */
export function modeString(type: EntryType, mode: number): string {
  const bit = (mask: number, ch: string): string => (mode & mask ? ch : "-");
  const special = (exec: number, flag: number, on: string): string => {
    if (mode & flag) return mode & exec ? on : on.toUpperCase();
    return mode & exec ? "x" : "-";
  };
  return (
    TYPE_CHAR[type] +
    bit(0o400, "r") +
    bit(0o200, "w") +
    special(0o100, 0o4000, "s") +
    bit(0o40, "r") +
    bit(0o20, "w") +
    special(0o10, 0o2000, "s") +
    bit(0o4, "r") +
    bit(0o2, "w") +
    special(0o1, 0o1000, "t")
  );
}

/**
 * A layer's instruction for one line: the shell noise of `created_by` removed (`/bin/sh -c #(nop) ` before
 * Dockerfile metadata instructions, `/bin/sh -c ` before RUN commands) and whitespace squeezed.
 */
export function shortCommand(createdBy: string): string {
  let text = createdBy.replace(/\s+/g, " ").trim();
  const nop = /^(?:\|\d+ (?:[^\s=]+=\S* )*)?\/bin\/sh -c #\(nop\)\s*/.exec(text);
  if (nop) return text.slice(nop[0].length);
  const run = /^(?:\|\d+ (?:[^\s=]+=\S* )*)?\/bin\/sh -c\s+/.exec(text);
  if (run) text = `RUN ${text.slice(run[0].length)}`;
  return text;
}

export function padStart(text: string, width: number): string {
  return text.length >= width ? text : " ".repeat(width - text.length) + text;
}

/** `text` and spaces up to `width` terminal columns (a CJK character takes two) */
export function padEnd(text: string, width: number): string {
  const cells = stringWidth(text);
  return cells >= width ? text : text + " ".repeat(width - cells);
}

/**
 * The start of a line in at most `cells` terminal columns, ending with `…` when cut, as `clip` but counting the
 * columns a character takes (two for CJK, none for a combining mark). Reads only as far as the cut: a line of a
 * viewed file may be a megabyte long.
 */
export function clipCells(text: string, cells: number): string {
  const line = printable(text);
  if (cells <= 0) return "";
  let used = 0;
  // where the line is cut when it does not fit: the most of it that leaves a column for `…`
  let cut = 0;
  let at = 0;
  for (const char of line) {
    used += stringWidth(char);
    if (used > cells) return `${line.slice(0, cut)}…`;
    at += char.length;
    if (used <= cells - 1) cut = at;
  }
  return line;
}

/**
 * The end of a path in at most `cells` terminal columns, starting with `…` when cut, as `clipStart` but counting
 * the columns a character takes (two for CJK, none for a combining mark): the file name stays in view.
 */
export function clipStartCells(text: string, cells: number): string {
  const line = printable(text);
  if (stringWidth(line) <= cells) return line;
  if (cells <= 1) return cells === 1 ? "…" : "";
  const chars = [...line];
  let start = chars.length;
  for (let used = 1; start > 0 && used + stringWidth(chars[start - 1]) <= cells; start--) used += stringWidth(chars[start - 1]);
  return `…${chars.slice(start).join("")}`;
}

/** Splits text into lines of at most `width` columns, breaking at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(" ", width);
    if (cut < width / 2) cut = width;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || lines.length === 0) lines.push(rest);
  return lines;
}
