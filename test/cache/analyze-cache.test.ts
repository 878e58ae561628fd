import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { Analysis } from "../../src/analysis/types.js";
import { FileLayerCache } from "../../src/cache/file-cache.js";
import type { LayerCache } from "../../src/cache/types.js";
import { openImage } from "../../src/sources/open.js";
import type { ImageSource } from "../../src/sources/types.js";
import { formatLsLines } from "../../src/tree/ls.js";
import { buildImage, type EntrySpec, type ImageFormat } from "../helpers/build-image.js";
import { buildLayerTar } from "../helpers/build-tar.js";
import { realImage } from "../helpers/realimages.js";

const temps: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});


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
    expect(warm.opened).toBe(0);
  });

  it("serves the base layer another image shares from the cache (real images base → apt-nocleanup)", async () => {
    const cache = newCache();
    await analyze(realImage("base"), cache);
    const other = realImage("apt-nocleanup");
    const none = await analyze(other, false);
    const shared = await analyze(other, cache);
    expect(figures(shared.analysis)).toEqual(figures(none.analysis));
    expect(shared.opened).toBe(none.opened - 1);
  });

  it.each<ImageFormat>(["docker-archive", "oci-layout"])(
    "hashes on demand what a cached layer lacks when a later image needs it compared (%s)",
    async (format) => {
      const base: EntrySpec[] = [
        { path: "etc/", type: "dir" },
        { path: "etc/a.conf", content: "same size 1" },
        { path: "etc/b.conf", content: "keep me" },
      ];
      const upper: EntrySpec[] = [{ path: "etc/a.conf", content: "same size 2" }];
      const build = (layers: EntrySpec[][], as: ImageFormat) =>
        buildImage({ layers }, { format: as, compression: "none", dir: tempDir("lsimg-") });

      const cache = newCache();
      // the base layer enters the cache from a seekable docker archive, where nothing needed hashing
      await analyze((await build([base], "docker-archive")).path, cache);
      // the same layer (same digest: uncompressed) now under a.conf of the same size: a seekable file in a
      // docker archive, a stream in an OCI layout
      const image = (await build([base, upper], format)).path;
      const none = await analyze(image, false);
      const cached = await analyze(image, cache);
      expect(figures(cached.analysis)).toEqual(figures(none.analysis));
      expect(cached.analysis.summary.layers[1].modified).toBe(1);
      expect(cached.opened).toBe(2);

      const stored = await cache.get(cached.analysis.summary.layers[0].digest);
      expect(stored!.find((e) => e.path === "etc/a.conf")!.hash).toMatch(/^[0-9a-f]{64}$/);
      const again = await analyze(image, cache);
      expect(again.opened).toBe(0);
      expect(figures(again.analysis)).toEqual(figures(none.analysis));
    },
  );
});

describe("what may key the cache", () => {
  it("never caches a layer named by anything but a content digest", async () => {
    const tar = await buildLayerTar([{ path: "a.txt", content: "x" }]);
    const calls: string[] = [];
    const spy: LayerCache = {
      get: async (digest) => (calls.push(`get ${digest}`), undefined),
      put: async (digest) => void calls.push(`put ${digest}`),
    };
    const source = (digest: string): ImageSource => ({
      reference: "fake",
      format: "docker-archive",
      config: { diffIds: [], history: [], env: [], labels: {}, raw: {} },
      layers: [{ index: 0, digest, open: async () => ({ kind: "stream", stream: Readable.from([tar]) }) }],
      close: async () => undefined,
    });
    await analyzeImage(source("layer-0"), { cache: spy });
    expect(calls).toEqual([]);
    const real = "sha256:" + "a".repeat(64);
    await analyzeImage(source(real), { cache: spy });
    expect(calls).toEqual([`get ${real}`, `put ${real}`]);
  });
});
