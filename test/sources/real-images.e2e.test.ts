import { describe, expect, test } from "vitest";
import { openImage } from "../../src/sources/open.js";
import { realImage } from "../helpers/realimages.js";
import { diffIdOf } from "./read-layers.js";

const cases: Array<[string, string, string]> = [
  ["features", "docker-archive", "docker-archive"],
  ["features", "oci", "oci-layout"],
  ["features", "oci-uncompressed", "oci-layout"],
  ["features", "oci-zstd", "oci-layout"],
  ["features", "oci-v2s2", "oci-layout"],
  ["features", "oci-archive", "oci-archive"],
  ["multiarch", "oci", "oci-layout"],
  ["multiarch", "oci-v2s2list", "oci-layout"],
];

describe("real images", () => {
  for (const [name, format, sourceFormat] of cases) {
    test(`${name} ${format}: one layer per diff id, each decoding to its diff id`, async () => {
      const source = await openImage(realImage(name, format), { platform: "linux/amd64" });
      expect(source.format).toBe(sourceFormat);
      expect(source.layers.length).toBeGreaterThan(0);
      expect(source.layers.length).toBe(source.config.diffIds.length);
      for (const layer of source.layers) expect(await diffIdOf(layer)).toBe(source.config.diffIds[layer.index]);
      if (name === "multiarch") expect(source.config.architecture).toBe("amd64");
    });
  }

  test("multiarch picks arm64 on request", async () => {
    const source = await openImage(realImage("multiarch", "oci"), { platform: "linux/arm64" });
    expect(source.config.architecture).toBe("arm64");
  });
});
