import type { ContentDiff, ContentFileDiff } from "../diff/content-diff.js";
import { printable } from "../tar/path.js";
import { bytes, mdCell } from "./format.js";

const COLORS = { add: "32", remove: "31", hunk: "36", header: "1" } as const;

/** `Content: 12 files differ (3 binary) of 840 compared` */
function contentSummary(content: ContentDiff): string {
  const binary = content.files.filter((file) => file.kind === "binary").length;
  const parts = [`${content.files.length} file${content.files.length === 1 ? "" : "s"} differ${content.files.length === 1 ? "s" : ""}`];
  if (binary > 0) parts.push(`${binary} binary`);
  const glob = content.glob ? ` matching ${printable(content.glob)}` : "";
  const omitted = content.omitted > 0 ? `; ${content.omitted} more left out (the diff's limits)` : "";
  return `Content of modified files${glob}: ${parts.join(", ")} of ${content.compared} in both images${omitted}`;
}

/** What a file that is not shown as a patch is, in one line. */
function fileNote(file: ContentFileDiff, maxFileBytes: number): string | undefined {
  const sizes = `${bytes(file.baseBytes)} → ${bytes(file.headBytes)}`;
  if (file.kind === "binary") return `Binary files differ (${sizes})`;
  if (file.kind === "too-large") return `Not compared: larger than ${bytes(maxFileBytes)} (${sizes})`;
  if (file.kind === "too-different") return `Too different to diff in time (${sizes})`;
  return undefined;
}

/** The unified diffs, coloured on a terminal; every line escaped as image strings are (a patch line is file text). */
export function formatContentDiffText(content: ContentDiff | undefined, color: boolean): string[] {
  if (!content) return [];
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [contentSummary(content)];
  for (const file of content.files) {
    const note = fileNote(file, content.maxFileBytes);
    lines.push("", paint(COLORS.header, `${printable(file.path)}${note ? `: ${note}` : `  (+${file.added} -${file.removed})`}`));
    if (!file.patch) continue;
    for (const line of patchLines(file.patch)) {
      const shown = printable(line);
      if (line.startsWith("+++") || line.startsWith("---")) lines.push(paint(COLORS.header, shown));
      else if (line.startsWith("@@")) lines.push(paint(COLORS.hunk, shown));
      else if (line.startsWith("+")) lines.push(paint(COLORS.add, shown));
      else if (line.startsWith("-")) lines.push(paint(COLORS.remove, shown));
      else lines.push(shown);
    }
  }
  return lines;
}

function patchLines(patch: string): string[] {
  const lines = patch.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Fenced `diff` blocks; the fence is longer than any run of backticks in the patch, so no line can close it. */
export function formatContentDiffMarkdown(content: ContentDiff | undefined): string {
  if (!content) return "";
  const out = ["", `#### ${mdCell(contentSummary(content))}`];
  for (const file of content.files) {
    const note = fileNote(file, content.maxFileBytes);
    out.push("", `**${mdCell(file.path)}**${note ? `: ${note}` : ` (+${file.added} -${file.removed})`}`);
    if (!file.patch) continue;
    const body = patchLines(file.patch).map(printable).join("\n");
    const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    out.push("", `${fence}diff`, body, fence);
  }
  return out.join("\n") + "\n";
}
