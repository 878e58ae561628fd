import React, { useRef } from "react";
import { Box, Text } from "ink";
import type { WasteItem } from "../../analysis/types.js";
import { bytes, count, fit, fitStart, padEnd, padStart } from "../state/format.js";
import { windowStart } from "../state/layout.js";
import { PaneTitle } from "./PaneTitle.js";

const COLOR = { shadowed: "yellow", deleted: "red", junk: "magenta" } as const;

function origin(item: WasteItem): string {
  if (item.kind === "junk") return `L${item.addedBy} ${item.rule ?? ""}`.trim();
  return item.removedBy !== undefined ? `L${item.addedBy}→L${item.removedBy}` : `L${item.addedBy}`;
}

export interface WasteOverlayProps {
  waste: readonly WasteItem[];
  cursor: number;
  width: number;
  rows: number;
  colors: boolean;
  /** Said instead of the list while the waste is not known yet */
  pending?: string;
}

export function WasteOverlay({ waste, cursor, width, rows, colors, pending }: WasteOverlayProps): React.JSX.Element {
  const start = useRef(0);
  start.current = windowStart(start.current, cursor, rows, waste.length);
  const total = waste.reduce((sum, item) => sum + item.bytes, 0);
  const shown = waste.slice(start.current, start.current + rows);
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PaneTitle title="Waste" extra={pending ? "" : `${count(waste.length)} items · ${bytes(total)} · largest first`} width={width} focused />
      {pending && <Text>{`  ${pending}`}</Text>}
      {!pending && waste.length === 0 && <Text>{"  no waste: every byte shipped is in the final tree and no junk rule matched"}</Text>}
      {shown.map((item, i) => {
        const index = start.current + i;
        const head = `${padStart(bytes(item.bytes), 10)}  ${padEnd(item.kind, 8)}  ${padEnd(origin(item), 14)}  `;
        const line = head + fitStart(item.path, width - head.length);
        return (
          <Text key={index} wrap="truncate" inverse={index === cursor} color={colors ? COLOR[item.kind] : undefined}>
            {index === cursor ? padEnd(fit(line, width), width) : fit(line, width)}
          </Text>
        );
      })}
    </Box>
  );
}
