import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { ImageSource, LayerBlob } from "../../src/sources/types.js";
import { formatLsLines } from "../../src/tree/ls.js";
import { assertConsistent } from "./consistency.js";
import { rawHeader } from "./raw-tar.js";

const FILES = 200_000;

/** A layer tar produced block by block (never whole in memory). */
function streamedLayer(index: number, headers: () => Generator<Buffer>): LayerBlob {
  const blocks = function* () {
    yield* headers();
    yield Buffer.alloc(1024);
  };
  return { index, digest: `sha256:${String(index).repeat(64)}`, open: async () => ({ kind: "stream", stream: Readable.from(blocks()) }) };
}

/** Layer 0: one directory of 200,000 empty files; layer 1 removes the directory. */
function wideSource(): ImageSource {
  return {
    reference: "wide",
    format: "oci-layout",
    config: { diffIds: [], history: [], env: [], labels: {}, raw: {} },
    layers: [
      streamedLayer(0, function* () {
        yield rawHeader({ name: "wide/", typeflag: "5", mode: 0o755 });
        for (let i = 0; i < FILES; i++) yield rawHeader({ name: `wide/f${i}` });
      }),
      streamedLayer(1, function* () {
        yield rawHeader({ name: ".wh.wide" });
      }),
    ],
    close: async () => undefined,
  };
}

// Regressions: `stack.push(...children)` threw "Maximum call stack size exceeded" past ~120,000 children, and
// putting back removed paths one by one took O(n²) (minutes for this layer 1).
describe("a directory of 200,000 entries, then removed", () => {
  it("is counted, listed, shown removed and checked", async () => {
    const analysis = await analyzeImage(wideSource());
    expect(analysis.summary.image.fileCount).toBe(0);
    expect(formatLsLines(analysis.tree.treeAt(0))).toHaveLength(FILES + 1);
    const removed = analysis.tree.treeAt(1).children!;
    expect(removed.map((node) => [node.path, node.change, node.children?.length])).toEqual([["/wide", "removed", FILES]]);
    assertConsistent(analysis);
  });
});
