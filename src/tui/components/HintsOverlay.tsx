import React, { useRef } from "react";
import { Box, Text } from "ink";
import type { Hint } from "../../analysis/hints/types.js";
import { printable } from "../../text/escape.js";
import { padEnd, padStart, wrap } from "../state/format.js";
import { windowStart } from "../state/layout.js";
import { PaneTitle } from "./PaneTitle.js";
import { bytes, clip } from "../../text/format.js";

const COLOR = { error: "red", warning: "yellow", info: "cyan" } as const;
const PATCH_COLOR: Record<string, string> = { "+": "green", "-": "red", "@": "cyan" };

/**
 * Every hint (severity, layer, Dockerfile line, bytes, id), the selected one's fix below the list, and the patch
 * `layerscope fix` would make for it when the UI was given the Dockerfile.
 */
export function HintsOverlay({
  hints,
  patches,
  cursor,
  width,
  rows,
  colors,
  pending,
}: {
  hints: readonly Hint[];
  /** The patch of each hint's fix (same order as `hints`), undefined where fix makes none */
  patches?: ReadonlyArray<string | undefined>;
  cursor: number;
  width: number;
  rows: number;
  colors: boolean;
  /** Why the hints are not known yet (the analysis runs or failed) */
  pending?: string;
}): React.JSX.Element {
  const listRows = Math.max(3, Math.min(hints.length, Math.floor(rows / 2)));
  const start = useRef(0);
  start.current = windowStart(start.current, cursor, listRows, hints.length);
  const shown = hints.slice(start.current, start.current + listRows);
  const selected = hints[cursor];
  const patch = selected ? patches?.[cursor] : undefined;
  const detailRows = Math.max(0, rows - listRows - 1);
  const detail = selected ? detailLines(selected, patch, patches !== undefined, width) : [];
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PaneTitle title="Hints" extra={pending ? "" : `${hints.length} · enter opens the layer`} width={width} focused />
      {pending && <Text>{`  ${pending}`}</Text>}
      {!pending && hints.length === 0 && <Text>{"  no hints: nothing to fix"}</Text>}
      {shown.map((hint, i) => {
        const index = start.current + i;
        const where = hint.line !== undefined ? `line ${hint.line}` : "";
        const line = `${padEnd(hint.severity, 8)}${padStart(`L${hint.layer}`, 4)}  ${padEnd(where, 9)}${padStart(hint.bytes > 0 ? bytes(hint.bytes) : "", 9)}  ${hint.id}: ${printable(hint.message)}`;
        return (
          <Text key={index} wrap="truncate" inverse={index === cursor} color={colors ? COLOR[hint.severity] : undefined}>
            {index === cursor ? padEnd(clip(line, width), width) : clip(line, width)}
          </Text>
        );
      })}
      <Text>{clip("─".repeat(width), width)}</Text>
      {detail.slice(0, detailRows).map(({ text, patch: inPatch }, i) => (
        <Text key={`d${i}`} wrap="truncate" color={colors && inPatch ? PATCH_COLOR[text[0]] : undefined}>
          {clip(text, width)}
        </Text>
      ))}
    </Box>
  );
}

/** The selected hint's whole message and fix (the list cuts them at the screen's edge), then its patch. */
function detailLines(hint: Hint, patch: string | undefined, planned: boolean, width: number): Array<{ text: string; patch?: boolean }> {
  const prose = (text: string): Array<{ text: string }> => wrap(printable(text), width).map((line) => ({ text: line }));
  const lines = [...prose(`${hint.id}: ${hint.message}`), ...prose(`fix: ${hint.fix}`)];
  if (patch)
    lines.push(
      ...patch
        .trimEnd()
        .split("\n")
        .map((line) => ({ text: printable(line), patch: true })),
    );
  else if (planned) lines.push({ text: "layerscope fix makes no change for this hint (`layerscope fix` says why)" });
  else lines.push({ text: "the patch: run with --dockerfile, or `layerscope fix`" });
  return lines;
}
