import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { openImage } from "../../src/sources/open.js";
import { diffIdOf } from "./read-layers.js";

const dir = resolve(process.cwd(), "../shared/fixtures/dive");
const expected = JSON.parse(readFileSync(resolve(dir, "expected.json"), "utf8")) as Record<string, { layers?: number }>;

const cases: Array<[string, string, string | undefined]> = [
  ["test-docker-image.tar", "docker-archive", undefined],
  ["test-oci-gzip-image.tar", "oci-archive", "application/vnd.oci.image.layer.v1.tar+gzip"],
  ["test-oci-estargz-image.tar", "oci-archive", "application/vnd.oci.image.layer.v1.tar+gzip"],
  ["test-oci-zstd-image.tar", "oci-archive", "application/vnd.oci.image.layer.v1.tar+zstd"],
  ["test-oci-uncompressed-image.tar", "oci-archive", "application/vnd.oci.image.layer.v1.tar"],
];

describe("Dive's fixtures", () => {
  for (const [name, format, mediaType] of cases) {
    test(`${name} opens, and every layer decodes to its diff id`, async () => {
      const source = await openImage(resolve(dir, name));
      expect(source.format).toBe(format);
      expect(source.layers.length).toBe(expected[name]?.layers ?? 1);
      expect(source.layers.length).toBe(source.config.diffIds.length);
      for (const layer of source.layers) {
        if (mediaType) expect(layer.mediaType).toBe(mediaType);
        expect(await diffIdOf(layer)).toBe(source.config.diffIds[layer.index]);
      }
    });
  }
});
