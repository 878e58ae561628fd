import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { LayersRead } from "../../src/analysis/types.js";
import type { Analysis } from "../../src/analysis/types.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage, type ImageFormat } from "../helpers/build-image.js";
import { realImage } from "../helpers/realimages.js";

// The UI shows each layer's tree as soon as it and the layers below it are read: those trees and their changes must
// be exactly the finished analysis' (no mark that changes once every layer is read).

async function analyseWithReads(path: string): Promise<{ analysis: Analysis; reads: LayersRead[] }> {
  const source = await openImage(path);
  const reads: LayersRead[] = [];
  try {
    const analysis = await analyzeImage(source, { onLayersRead: (read) => reads.push(read) });
    return { analysis, reads };
  } finally {
    await source.close();
  }
}

function expectSameAsFinished({ analysis, reads }: { analysis: Analysis; reads: LayersRead[] }): void {
  const layerCount = analysis.summary.layers.length;
  expect(reads.map((read) => read.count)).toEqual([...reads.map((read) => read.count)].sort((a, b) => a - b));
  expect(reads.at(-1)?.count).toBe(layerCount);
  for (const read of reads) {
    expect(read.tree.layerCount).toBe(read.count);
    for (let n = 0; n < read.count; n++) {
      const { sizeBytes, entries } = analysis.summary.layers[n];
      expect({ n, ...read.layers[n] }).toEqual({ n, sizeBytes, entries });
      expect({ n, changes: read.tree.changesOf(n) }).toEqual({ n, changes: analysis.tree.changesOf(n) });
    }
    // the newest layer's tree (the others were compared in earlier reads)
    const top = read.count - 1;
    expect({ top, tree: read.tree.treeAt(top) }).toEqual({ top, tree: analysis.tree.treeAt(top) });
  }
}

describe("the layers read before the analysis ends", () => {
  for (const [name, form] of [
    ["features", "docker-archive"],
    ["features", "oci"],
    ["apt-split-cleanup", "oci"],
  ] as const) {
    it(`give the trees and changes of the finished analysis: ${name} (${form})`, async () => {
      expectSameAsFinished(await analyseWithReads(realImage(name, form)));
    });
  }

  it("take the changes a tree shown during the analysis made known, and give the same analysis", async () => {
    const path = realImage("features", "docker-archive");
    const plain = await analyseWithReads(path);
    const source = await openImage(path);
    try {
      // a UI that looks at each layer as soon as it can
      const analysis = await analyzeImage(source, { onLayersRead: (read) => read.tree.treeAt(read.count - 1) });
      expect(analysis.summary).toEqual(plain.analysis.summary);
      for (let n = 0; n < analysis.tree.layerCount; n++) {
        expect({ n, changes: analysis.tree.changesOf(n) }).toEqual({ n, changes: plain.analysis.tree.changesOf(n) });
      }
    } finally {
      await source.close();
    }
  });

  // A hardlink re-emitted after its target's content changed in place (same size, mtime, mode): only the content
  // tells the change, and the target is hashed only once the second hardlink makes the path worth comparing.
  const hardlinkCase = {
    layers: [
      [
        { path: "etc/", type: "dir" as const },
        { path: "etc/target", content: "AAAA" },
      ],
      [{ path: "etc/link", type: "hardlink" as const, linkname: "etc/target" }],
      [{ path: "etc/target", content: "BBBB" }],
      [{ path: "etc/link", type: "hardlink" as const, linkname: "etc/target" }],
    ],
  };
  for (const format of ["docker-archive", "oci-layout"] as ImageFormat[]) {
    it(`give the finished analysis' changes where a re-emitted hardlink's target changed content (${format})`, async () => {
      const built = await buildImage(hardlinkCase, { format });
      const result = await analyseWithReads(built.path);
      expect(result.analysis.tree.changesOf(3).map((change) => `${change.kind} ${change.path}`)).toEqual(["modified /etc/link"]);
      expectSameAsFinished(result);
    });
  }
});
