import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage, type ImageFormat } from "../helpers/build-image.js";

// A file re-emitted with the same size, mtime, mode and owner is modified only if its content differs: the one
// case where layerscope reads file contents, by positional reads (seekable layers) or by reading a stream again.
const cases: Array<[ImageFormat, "none" | "gzip" | "zstd"]> = [
  ["docker-archive", "none"],
  ["oci-layout", "gzip"],
  ["oci-layout", "zstd"],
];

describe.each(cases)("content comparison in a %s with %s layers", (format, compression) => {
  async function layerOneModified(upperContent: string): Promise<number> {
    const built = await buildImage(
      {
        layers: [
          [{ path: "etc/", type: "dir" }, { path: "etc/a.conf", content: "same size 1" }, { path: "etc/b", content: "b" }],
          [{ path: "etc/a.conf", content: upperContent }],
        ],
      },
      { format, compression },
    );
    const source = await openImage(built.path);
    try {
      const { summary } = await analyzeImage(source);
      expect(summary.image.shadowedBytes).toBe(11);
      return summary.layers[1].modified;
    } finally {
      await source.close();
    }
  }

  it("tells a changed content from an identical re-emit", async () => {
    expect(await layerOneModified("same size 2")).toBe(1);
    expect(await layerOneModified("same size 1")).toBe(0);
  });
});
