import { describe, expect, it } from "vitest";
import { toFileNodes } from "../../src/tree/file-node.js";
import { formatLsLines } from "../../src/tree/ls.js";
import { MergedTree } from "../../src/tree/merge.js";
import type { LayerEntry } from "../../src/tree/types.js";
import { dir, entry, file } from "./entries.js";

function ls(layers: LayerEntry[][]): string[] {
  const tree = new MergedTree();
  layers.forEach((layer, i) => tree.applyLayer(i, layer, false));
  return formatLsLines(toFileNodes(tree, []));
}

describe("formatLsLines", () => {
  it("prints TYPE SIZE MODE UID:GID /path[ -> target], sorted by path bytes", () => {
    expect(
      ls([
        [
          dir("a/"),
          file("a/b", 5, "x", { mode: 0o4755, uid: 1, gid: 2 }),
          file("a.c", 3),
          entry("a/l", { type: "symlink", linkname: "b", mode: 0o644 }),
          entry("a/h", { type: "hardlink", linkname: "a/b" }),
          entry("p", { type: "fifo" }),
        ],
      ]),
    ).toEqual(["d 0 0755 0:0 /a", "f 3 0644 0:0 /a.c", "f 5 4755 1:2 /a/b", "h 5 4755 1:2 /a/h -> /a/b", "l 1 0777 0:0 /a/l -> b", "p 0 0644 0:0 /p"]);
  });

  it("escapes control characters, so a name cannot forge a line or reach the terminal", () => {
    expect(ls([[file("evil\nf 1 0644 0:0 shadow", 1), file("\u001b]0;title\u0007", 1)]])).toEqual([
      "f 1 0644 0:0 /\\x1b]0;title\\x07",
      "f 1 0644 0:0 /evil\\x0af 1 0644 0:0 shadow",
    ]);
  });
});
