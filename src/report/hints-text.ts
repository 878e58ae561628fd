import type { Hint } from "../analysis/hints/types.js";
import { bytes, clip } from "./format.js";
import { removableText, type RemovableTotal } from "./hints-removable.js";
import { hintWhere, SEVERITY_LABEL } from "./hints-where.js";
import { printable } from "../text/escape.js";

export interface HintsTextOptions {
  /** ANSI colour for the severity */
  color?: boolean;
  /** Line width for clipping; 100 when unknown */
  width?: number;
  /** Name printed before `:LINE`; `Dockerfile` by default */
  dockerfileName?: string;
  /** Heading; `Hints` by default */
  title?: string;
  /** What the fixes of all the hints remove together (a line under the heading) */
  removable?: RemovableTotal;
}

const COLOR: Record<Hint["severity"], string> = { error: "31", warning: "33", info: "36" };

/**
 * The hints section of a text report: per hint a head line (severity, id, where, bytes), the instruction
 * (clipped to `width`), the message and the fix. Empty string when there are no hints, so a report can append it unconditionally.
 */
export function formatHintsText(hints: readonly Hint[], options: HintsTextOptions = {}): string {
  if (hints.length === 0) return "";
  const width = Math.max(60, options.width ?? 100);
  const paint = (hint: Hint, text: string): string => (options.color ? `\u001b[${COLOR[hint.severity]}m${text}\u001b[0m` : text);
  const bold = (text: string): string => (options.color ? `\u001b[1m${text}\u001b[0m` : text);
  const lines = [bold(`${options.title ?? "Hints"} (${hints.length})`)];
  if (options.removable) lines.push(`  ${removableText(options.removable.bytes, options.removable.imageBytes)}`);
  for (const hint of hints) {
    const size = hint.bytes > 0 ? `  ${bytes(hint.bytes)}` : "";
    lines.push(`  ${paint(hint, SEVERITY_LABEL[hint.severity].padEnd(5))} ${hint.id}  ${hintWhere(hint, options.dockerfileName)}${size}`);
    if (hint.instruction) lines.push(`        ${clip(hint.instruction, width - 8)}`);
    // message and fix are never cut: in a CI log they are the point
    lines.push(`        ${printable(hint.message)}`);
    lines.push(`        fix: ${printable(hint.fix)}`);
  }
  return lines.join("\n") + "\n";
}

/** The hints of one layer as short lines, for the UI's layer details pane: `WARN apt-lists 82.9 MB Dockerfile:3`, then the fix. */
export function layerHintLines(hints: readonly Hint[], layer: number, width = 80): string[] {
  const lines: string[] = [];
  for (const hint of hints) {
    if (hint.layer !== layer) continue;
    const size = hint.bytes > 0 ? ` ${bytes(hint.bytes)}` : "";
    const line = hint.line !== undefined ? ` Dockerfile:${hint.line}` : "";
    lines.push(clip(`${SEVERITY_LABEL[hint.severity]} ${hint.id}${size}${line}: ${hint.message}`, width));
    lines.push(clip(`  fix: ${hint.fix}`, width));
  }
  return lines;
}
