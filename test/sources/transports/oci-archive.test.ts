import { describe, expect, test } from "vitest";
import { openOciArchive } from "../../../src/sources/transports/oci-archive.js";
import { buildImage, buildImages } from "../../helpers/build-image.js";
import { diffIdOf, layerPaths } from "../read-layers.js";
import { expectedPaths, oneLayer, threeLayers } from "../specs.js";

describe("oci-archive", () => {
  for (const gzipArchive of [false, true]) {
    for (const withManifestJson of [false, true]) {
      test(`${gzipArchive ? "gzipped" : "plain"} archive${withManifestJson ? " with" : " without"} manifest.json`, async () => {
        const built = await buildImage(threeLayers, { format: "oci-archive", gzipArchive, withManifestJson });
        const source = await openOciArchive(built.path, `oci-archive:${built.path}`);
        expect(source.format).toBe("oci-archive");
        expect(await layerPaths(source)).toEqual(expectedPaths);
        for (const layer of source.layers) expect(await diffIdOf(layer)).toBe(layer.diffId);
      });
    }
  }

  test("layer order comes from the manifest, not from member order", async () => {
    // blobs are written in layer order; a layout whose layer 0 sorts last by digest would still list it first
    const built = await buildImage({ layers: [[{ path: "z" }], [{ path: "a" }], [{ path: "m" }]] }, { format: "oci-archive", compression: "zstd" });
    expect(await layerPaths(await openOciArchive(built.path, built.path))).toEqual([["z"], ["a"], ["m"]]);
  });

  test("multi-platform archive picks by platform", async () => {
    const built = await buildImages([oneLayer("amd", "linux/amd64"), oneLayer("arm", "linux/arm64/v8")], { format: "oci-archive", index: "nested" });
    expect(await layerPaths(await openOciArchive(built.path, built.path, { platform: "linux/arm64" }))).toEqual([["arm"]]);
  });
});
