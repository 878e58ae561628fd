import React, { useRef } from "react";
import { Box, Text } from "ink";
import type { ChangeKind } from "../../tree/types.js";
import { clipStartCells, modeString, padEnd, padStart, wrap } from "../state/format.js";
import { bytes, clip } from "../../text/format.js";
import { windowStart } from "../state/layout.js";
import { guideOf, type TreeRow } from "../state/tree-rows.js";
import { PaneTitle } from "./PaneTitle.js";

export interface TreePaneProps {
  rows: readonly TreeRow[] | undefined;
  cursor: number;
  width: number;
  /** Visible tree rows */
  height: number;
  focused: boolean;
  attributes: boolean;
  title: string;
  /** Filter, hidden kinds, sort: shown after the title */
  extra: string;
  /** Shown instead of the rows when there is no tree to show (a layer not read yet, or that failed) */
  message?: string;
  colors: boolean;
}

const MARK: Record<ChangeKind, string> = { added: "+", modified: "~", removed: "-" };
const COLOR: Record<ChangeKind, string> = { added: "green", modified: "yellow", removed: "red" };

/** The owner column's width: `1000:1000` fits; a wider owner on the rows shown widens the column for all of them */
const OWNER_WIDTH = 9;

const owner = (node: TreeRow["node"]): string => `${node.uid}:${node.gid}`;

function widestOwner(rows: readonly TreeRow[], from: number, count: number): number {
  let widest = OWNER_WIDTH;
  for (let i = from; i < Math.min(rows.length, from + count); i++) widest = Math.max(widest, owner(rows[i].node).length);
  return widest;
}

/** Attribute columns: full (mode, uid:gid, size) when wide, size only when narrow. */
function attributeWidth(width: number, attributes: boolean): "full" | "size" | "none" {
  if (!attributes) return "none";
  return width >= 62 ? "full" : "size";
}

export function TreePane({ rows, cursor, width, height, focused, attributes, title, extra, colors, message }: TreePaneProps): React.JSX.Element {
  const start = useRef(0);
  const inner = width - 1;
  const attrs = attributeWidth(inner, attributes);
  const selectedPath = rows && rows.length > 0 ? rows[Math.min(cursor, rows.length - 1)].node.path : "";
  if (rows && rows.length > 0) start.current = windowStart(start.current, cursor, height, rows.length);
  const ownerWidth = attrs === "full" && rows ? widestOwner(rows, start.current, height) : OWNER_WIDTH;
  const columns = "  " + (attrs === "full" ? `Permission ${padStart("UID:GID", ownerWidth)}      Size  ` : attrs === "size" ? "    Size  " : "") + "Filetree";
  const room = inner - columns.length - 2;
  const header = columns + (selectedPath && room > 3 ? `  ${clipStartCells(selectedPath, room)}` : "");
  let body: React.JSX.Element[];
  if (message !== undefined) {
    body = wrap(message, inner - 2)
      .slice(0, height)
      .map((line, i) => <Text key={`m${i}`} dimColor wrap="truncate">{`  ${line}`}</Text>);
  } else if (rows === undefined) {
    body = [
      <Text key="building" dimColor>
        {"  building the tree…"}
      </Text>,
    ];
  } else if (rows.length === 0) {
    body = [
      <Text key="empty" dimColor>
        {"  nothing to show (filter, size or hidden kinds)"}
      </Text>,
    ];
  } else {
    body = [];
    const end = Math.min(rows.length, start.current + height);
    for (let i = start.current; i < end; i++) {
      body.push(
        <TreeLine
          key={i}
          rows={rows}
          index={i}
          selected={i === cursor}
          focused={focused}
          attrs={attrs}
          ownerWidth={ownerWidth}
          width={inner}
          colors={colors}
        />,
      );
    }
  }
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height + 2}
      borderStyle="single"
      borderTop={false}
      borderBottom={false}
      borderRight={false}
      borderDimColor
    >
      <PaneTitle title={title} extra={extra} width={inner} focused={focused} />
      <Text dimColor wrap="truncate">
        {clip(header, inner)}
      </Text>
      {body}
    </Box>
  );
}

interface TreeLineProps {
  rows: readonly TreeRow[];
  index: number;
  selected: boolean;
  focused: boolean;
  attrs: "full" | "size" | "none";
  ownerWidth: number;
  width: number;
  colors: boolean;
}

function TreeLine({ rows, index, selected, focused, attrs, ownerWidth, width, colors }: TreeLineProps): React.JSX.Element {
  const row = rows[index];
  const node = row.node;
  const mark = row.change ? MARK[row.change] : " ";
  const size = node.type === "dir" || node.type === "file" || node.type === "hardlink" ? bytes(node.totalSize) : "-";
  let attributes = "";
  if (attrs === "full") attributes = `${modeString(node.type, node.mode)} ${padStart(owner(node), ownerWidth)} ${padStart(size, 9)}  `;
  else if (attrs === "size") attributes = `${padStart(size, 8)}  `;
  const fold = node.type === "dir" ? (row.collapsed ? "▸ " : row.hasChildren ? "▾ " : "  ") : "";
  let name = node.name + (node.type === "dir" ? "/" : "");
  if (node.type === "symlink") name += ` → ${node.linkname}`;
  else if (node.type === "hardlink") name += ` ⇒ ${node.linkname}`;
  const fitted = clip(`${mark} ${attributes}${guideOf(rows, index)}${fold}${name}`, width);
  const text = selected ? padEnd(fitted, width) : fitted;
  const color = colors && row.change ? COLOR[row.change] : undefined;
  return (
    <Text wrap="truncate" color={color} inverse={selected && focused} underline={selected && !focused}>
      {text}
    </Text>
  );
}
