import { computeLayout } from "../../../src/tui/state/layout.js";

/** The tree pane's part of each line of a frame (right of the border), for a screen `width` wide. */
export function treeLines(frame: string, width = 140): string[] {
  const fit = computeLayout(width, 30, 1);
  if (!fit.ok) return [];
  return frame
    .split("\n")
    .slice(0, -1)
    .map((line) =>
      [...line]
        .slice(fit.layout.leftWidth + 1)
        .join("")
        .trimEnd(),
    )
    .filter(Boolean);
}
