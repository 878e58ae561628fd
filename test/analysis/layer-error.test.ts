import { randomBytes } from "node:crypto";
import { openSync, closeSync, writeSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage } from "../helpers/build-image.js";

describe("a layer's scan error", () => {
  it("says a blob is neither what its media type says nor a tar when its first bytes are damaged", async () => {
    // random content: the blob stays large compressed, and the bad header is met long before its end (and digest)
    const built = await buildImage({ layers: [[{ path: "data.bin", content: randomBytes(4 << 20) }]] }, { format: "oci-layout" });
    const layer = built.images[0].layers[0];
    const fd = openSync(join(built.path, layer.member), "r+");
    writeSync(fd, Buffer.alloc(16));
    closeSync(fd);
    const source = await openImage(`oci:${built.path}`);
    try {
      await expect(analyzeImage(source)).rejects.toThrow(
        `layer 0 (${layer.digest.slice(0, 19)}): invalid tar header at offset 0 (bad checksum): the blob is neither gzip data, as its media type says, nor a tar`,
      );
    } finally {
      await source.close();
    }
  });
});
