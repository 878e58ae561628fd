import React from "react";
import { Text } from "ink";
import { clipCells, padEnd } from "../state/format.js";

/** A pane's title bar: inverse when the pane has the keyboard. */
export function PaneTitle({ title, extra = "", width, focused }: { title: string; extra?: string; width: number; focused: boolean }): React.JSX.Element {
  const fitted = clipCells(` ${title}${extra ? `  ${extra}` : ""}`, width);
  const text = focused ? padEnd(fitted, width) : fitted;
  return (
    <Text bold inverse={focused} dimColor={!focused} wrap="truncate">
      {text}
    </Text>
  );
}
