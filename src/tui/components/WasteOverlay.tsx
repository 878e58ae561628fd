import React, { useRef } from "react";
import { Box, Text } from "ink";
import type { WasteRow } from "../state/waste-rows.js";
import { clipStartCells, count, padEnd, padStart } from "../state/format.js";
import { bytes, clip } from "../../text/format.js";
import { windowStart } from "../state/layout.js";
import { PaneTitle } from "./PaneTitle.js";

const COLOR = { shadowed: "yellow", deleted: "red", junk: "magenta", duplicate: "cyan" } as const;

function origin(item: WasteRow): string {
  if (item.kind === "junk") return `L${item.addedBy} ${item.rule ?? ""}`.trim();
  return item.removedBy !== undefined ? `L${item.addedBy}→L${item.removedBy}` : `L${item.addedBy}`;
}

export interface WasteOverlayProps {
  waste: readonly WasteRow[];
  cursor: number;
  width: number;
  rows: number;
  colors: boolean;
  /** Said instead of the list while the waste is not known yet */
  pending?: string;
}

/** The waste by directory and layer pair, largest first: the files of a group, and its path (a directory ends in `/`). */
export function WasteOverlay({ waste, cursor, width, rows, colors, pending }: WasteOverlayProps): React.JSX.Element {
  const start = useRef(0);
  start.current = windowStart(start.current, cursor, rows, waste.length);
  const total = waste.reduce((sum, item) => sum + item.bytes, 0);
  const files = waste.reduce((sum, item) => sum + item.files, 0);
  const shown = waste.slice(start.current, start.current + rows);
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PaneTitle
        title="Waste"
        extra={pending ? "" : `${count(waste.length)} groups · ${count(files)} files · ${bytes(total)} · largest first`}
        width={width}
        focused
      />
      {pending && <Text>{`  ${pending}`}</Text>}
      {!pending && waste.length === 0 && <Text>{"  no waste: every byte shipped is in the final tree and no junk rule matched"}</Text>}
      {shown.map((item, i) => {
        const index = start.current + i;
        const head = `${padStart(bytes(item.bytes), 10)}  ${padEnd(item.kind, 9)}  ${padEnd(origin(item), 14)}  ${padStart(count(item.files), 7)}  `;
        const line = head + pathText(item, width - head.length);
        return (
          <Text key={index} wrap="truncate" inverse={index === cursor} color={colors ? COLOR[item.kind] : undefined}>
            {index === cursor ? padEnd(clip(line, width), width) : clip(line, width)}
          </Text>
        );
      })}
    </Box>
  );
}

/** The row's path in `room` columns; a duplicate's path and the file it copies each keep their end (their names) in view. */
function pathText(item: WasteRow, room: number): string {
  const whole = clipStartCells(item.copyOf ? `${item.path}  = ${item.copyOf}` : item.path, room);
  if (!item.copyOf || !whole.startsWith("…")) return whole;
  const half = Math.max(1, Math.floor((room - 4) / 2));
  return `${clipStartCells(item.path, half)}  = ${clipStartCells(item.copyOf, room - 4 - half)}`;
}
