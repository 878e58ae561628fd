import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openImage } from "../../src/sources/open.js";
import { buildImage, buildImages } from "../helpers/build-image.js";
import { layerPaths } from "./read-layers.js";
import { expectedPaths, oneLayer, threeLayers } from "./specs.js";
import { ImageError } from "../../src/errors.js";

describe("openImage", () => {
  test("prefixes and sniffing pick the reader", async () => {
    const docker = await buildImage(threeLayers, { format: "docker-archive-25" });
    const ociArchive = await buildImage(threeLayers, { format: "oci-archive", gzipArchive: true });
    const layout = await buildImage(threeLayers, { format: "oci-layout" });
    const cases: Array<[string, string]> = [
      [docker.path, "docker-archive"],
      [`docker-archive:${docker.path}`, "docker-archive"],
      [`oci-archive:${docker.path}`, "oci-archive"],
      [ociArchive.path, "oci-archive"],
      [`oci-archive:${ociArchive.path}`, "oci-archive"],
      [layout.path, "oci-layout"],
      [`oci:${layout.path}`, "oci-layout"],
      [`oci:${layout.path}:1.0`, "oci-layout"],
    ];
    for (const [reference, format] of cases) {
      const source = await openImage(reference);
      expect([reference, source.format]).toEqual([reference, format]);
      expect(await layerPaths(source)).toEqual(expectedPaths);
      await source.close();
    }
    const forced = await openImage(docker.path, { source: "oci-archive" });
    expect(forced.format).toBe("oci-archive");
  });

  test("--source docker-archive reads an OCI archive as Dive's does; the docker-archive: prefix does not", async () => {
    const ociArchive = await buildImage(threeLayers, { format: "oci-archive" });
    const source = await openImage(ociArchive.path, { source: "docker-archive" });
    expect(source.format).toBe("oci-archive");
    expect(await layerPaths(source)).toEqual(expectedPaths);
    await source.close();
    await expect(openImage(`docker-archive:${ociArchive.path}`)).rejects.toThrow("not a docker archive (no manifest.json)");
  });

  test("docker-archive:PATH:NAME:TAG picks the image, as skopeo's reference does", async () => {
    const built = await buildImages([oneLayer("one", undefined, ["lab/app:1.0"]), oneLayer("two", undefined, ["lab/app:2.0"])], {
      format: "docker-archive-25",
    });
    expect(await layerPaths(await openImage(`docker-archive:${built.path}:lab/app:2.0`))).toEqual([["two"]]);
    expect(await layerPaths(await openImage(`docker-archive:${built.path}:docker.io/lab/app:1.0`))).toEqual([["one"]]);
    await expect(openImage(`docker-archive:${built.path}:lab/app:9`)).rejects.toThrow(`no image tagged "lab/app:9" in ${built.path}`);
  });

  test("oci:DIR:TAG picks the tag", async () => {
    const built = await buildImages([oneLayer("one", undefined, ["app:1.0"]), oneLayer("two", undefined, ["app:2.0"])], { format: "oci-layout" });
    expect(await layerPaths(await openImage(`oci:${built.path}:2.0`))).toEqual([["two"]]);
    await expect(openImage(`oci:${built.path}:9`)).rejects.toThrow(`no image tagged "9" in ${built.path}; tags: 1.0, 2.0`);
  });

  test("one-line errors for missing files and things that are not images", async () => {
    const err = await openImage("./no/such/image.tar").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageError);
    expect((err as Error).message).toBe("no such file: ./no/such/image.tar");
    await expect(openImage("docker-archive:/nonexistent/x")).rejects.toThrow("no such file: /nonexistent/x");
    await expect(openImage("oci:")).rejects.toThrow("oci: names no directory (oci:PATH)");
    // a library caller's unset argument
    await expect(openImage(undefined as unknown as string)).rejects.toThrow("invalid image reference: a string is needed, not undefined");
    await expect(openImage(undefined as unknown as string)).rejects.toBeInstanceOf(ImageError);
    await expect(openImage("app.tar", { source: "docker-archiv" })).rejects.toThrow(
      'unknown source "docker-archiv" for app.tar (docker-archive, oci-archive, oci, dir, docker, podman, containerd, containers-storage or registry)',
    );
    await expect(openImage("docker-archive:")).rejects.toThrow("docker-archive: names no file (docker-archive:PATH)");
    const dir = (await buildImage(threeLayers, { format: "oci-layout" })).path;
    const plainDir = join(dir, "plain");
    mkdirSync(plainDir);
    await expect(openImage(plainDir)).rejects.toThrow(
      `${plainDir}: not an image directory (no oci-layout file, nor the version and manifest.json of a dir: copy)`,
    );
    const text = join(dir, "notes.txt");
    writeFileSync(text, "hello\n".repeat(200));
    await expect(openImage(text)).rejects.toThrow(new RegExp(`^${text}: not an image archive`));
    const emptyTar = join(dir, "empty.tar");
    writeFileSync(emptyTar, Buffer.alloc(1024));
    await expect(openImage(emptyTar)).rejects.toThrow(`${emptyTar}: not an image archive (no manifest.json or index.json in it)`);
    const zeroBytes = join(dir, "app.tar");
    writeFileSync(zeroBytes, "");
    for (const reference of [zeroBytes, `docker-archive:${zeroBytes}`, `oci-archive:${zeroBytes}`]) {
      await expect(openImage(reference)).rejects.toThrow(`${zeroBytes}: empty file (0 bytes), not an image archive`);
    }
    const fifo = join(dir, "pipe.tar");
    execFileSync("mkfifo", [fifo]);
    for (const reference of [fifo, `docker-archive:${fifo}`, "/dev/null"]) {
      await expect(openImage(reference)).rejects.toThrow(
        /: not a regular file \(a pipe or a device\): an archive is read at random offsets, save it to a file first$/,
      );
    }
    await expect(openImage(join(text, "below-a-file.tar"))).rejects.toThrow(`no such file: ${join(text, "below-a-file.tar")}`);
  });
});
