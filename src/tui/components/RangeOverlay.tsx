import React, { useRef } from "react";
import { Box, Text } from "ink";
import type { LayerRange } from "../../tree/range.js";
import { clipStartCells, count, padEnd, padStart, plural } from "../state/format.js";
import { windowStart } from "../state/layout.js";
import { PaneTitle } from "./PaneTitle.js";
import { bytes } from "../../text/format.js";

const MARK = { added: "+", modified: "~", removed: "-" } as const;
const COLOR = { added: "green", modified: "yellow", removed: "red" } as const;

/** The net changes of a marked layer range, and its totals: what a `COPY --from` of that stage would carry. */
export function RangeOverlay({
  range,
  cursor,
  width,
  rows,
  colors,
}: {
  range: LayerRange;
  cursor: number;
  width: number;
  rows: number;
  colors: boolean;
}): React.JSX.Element {
  const start = useRef(0);
  const t = range.totals;
  const listRows = rows - 1;
  start.current = windowStart(start.current, cursor, listRows, range.changes.length);
  const shown = range.changes.slice(start.current, start.current + listRows);
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PaneTitle title={`Layers ${range.from}..${range.to}: net changes`} extra={plural(range.changes.length, "path")} width={width} focused />
      <Text wrap="truncate">
        {padEnd(
          ` +${count(t.added)} ~${count(t.modified)} -${count(t.removed)} · net ${bytes(t.netBytes)} (added ${bytes(t.addedBytes)}, modified ${bytes(t.modifiedBytes)}) · removed ${bytes(t.removedBytes)} · the layers store ${bytes(t.storedBytes)}`,
          width,
        )}
      </Text>
      {range.changes.length === 0 && <Text>{"  no net change: the range leaves the tree as it found it"}</Text>}
      {shown.map((change, i) => {
        const index = start.current + i;
        const head = ` ${MARK[change.kind]} ${padStart(change.type === "file" || change.type === "hardlink" ? bytes(change.size) : "", 10)}  `;
        const line = head + clipStartCells(change.path, width - head.length);
        return (
          <Text key={index} wrap="truncate" inverse={index === cursor} color={colors ? COLOR[change.kind] : undefined}>
            {index === cursor ? padEnd(line, width) : line}
          </Text>
        );
      })}
    </Box>
  );
}

/** A marked range before its changes are known (the analysis runs or failed): it shows once they are. */
export function RangePending({
  from,
  to,
  pending,
  width,
  rows,
}: {
  from: number;
  to: number;
  pending: string;
  width: number;
  rows: number;
}): React.JSX.Element {
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PaneTitle title={`Layers ${from}..${to}: net changes`} width={width} focused />
      <Text>{`  net changes: ${pending}`}</Text>
    </Box>
  );
}
