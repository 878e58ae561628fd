import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { openImage } from "../../src/sources/open.js";

const DIR = "../shared/fixtures/dive";
const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, "utf8")) as Record<string, { layerSizeBytes?: number[]; dive: Record<string, unknown> }>;

async function diveFigures(file: string) {
  const source = await openImage(`${DIR}/${file}`);
  try {
    return (await analyzeImage(source)).summary;
  } finally {
    await source.close();
  }
}

describe("Dive 0.13.1 figures on Dive's own fixtures", () => {
  it("test-docker-image.tar: every figure equals what Dive prints", async () => {
    const want = expected["test-docker-image.tar"];
    const summary = await diveFigures("test-docker-image.tar");
    const dive = summary.image.dive;
    expect(summary.layers.map((l) => l.sizeBytes)).toEqual(want.layerSizeBytes);
    expect(dive.efficiencyScore).toBe(want.dive.efficiencyScore);
    expect(dive.sizeBytes).toBe(want.dive.sizeBytes);
    expect(dive.userSizeBytes).toBe(want.dive.userSizeBytes);
    expect(dive.inefficientBytes).toBe(want.dive.inefficientBytes);
    expect(dive.userWastedPercent).toBe(want.dive.userWastedPercent);
    expect(dive.fileReference).toEqual(want.dive.fileReference);
  });

  it.each(["test-oci-gzip-image.tar", "test-oci-zstd-image.tar", "test-oci-uncompressed-image.tar", "test-oci-estargz-image.tar"])(
    "%s: efficiency and wasted bytes equal Dive's",
    async (file) => {
      const dive = (await diveFigures(file)).image.dive;
      expect(dive.efficiencyScore).toBe(expected[file].dive.efficiencyScore);
      expect(dive.inefficientBytes).toBe(expected[file].dive.inefficientBytes);
    },
  );

  it("the four OCI fixtures hold the same files whatever the layer compression", async () => {
    const trees = await Promise.all(
      ["gzip", "zstd", "uncompressed", "estargz"].map(async (kind) => (await diveFigures(`test-oci-${kind}-image.tar`)).image.fileCount),
    );
    expect(new Set(trees).size).toBe(1);
    expect(trees[0]).toBeGreaterThan(0);
  });
});
