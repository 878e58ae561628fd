import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage, type ImageFormat } from "../helpers/build-image.js";

// A file re-emitted with the same size, mtime, mode and owner is modified only if its content differs: the one
// case where layerscope reads file contents. Seekable layers are read there by positional reads. Stream layers
// hash their small files (up to 4 KiB) as they pass, and are read again only for a larger one.
const cases: Array<[ImageFormat, "none" | "gzip" | "zstd"]> = [
  ["docker-archive", "none"],
  ["oci-layout", "gzip"],
  ["oci-layout", "zstd"],
];

const SMALL = "same size 1";
const LARGE = "x".repeat(6000) + "1";

describe.each(cases)("content comparison in a %s with %s layers", (format, compression) => {
  async function analyse(lower: string, upper: string): Promise<{ modified: number; opens: number }> {
    const built = await buildImage(
      {
        layers: [
          [
            { path: "etc/", type: "dir" },
            { path: "etc/a.conf", content: lower },
            { path: "etc/b", content: "b" },
          ],
          [{ path: "etc/a.conf", content: upper }],
        ],
      },
      { format, compression },
    );
    const source = await openImage(built.path);
    let opens = 0;
    for (const layer of source.layers) {
      const open = layer.open.bind(layer);
      layer.open = (options) => {
        opens++;
        return open(options);
      };
    }
    try {
      const { summary } = await analyzeImage(source);
      expect(summary.image.shadowedBytes).toBe(lower.length);
      return { modified: summary.layers[1].modified, opens };
    } finally {
      await source.close();
    }
  }

  it("tells a changed content from an identical re-emit, for a small file", async () => {
    expect((await analyse(SMALL, "same size 2")).modified).toBe(1);
    expect((await analyse(SMALL, SMALL)).modified).toBe(0);
  });

  it("tells a changed content from an identical re-emit, for a file larger than 4 KiB", async () => {
    expect((await analyse(LARGE, LARGE.slice(0, -1) + "2")).modified).toBe(1);
    expect((await analyse(LARGE, LARGE)).modified).toBe(0);
  });

  it("opens each layer once for a small file; a stream layer a second time for a large one", async () => {
    expect((await analyse(SMALL, SMALL)).opens).toBe(2);
    expect((await analyse(LARGE, LARGE)).opens).toBe(compression === "none" ? 2 : 4);
  });
});
