import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { Analysis } from "../../src/analysis/types.js";
import { FileLayerCache } from "../../src/cache/file-cache.js";
import type { LayerCache } from "../../src/cache/types.js";
import { openImage } from "../../src/sources/open.js";
import type { ImageSource } from "../../src/sources/types.js";
import { formatLsLines } from "../../src/tree/ls.js";
import { buildLayerTar } from "../helpers/build-tar.js";
import { realImage } from "../helpers/realimages.js";
import { tempDirs } from "../helpers/temp-dirs.js";

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

describe("what may key the cache", () => {
  it("caches a layer only under a content digest its source checks the bytes against", async () => {
    const tar = await buildLayerTar([{ path: "a.txt", content: "x" }]);
    const calls: string[] = [];
    const spy: LayerCache = {
      get: async (digest) => (calls.push(`get ${digest}`), undefined),
      put: async (digest) => void calls.push(`put ${digest}`),
    };
    const source = (digest: string, verifiedDigest?: string): ImageSource => ({
      reference: "fake",
      format: "docker-archive",
      config: { diffIds: [], history: [], env: [], labels: {}, raw: {} },
      layers: [{ index: 0, digest, verifiedDigest, open: async () => ({ kind: "stream", stream: Readable.from([tar]) }) }],
      close: async () => undefined,
    });
    const real = "sha256:" + "a".repeat(64);
    await analyzeImage(source("layer-0", "layer-0"), { cache: spy });
    await analyzeImage(source(real), { cache: spy });
    expect(calls).toEqual([]);
    await analyzeImage(source(real, real), { cache: spy });
    expect(calls).toEqual([`get ${real}`, `put ${real}`]);
  });

  it("trusts a local blob file's cached entries only under a file identity checked before; another is checked first", async () => {
    const tar = await buildLayerTar([{ path: "a.txt", content: "x" }]);
    const digest = "sha256:" + "b".repeat(64);
    const cache = newCache();
    const calls: string[] = [];
    let identity = "1:2:512:100:100";
    let blobMatches = true;
    const source: ImageSource = {
      reference: "fake",
      format: "oci-layout",
      config: { diffIds: [], history: [], env: [], labels: {}, raw: {} },
      layers: [
        {
          index: 0,
          digest,
          verifiedDigest: digest,
          fileIdentity: async () => identity,
          verifyBlob: async () => {
            calls.push(`verify ${identity}`);
            if (!blobMatches) throw new Error(`layer 0 (${digest.slice(0, 19)}): digest mismatch: expected ${digest}, got sha256:${"c".repeat(64)}`);
          },
          open: async () => {
            calls.push(`open ${identity}`);
            return { kind: "stream", stream: Readable.from([tar]) };
          },
        },
      ],
      close: async () => undefined,
    };
    const paths = async () => (await analyzeImage(source, { cache })).tree.changesOf(0).map((change) => change.path);
    expect(await paths()).toEqual(["/a.txt"]); // read, checked while streamed, cached with its identity
    expect(await paths()).toEqual(["/a.txt"]); // the same file: trusted
    expect(calls).toEqual(["open 1:2:512:100:100"]);
    identity = "1:2:512:100:200"; // changed since (ctime): its bytes are checked, not decompressed, then trusted
    expect(await paths()).toEqual(["/a.txt"]);
    expect(await paths()).toEqual(["/a.txt"]);
    expect(calls).toEqual(["open 1:2:512:100:100", "verify 1:2:512:100:200"]);
    identity = "1:3:512:100:300";
    blobMatches = false;
    await expect(paths()).rejects.toThrow(`layer 0 (${digest.slice(0, 19)}): digest mismatch`);
    identity = "1:3:512:100:300:recent"; // a file changed a moment ago is checked every time, never remembered
    blobMatches = true;
    await paths();
    await paths();
    expect(calls.slice(3)).toEqual(["verify 1:3:512:100:300:recent", "verify 1:3:512:100:300:recent"]);
  });
});
