import React, { useMemo } from "react";
import { Box, Text } from "ink";
import { VIEW_CAP } from "../content-view.js";
import type { ViewerState } from "../state/look-actions.js";
import { hexLine, hexLineCount, textLines, type LineKind, type ViewLine } from "../state/viewer-lines.js";
import type { LoadedView } from "../use-view-content.js";
import { PaneTitle } from "./PaneTitle.js";
import { bytes } from "../../text/format.js";
import { clipCells } from "../state/format.js";

const COLORS: Partial<Record<LineKind, string>> = { add: "green", del: "red", hunk: "cyan", note: "yellow" };

/** Lines of the view as shown: text, hex rows (made for the window only), or the diff. */
export function useViewLines(view: LoadedView | undefined, viewer: ViewerState | undefined): { count: number; line(i: number): ViewLine } {
  const text = useMemo(() => (view?.file && !view.file.binary ? textLines(view.file.bytes) : undefined), [view?.file]);
  return useMemo(() => {
    if (!view || view.loading) return { count: 1, line: () => ({ kind: "note" as const, text: "reading…" }) };
    if (view.message !== undefined) return { count: 1, line: () => ({ kind: "note" as const, text: view.message! }) };
    if (view.diff) return { count: view.diff.length, line: (i: number) => view.diff![i] };
    const file = view.file!;
    const hex = viewer?.hex ?? file.binary;
    if (hex || !text) return { count: hexLineCount(file.bytes.length), line: (i: number) => ({ kind: "text" as const, text: hexLine(file.bytes, i) }) };
    return { count: text.length, line: (i: number) => ({ kind: "text" as const, text: text[i] }) };
  }, [view, viewer?.hex, text]);
}

export function ViewerOverlay({
  viewer,
  view,
  lines,
  width,
  rows,
  colors,
}: {
  viewer: ViewerState;
  view: LoadedView | undefined;
  lines: { count: number; line(i: number): ViewLine };
  width: number;
  rows: number;
  colors: boolean;
}): React.JSX.Element {
  const file = view?.file;
  // no text/hex label over a message (a directory, a device, a missing path) or while the file is read
  const mode = viewer.mode === "diff" ? "diff with the layer below" : !file ? "" : (viewer.hex ?? file.binary) ? "hex" : "text";
  const capped = file && file.size > file.bytes.length ? ` · first ${bytes(file.bytes.length)} of ${bytes(file.size)} shown (size cap ${bytes(VIEW_CAP)})` : "";
  const where = lines.count > rows ? ` · ${viewer.scroll + 1}-${Math.min(lines.count, viewer.scroll + rows)} of ${lines.count}` : "";
  const shown: ViewLine[] = [];
  for (let i = viewer.scroll; i < Math.min(lines.count, viewer.scroll + rows); i++) shown.push(lines.line(i));
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PaneTitle
        title={`${viewer.path}${file && file.path !== viewer.path ? ` → ${file.path}` : ""} · layer ${viewer.layer}`}
        extra={`${file ? bytes(file.size) + " · " : ""}${mode}${capped}${where}`}
        width={width}
        focused
      />
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate" color={colors ? COLORS[line.kind] : undefined} bold={line.kind === "file"}>
          {/* an empty Text takes no row in Ink: a blank line of the file would vanish and pull the next ones up */}
          {clipCells(line.text === "" && !line.trailing ? " " : line.text, width - (line.trailing?.length ?? 0))}
          {line.trailing ? (
            <Text inverse color={colors ? "red" : undefined}>
              {line.trailing.replace(/[^ ]/g, " ")}
            </Text>
          ) : null}
        </Text>
      ))}
    </Box>
  );
}
