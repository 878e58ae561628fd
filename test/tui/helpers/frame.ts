import { computeLayout } from "../../../src/tui/state/layout.js";

/** The tree pane's part of each line of a frame (right of the border), for a screen `width` wide. */
export function treeLines(frame: string, width = 120): string[] {
  const fit = computeLayout(width, 30, 1);
  if (!fit.ok) return [];
  return frame
    .split("\n")
    .map((line) => [...line].slice(fit.layout.leftWidth + 1).join("").trimEnd())
    .filter(Boolean);
}
