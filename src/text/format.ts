import prettyBytes from "pretty-bytes";
import { printable } from "./escape.js";

// The formatting of figures and image strings shared by every output: the text and Markdown reports, the terminal
// UI and the HTML page. Every function that shows a string from the image escapes it (printable) first.

/** The noun for `n` things: `file` for 1, `files` (`fixes`) otherwise, or the plural given. */
export function noun(n: number, one: string, many = one.endsWith("x") ? `${one}es` : `${one}s`): string {
  return n === 1 ? one : many;
}

/** "1 file", "1,234 files": a count, grouped by thousands, and its noun. */
export function counted(n: number, one: string, many?: string): string {
  return `${n.toLocaleString("en-US")} ${noun(n, one, many)}`;
}

/** 1234567 → "1.23 MB" */
export function bytes(value: number): string {
  return prettyBytes(value);
}

/** 1500 → "+1.5 kB", -1500 → "−1.5 kB" (a minus sign), 0 → "±0 B" */
export function signedBytes(delta: number): string {
  if (delta === 0) return "±0 B";
  return `${delta > 0 ? "+" : "−"}${prettyBytes(Math.abs(delta))}`;
}

/** 0.98442 → "98.44%" (or "98.4%" with one decimal); "n/a" for a ratio of nothing (NaN, ±Infinity) */
export function percent(fraction: number, decimals = 2): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(decimals)}%` : "n/a";
}

/** Runs of whitespace (newlines, tabs) as one space, none at either end. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** At most `max` characters, ending in `…` when cut. */
export function clip(text: string, max: number): string {
  const line = printable(text);
  if (line.length <= max) return line;
  if (max <= 1) return max === 1 ? "…" : "";
  return `${line.slice(0, max - 1)}…`;
}

/** At most `max` characters, starting with `…` when cut: the end of a path (the file's name) stays readable. */
export function clipStart(text: string, max: number): string {
  const line = printable(text);
  if (line.length <= max) return line;
  if (max <= 1) return max === 1 ? "…" : "";
  return `…${line.slice(line.length - max + 1)}`;
}

/** At most `max` characters, cut in the middle: both the start and the end stay readable. */
export function clipMiddle(text: string, max: number): string {
  const line = printable(text);
  if (line.length <= max || max < 5) return clip(line, max);
  const tail = Math.ceil((max - 1) / 2);
  return `${line.slice(0, max - 1 - tail)}…${line.slice(line.length - tail)}`;
}

/** A path on one line: whitespace shown as spaces, cut in the middle (keeping its file name) when longer than `max`. */
export function clipPath(path: string, max: number): string {
  const line = path.replace(/\s/g, " ");
  return printable(line).length <= max || max < 5 ? clip(oneLine(line), max) : clipMiddle(line, max);
}
