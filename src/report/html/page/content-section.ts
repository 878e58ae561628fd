import type { ContentDiff, ContentFileDiff } from "../../../diff/content-diff.js";
import { bytes, el, printable, section } from "./dom.js";

/** With `diff --content`: one block a file, its unified diff coloured line by line (text nodes only). */
export function contentSection(content: ContentDiff | undefined): HTMLElement | null {
  if (!content) return null;
  const binary = content.files.filter((file) => file.kind === "binary").length;
  const summary = el(
    "p",
    { class: "note", data: { testid: "content-summary" } },
    `${content.files.length} of ${content.compared} files in both images differ${binary > 0 ? ` (${binary} binary)` : ""}` +
      (content.glob ? `, among those matching ${printable(content.glob)}` : "") +
      (content.omitted > 0 ? `; ${content.omitted} more left out (the diff's limits)` : ""),
  );
  return section("Content changes", summary, ...content.files.map((file) => fileBlock(file, content.maxFileBytes)));
}

function fileBlock(file: ContentFileDiff, maxFileBytes: number): HTMLElement {
  const sizes = `${bytes(file.baseBytes)} → ${bytes(file.headBytes)}`;
  const note =
    file.kind === "text"
      ? `+${file.added} −${file.removed}`
      : file.kind === "binary"
        ? `binary files differ (${sizes})`
        : file.kind === "too-large"
          ? `not compared: larger than ${bytes(maxFileBytes)} (${sizes})`
          : `too different to diff in time (${sizes})`;
  const head = el("h3", {}, printable(file.path), " ", el("span", { class: "note" }, note));
  if (!file.patch) return el("div", { class: "content-file", data: { testid: "content-file", path: file.path } }, head);
  const lines = file.patch.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const pre = el(
    "pre",
    { class: "patch" },
    ...lines.map((line) => el("span", { class: lineClass(line) }, printable(line) + "\n")),
  );
  return el("div", { class: "content-file", data: { testid: "content-file", path: file.path } }, head, pre);
}

function lineClass(line: string): string {
  if (line.startsWith("+++") || line.startsWith("---")) return "patch-file";
  if (line.startsWith("@@")) return "patch-hunk";
  if (line.startsWith("+")) return "patch-add";
  if (line.startsWith("-")) return "patch-del";
  return "patch-ctx";
}
