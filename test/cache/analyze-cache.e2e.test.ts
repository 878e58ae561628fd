import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { Analysis } from "../../src/analysis/types.js";
import { FileLayerCache } from "../../src/cache/file-cache.js";
import type { LayerCache } from "../../src/cache/types.js";
import { openImage } from "../../src/sources/open.js";
import type { ImageSource } from "../../src/sources/types.js";
import { formatLsLines } from "../../src/tree/ls.js";
import { realImage } from "../helpers/realimages.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// The layer cache on real images (what may key it: analyze-cache.test.ts)
const tempDir = tempDirs();
const newCache = (): FileLayerCache => new FileLayerCache({ dir: tempDir("lscache-"), maxBytes: 2 ** 31 });

interface Run {
  analysis: Analysis;
  /** How many layers were opened (read from the image rather than the cache) */
  opened: number;
}

async function analyze(reference: string, cache: LayerCache | false): Promise<Run> {
  const source = await openImage(reference);
  let opened = 0;
  const counted: ImageSource = {
    ...source,
    layers: source.layers.map((layer) => ({
      ...layer,
      open: (options) => {
        opened++;
        return layer.open(options);
      },
    })),
  };
  try {
    return { analysis: await analyzeImage(counted, { cache }), opened };
  } finally {
    await source.close();
  }
}

/** Everything an analysis shows: summary, every layer's changes, the final tree. */
function figures(analysis: Analysis): unknown {
  const last = analysis.tree.layerCount - 1;
  return {
    summary: analysis.summary,
    changes: Array.from({ length: analysis.tree.layerCount }, (_, i) => analysis.tree.changesOf(i)),
    tree: formatLsLines(analysis.tree.treeAt(last)),
  };
}

describe("analysis with the layer cache", () => {
  it.each(["docker-archive", "oci"])("gives the same figures cold, warm and without cache (real image, %s)", async (format) => {
    const image = realImage("apt-split-cleanup", format);
    const cache = newCache();
    const none = await analyze(image, false);
    const cold = await analyze(image, cache);
    const warm = await analyze(image, cache);
    expect(figures(cold.analysis)).toEqual(figures(none.analysis));
    expect(figures(warm.analysis)).toEqual(figures(none.analysis));
    expect(cold.opened).toBe(none.opened);
    // a legacy docker archive's layers are named by unchecked diff ids: never cached, read again
    expect(warm.opened).toBe(format === "oci" ? 0 : none.opened);
  });

  it("serves the base layer another image shares from the cache (real images base → apt-nocleanup)", async () => {
    const cache = newCache();
    await analyze(realImage("base", "oci"), cache);
    const other = realImage("apt-nocleanup", "oci");
    const none = await analyze(other, false);
    const shared = await analyze(other, cache);
    expect(figures(shared.analysis)).toEqual(figures(none.analysis));
    expect(shared.opened).toBe(none.opened - 1);
  });
});
