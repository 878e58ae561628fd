import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { Analysis } from "../../src/analysis/types.js";
import { diffAnalyses } from "../../src/diff/diff-images.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage, type BuildOptions } from "../helpers/build-image.js";

const LAYERS = [[{ path: "etc/conf", content: "x".repeat(5000) }], [{ path: "app/bin", content: "y".repeat(20000) }]];

async function analyzed(options: BuildOptions, layers = LAYERS): Promise<Analysis> {
  const built = await buildImage({ layers }, options);
  const source = await openImage(options.format === "oci-layout" ? `oci:${built.path}` : built.path);
  try {
    return await analyzeImage(source);
  } finally {
    await source.close();
  }
}

describe("the diff's pull figure", () => {
  it("is left out when an image's layers are plain tars: a docker save's blob sizes are no pull size", async () => {
    const archive = await analyzed({ format: "docker-archive" });
    const layout = await analyzed({ format: "oci-layout" });
    expect(archive.summary.image.compressedBytes).toBeGreaterThan(layout.summary.image.compressedBytes!);
    const across = diffAnalyses(archive, layout);
    expect(across.size.compressed).toBeUndefined();
    expect(across.assessment.outcome).toBe("unchanged");
    expect(diffAnalyses(archive, archive).size.compressed).toBeUndefined();
  });

  it("is compared when both images store their layers compressed", async () => {
    const smaller = await analyzed({ format: "oci-layout" }, [LAYERS[0]]);
    const layout = await analyzed({ format: "oci-layout" });
    const diff = diffAnalyses(smaller, layout);
    expect(diff.size.compressed).toEqual({
      base: smaller.summary.image.compressedBytes,
      head: layout.summary.image.compressedBytes,
      delta: layout.summary.image.compressedBytes! - smaller.summary.image.compressedBytes!,
    });
  });
});
