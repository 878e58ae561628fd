import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { ImageSource } from "../../src/sources/types.js";
import { formatLsLines } from "../../src/tree/ls.js";
import { assertConsistent } from "./consistency.js";
import { rawHeader } from "./raw-tar.js";

const FILES = 200_000;

/** A layer of one directory holding `count` empty files, produced block by block (never whole in memory). */
function wideLayer(count: number): Readable {
  return Readable.from(
    (function* () {
      yield rawHeader({ name: "wide/", typeflag: "5", mode: 0o755 });
      for (let i = 0; i < count; i++) yield rawHeader({ name: `wide/f${i}` });
      yield Buffer.alloc(1024);
    })(),
  );
}

function wideSource(): ImageSource {
  return {
    reference: "wide",
    format: "oci-layout",
    config: { diffIds: [], history: [], env: [], labels: {}, raw: {} },
    layers: [{ index: 0, digest: `sha256:${"0".repeat(64)}`, open: async () => ({ kind: "stream", stream: wideLayer(FILES) }) }],
    close: async () => undefined,
  };
}

// Regression: `stack.push(...children)` threw "Maximum call stack size exceeded" past ~120,000 arguments.
describe("a directory with 200,000 entries", () => {
  it("is counted, listed and checked without spreading its children into one call", async () => {
    const analysis = await analyzeImage(wideSource());
    expect(analysis.summary.image.fileCount).toBe(FILES + 1);
    expect(formatLsLines(analysis.tree.treeAt(0))).toHaveLength(FILES + 1);
    assertConsistent(analysis);
  });
});
