import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { buildImage, type BuiltImageInfo } from "./build-image.js";
import { pushLayout, startRegistry, type RunningRegistry } from "./registry.js";
import type { ImageSource } from "../../src/sources/types.js";

export interface SeededRegistry {
  registry: RunningRegistry;
  image: BuiltImageInfo;
  /** The first repository pushed (default `test/app`); every one is tagged `1.0` */
  repository: string;
  tag: string;
}

/**
 * A docker-registry of its own (data under `dir`) holding one small three-layer image, one layer of which is a
 * MiB of random bytes, so its gzip blob is big enough to cut in the middle.
 */
export async function seededRegistry(dir: string, authYaml = "", repositories = ["test/app"]): Promise<SeededRegistry> {
  const built = await buildImage(
    {
      layers: [
        [
          { path: "etc", type: "dir" },
          { path: "etc/app.conf", content: "a=1\n" },
        ],
        [{ path: "blob.bin", content: randomBytes(1 << 20) }],
        [{ path: "etc/.wh.app.conf" }, { path: "zeros.bin", size: 65536 }],
      ],
      tags: ["test/app:1.0"],
    },
    { format: "oci-layout", dir, name: "layout" },
  );
  // Push into an open registry first, then serve the same data with the auth wanted.
  const dataDir = join(dir, "registry-data");
  const open = await startRegistry(dir, dataDir);
  try {
    for (const repository of repositories) await pushLayout(built.path, `${open.address}/${repository}:1.0`, "1.0");
  } finally {
    await open.stop();
  }
  const registry = await startRegistry(dir, dataDir, authYaml);
  return { registry, image: built.images[0], repository: repositories[0], tag: "1.0" };
}

/** Reads every layer to its end; the sha256 of each decoded stream (its diff id). */
export async function decodedDiffIds(source: ImageSource): Promise<string[]> {
  const out: string[] = [];
  for (const layer of source.layers) {
    const data = await layer.open();
    if (data.kind !== "stream") throw new Error("a registry layer should be a stream");
    const hash = createHash("sha256");
    for await (const chunk of data.stream) hash.update(chunk as Buffer);
    out.push(`sha256:${hash.digest("hex")}`);
  }
  return out;
}
