import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { Analysis } from "../../src/analysis/types.js";
import { openImage } from "../../src/sources/open.js";
import { formatLsLines } from "../../src/tree/ls.js";
import { realImage } from "../helpers/realimages.js";

/** The truth TSV (umoci unpack) as `type mode uid:gid size path[ -> target]` lines, hardlinks shown as files. */
function truthLines(name: string): string[] {
  return readFileSync(realImage(name, "truth"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [path, type, mode, uid, gid, size, , extra] = line.split("\t");
      const target = type === "l" ? ` -> ${extra.slice(2)}` : "";
      return `${type} ${type === "d" ? 0 : size} ${mode} ${uid}:${gid} ${path}${target}`;
    });
}

function ourLines(analysis: Analysis): string[] {
  const last = analysis.summary.layers.length - 1;
  return formatLsLines(analysis.tree.treeAt(last)).map((line) =>
    line.replace(/^h (.*) -> \/.*$/, "f $1"),
  );
}

async function analyze(name: string, format: string): Promise<Analysis> {
  const source = await openImage(realImage(name, format));
  try {
    return await analyzeImage(source);
  } finally {
    await source.close();
  }
}

const FORMATS = ["docker-archive", "oci", "oci-uncompressed", "oci-zstd", "oci-v2s2", "oci-archive"];
const cases: Array<[string, string[]]> = [
  ["features", FORMATS],
  ["features-vfs", FORMATS],
  ["apt-split-cleanup", ["docker-archive", "oci"]],
  ["apt-nocleanup", ["oci-zstd"]],
  ["multistage", ["docker-archive", "oci"]],
  ["umoci-apt", ["oci"]],
];

describe.each(cases)("real image %s", (name, formats) => {
  const figures = new Map<string, unknown>();
  it.each(formats)("merged tree of the %s export equals the umoci unpack, path for path", async (format) => {
    const analysis = await analyze(name, format);
    expect(ourLines(analysis)).toEqual(truthLines(name));
    const { image, layers, waste } = analysis.summary;
    expect(image.totalBytes).toBe(image.finalBytes + image.shadowedBytes + image.deletedBytes);
    expect(image.totalBytes).toBe(layers.reduce((sum, layer) => sum + layer.sizeBytes, 0));
    // the blobs (names, sizes, media types, compression) are what differs between formats
    const { reference: _r, format: _f, name: _n, manifestDigest: _m, compressedBytes: _c, ...rest } = image;
    figures.set(format, { image: rest, layers: layers.map(({ digest: _d, blobSize: _b, mediaType: _t, compression: _z, ...l }) => l), waste });
  });

  it("every format gives the same figures", () => {
    const all = [...figures.values()];
    expect(all.length).toBe(formats.length);
    for (const other of all.slice(1)) expect(other).toEqual(all[0]);
  });
});
