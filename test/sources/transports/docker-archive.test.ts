import { writeFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { openDockerArchive } from "../../../src/sources/transports/docker-archive.js";
import { buildImage, buildImages } from "../../helpers/build-image.js";
import { buildArchiveTar } from "../../helpers/build-tar.js";
import { diffIdOf, drainError, layerPaths } from "../read-layers.js";
import { expectedPaths, oneLayer, threeLayers } from "../specs.js";
import { ImageError } from "../../../src/errors.js";

describe("docker-archive", () => {
  for (const format of ["docker-archive", "docker-archive-25"] as const) {
    for (const gzipArchive of [false, true]) {
      test(`${format}${gzipArchive ? " (gzipped)" : ""}: layers in order, config and history`, async () => {
        const built = await buildImage(threeLayers, { format, gzipArchive });
        const source = await openDockerArchive(built.path, built.path);
        expect(source.format).toBe("docker-archive");
        expect(source.name).toBe("app:1.0");
        expect(await layerPaths(source)).toEqual(expectedPaths);
        const info = built.images[0];
        expect(source.config.diffIds).toEqual(info.layers.map((l) => l.diffId));
        expect(source.layers.map((l) => l.digest)).toEqual(info.layers.map((l) => l.diffId));
        expect(source.config.history.map((h) => [h.createdBy, h.emptyLayer])).toEqual([
          ["ADD rootfs /", false],
          ["ENV A=1", true],
          ["RUN rm /etc/app.conf", false],
          ["RUN ln", false],
        ]);
        for (const layer of source.layers) expect(await diffIdOf(layer)).toBe(layer.diffId);
        const data = await source.layers[0].open();
        expect(data.kind).toBe(gzipArchive ? "stream" : "file");
      });
    }
  }

  test("legacy layers that are symlinks to another layer's tar are followed and flagged for Dive", async () => {
    const spec = { layers: [[{ path: "a", content: "1" }], [{ path: "b", content: "2" }], { entries: [], sameAs: 0 }] };
    const built = await buildImage(spec, { format: "docker-archive" });
    const source = await openDockerArchive(built.path, built.path);
    expect(await layerPaths(source)).toEqual([["a"], ["b"], ["a"]]);
    expect(source.layers.map((l) => l.diveReadsEmpty === true)).toEqual([false, false, true]);
  });

  test("compressed layers inside a docker archive are sniffed and decoded", async () => {
    for (const compression of ["gzip", "zstd"] as const) {
      const built = await buildImage(threeLayers, { format: "docker-archive", compression });
      const source = await openDockerArchive(built.path, built.path);
      expect(await layerPaths(source)).toEqual(expectedPaths);
      expect((await source.layers[0].open()).kind).toBe("stream");
    }
  });

  test("verifyAll checks an uncompressed layer against its diff id", async () => {
    const built = await buildImage(threeLayers, { format: "docker-archive" });
    const source = await openDockerArchive(built.path, built.path);
    const data = await source.layers[1].open({ verifyAll: true });
    expect(data.kind).toBe("stream");
    if (data.kind === "stream") expect(await drainError(data.stream)).toBeUndefined();
  });

  test("several images: pick by tag with Docker's normalisation, else list the tags", async () => {
    const built = await buildImages([oneLayer("one", undefined, ["docker.io/library/app:1.0"]), oneLayer("two", undefined, ["lab/other:2"])], {
      format: "docker-archive",
    });
    expect(await layerPaths(await openDockerArchive(built.path, built.path, { tag: "app:1.0" }))).toEqual([["one"]]);
    expect(await layerPaths(await openDockerArchive(built.path, built.path, { tag: "docker.io/lab/other:2" }))).toEqual([["two"]]);
    await expect(openDockerArchive(built.path, built.path)).rejects.toThrow(
      `several images in ${built.path}; pick one with --tag: docker.io/library/app:1.0; lab/other:2`,
    );
    await expect(openDockerArchive(built.path, built.path, { tag: "nope" })).rejects.toThrow(/^no image tagged "nope" in .*; tags: /);
  });

  test("--platform: refused for a single image of another platform, naming the one there is", async () => {
    const built = await buildImage(oneLayer("one", "linux/amd64", ["app:1.0"]), { format: "docker-archive" });
    expect(await layerPaths(await openDockerArchive(built.path, built.path, { platform: "linux/amd64" }))).toEqual([["one"]]);
    await expect(openDockerArchive(built.path, built.path, { platform: "linux/arm64" })).rejects.toThrow(
      `no linux/arm64 image in ${built.path}; platforms: linux/amd64`,
    );
    await expect(openDockerArchive(built.path, built.path, { tag: "app:1.0", platform: "linux/arm64/v8" })).rejects.toThrow(
      `no linux/arm64/v8 image in ${built.path}; platforms: linux/amd64`,
    );
  });

  test("--platform picks among several images of an archive, and lists the platforms when none matches", async () => {
    const built = await buildImages([oneLayer("amd", "linux/amd64", ["app:amd"]), oneLayer("arm", "linux/arm64/v8", ["app:arm"])], {
      format: "docker-archive",
    });
    expect(await layerPaths(await openDockerArchive(built.path, built.path, { platform: "linux/arm64" }))).toEqual([["arm"]]);
    expect(await layerPaths(await openDockerArchive(built.path, built.path, { platform: "linux/amd64" }))).toEqual([["amd"]]);
    await expect(openDockerArchive(built.path, built.path, { platform: "linux/s390x" })).rejects.toThrow(
      `no linux/s390x image in ${built.path}; platforms: linux/amd64, linux/arm64/v8`,
    );
  });

  test("a layer listed in manifest.json but missing from the archive", async () => {
    const manifest = [{ Config: "c.json", RepoTags: [], Layers: ["gone/layer.tar"] }];
    const config = { rootfs: { type: "layers", diff_ids: [`sha256:${"ab".repeat(32)}`] }, history: [] };
    const path = `${(await buildImage(oneLayer("x"), { format: "docker-archive" })).path}.broken.tar`;
    writeFileSync(
      path,
      await buildArchiveTar([
        { name: "manifest.json", content: Buffer.from(JSON.stringify(manifest)) },
        { name: "c.json", content: Buffer.from(JSON.stringify(config)) },
      ]),
    );
    const err = await openDockerArchive(path, path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageError);
    expect((err as Error).message).toBe(`layer 0 (sha256:abababababab): missing blob (gone/layer.tar is not in ${path})`);
  });

  test("a layer that is a dangling symlink or a link loop: a missing blob that says so (Dive reads it as empty)", async () => {
    const manifest = [{ Config: "c.json", RepoTags: [], Layers: ["l/layer.tar"] }];
    const config = { rootfs: { type: "layers", diff_ids: [`sha256:${"ab".repeat(32)}`] }, history: [] };
    const base = (await buildImage(oneLayer("x"), { format: "docker-archive" })).path;
    for (const [suffix, target] of [
      ["dangling", "../gone/layer.tar"],
      ["loop", "layer.tar"],
    ]) {
      const path = `${base}.${suffix}.tar`;
      writeFileSync(
        path,
        await buildArchiveTar([
          { name: "manifest.json", content: Buffer.from(JSON.stringify(manifest)) },
          { name: "c.json", content: Buffer.from(JSON.stringify(config)) },
          { name: "l/layer.tar", symlinkTo: target },
        ]),
      );
      await expect(openDockerArchive(path, path)).rejects.toThrow(
        `layer 0 (sha256:abababababab): missing blob (l/layer.tar is a link that leads to no file in ${path})`,
      );
    }
  });

  test("a file that is not a tar, and a truncated archive", async () => {
    const built = await buildImage(threeLayers, { format: "docker-archive" });
    const junk = `${built.path}.junk`;
    writeFileSync(junk, Buffer.alloc(2048, 0x41));
    await expect(openDockerArchive(junk, junk)).rejects.toThrow(/^.*\.junk: not an image archive \(/);
    const { readFileSync } = await import("node:fs");
    const truncated = `${built.path}.cut`;
    writeFileSync(truncated, readFileSync(built.path).subarray(0, 3000));
    await expect(openDockerArchive(truncated, truncated)).rejects.toThrow(/truncated archive/);
  });
});
