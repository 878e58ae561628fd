import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openOciLayout } from "../../../src/sources/transports/oci-layout.js";
import { hostPlatform } from "../../../src/sources/oci/platform.js";
import { buildImage, buildImages } from "../../helpers/build-image.js";
import { diffIdOf, drainError, layerPaths } from "../read-layers.js";
import { expectedPaths, oneLayer, threeLayers } from "../specs.js";
import { ImageError } from "../../../src/errors.js";

const host = hostPlatform();
const hostText = `${host.os}/${host.architecture}`;
const otherArch = host.architecture === "arm64" ? "linux/amd64" : "linux/arm64/v8";

describe("oci-layout", () => {
  for (const compression of ["none", "gzip", "zstd"] as const) {
    for (const dockerMediaTypes of [false, true]) {
      test(`${compression} layers${dockerMediaTypes ? ", Docker schema2 media types" : ""}`, async () => {
        const built = await buildImage(threeLayers, { format: "oci-layout", compression, dockerMediaTypes });
        const source = await openOciLayout(built.path, `oci:${built.path}`);
        expect(source.format).toBe("oci-layout");
        expect(source.name).toBe("1.0");
        expect(source.manifestDigest).toBe(built.images[0].manifestDigest);
        expect(source.layers.map((l) => l.digest)).toEqual(built.images[0].layers.map((l) => l.digest));
        expect(source.layers.map((l) => l.mediaType)).toEqual(built.images[0].layers.map((l) => l.mediaType));
        expect(await layerPaths(source)).toEqual(expectedPaths);
        for (const layer of source.layers) expect(await diffIdOf(layer)).toBe(layer.diffId);
        expect(source.config.history[1]).toMatchObject({ createdBy: "ENV A=1", emptyLayer: true });
      });
    }
  }

  test("nested index: index.json → index → platform manifests; host platform by default", async () => {
    const built = await buildImages([oneLayer("host", hostText, ["latest"]), oneLayer("other", otherArch, ["latest"])], {
      format: "oci-layout",
      index: "nested",
    });
    expect(await layerPaths(await openOciLayout(built.path, built.path))).toEqual([["host"]]);
    expect(await layerPaths(await openOciLayout(built.path, built.path, { platform: otherArch }))).toEqual([["other"]]);
    expect(await layerPaths(await openOciLayout(built.path, built.path, { tag: "latest", platform: otherArch }))).toEqual([["other"]]);
    await expect(openOciLayout(built.path, built.path, { platform: "linux/s390x" })).rejects.toThrow(
      `no linux/s390x image in ${built.path}; platforms: ${hostText}, ${otherArch}`,
    );
  });

  test("a Docker manifest list inside the layout", async () => {
    const built = await buildImages([oneLayer("a", "linux/arm/v7"), oneLayer("b", "linux/ppc64le")], {
      format: "oci-layout",
      index: "nested",
      dockerMediaTypes: true,
    });
    expect(await layerPaths(await openOciLayout(built.path, built.path, { platform: "linux/ppc64le" }))).toEqual([["b"]]);
    await expect(openOciLayout(built.path, built.path)).rejects.toThrow(
      `no ${hostText} image in ${built.path}; pick one with --platform: linux/arm/v7, linux/ppc64le`,
    );
  });

  test("several tags: pick by tag, else list them", async () => {
    const built = await buildImages([oneLayer("one", undefined, ["app:1.0"]), oneLayer("two", undefined, ["app:2.0"])], { format: "oci-layout" });
    expect(await layerPaths(await openOciLayout(built.path, built.path, { tag: "2.0" }))).toEqual([["two"]]);
    expect(await layerPaths(await openOciLayout(built.path, built.path, { tag: "app:1.0" }))).toEqual([["one"]]);
    await expect(openOciLayout(built.path, built.path)).rejects.toThrow(
      /^several images in .*; pick one with --tag or --platform: 1\.0 \(linux\/amd64\), 2\.0 \(linux\/amd64\)$/,
    );
    await expect(openOciLayout(built.path, built.path, { tag: "3.0" })).rejects.toThrow(`no image tagged "3.0" in ${built.path}; tags: 1.0, 2.0`);
  });

  test("a corrupt layer blob fails its digest check; a missing one fails at open", async () => {
    const built = await buildImage(threeLayers, { format: "oci-layout", compression: "none" });
    const layer = built.images[0].layers[1];
    const tampered = Buffer.alloc(layer.size);
    writeFileSync(join(built.path, layer.member), tampered);
    const source = await openOciLayout(built.path, built.path);
    const data = await source.layers[1].open();
    if (data.kind !== "stream") throw new Error("OCI layers are streams");
    const err = await drainError(data.stream);
    expect(err).toBeInstanceOf(ImageError);
    expect(err?.message).toMatch(new RegExp(`^layer 1 \\(${layer.digest.slice(0, 19)}\\): digest mismatch: expected ${layer.digest}, got sha256:`));
    rmSync(join(built.path, layer.member));
    await expect(openOciLayout(built.path, built.path)).rejects.toThrow(`layer 1 (${layer.digest.slice(0, 19)}): missing blob in ${built.path}`);
  });

  test("a corrupt gzip layer", async () => {
    const built = await buildImage(threeLayers, { format: "oci-layout", compression: "gzip" });
    const layer = built.images[0].layers[0];
    const source = await openOciLayout(built.path, built.path);
    const { readFileSync } = await import("node:fs");
    const blob = readFileSync(join(built.path, layer.member));
    writeFileSync(join(built.path, layer.member), blob.subarray(0, blob.length - 30));
    const data = await source.layers[0].open();
    if (data.kind !== "stream") throw new Error("OCI layers are streams");
    // cut short, the blob no longer has the size its descriptor declares: refused before it is decompressed
    expect((await drainError(data.stream))?.message).toMatch(/: blob sha256:[0-9a-f]{64} is \d+ bytes, its descriptor says \d+$/);
  });

  test("a directory without oci-layout", async () => {
    const built = await buildImage(threeLayers, { format: "oci-layout" });
    rmSync(join(built.path, "oci-layout"));
    await expect(openOciLayout(built.path, built.path)).rejects.toThrow("not an OCI image layout");
  });
});
