import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { FileLayerCache } from "../../src/cache/file-cache.js";
import type { LayerCache } from "../../src/cache/types.js";
import type { ImageSource } from "../../src/sources/types.js";
import { buildLayerTar } from "../helpers/build-tar.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

const newCache = (): FileLayerCache => new FileLayerCache({ dir: tempDir("lscache-"), maxBytes: 2 ** 31 });

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
