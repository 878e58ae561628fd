import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { builderArgs, storageFlags, type BuilderName, type BuildRequest } from "./builders.js";
import { locateBuiltImage, type BuiltImageLocation } from "./built-image.js";
import { BuildError } from "./errors.js";
import type { BuilderIo } from "./io.js";
import { runBuilder } from "./run-builder.js";

/** A built image: its id, and where layerscope reads it from. */
export interface BuiltImage {
  imageId: string;
  location: BuiltImageLocation;
}

/**
 * Builds `request` with `builder`, then exports the image for reading. `workDir` (the caller's, removed by the
 * caller) receives the image id file and, for podman and buildah, the exported image (gzip layers with
 * `compressed`).
 */
export async function buildImage(
  builder: BuilderName,
  request: Omit<BuildRequest, "iidFile">,
  workDir: string,
  io: BuilderIo,
  compressed = false,
): Promise<BuiltImage> {
  await mkdir(workDir, { recursive: true });
  const iidFile = join(workDir, "iid");
  await runBuilder(builder, builderArgs(builder, { ...request, iidFile }), io, "build failed");
  const imageId = await readImageId(iidFile, builder);
  const location = await locateBuiltImage(builder, imageId, storageFlags(request.extraArgs), workDir, io, compressed);
  return { imageId, location };
}

async function readImageId(file: string, builder: string): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  const id = text.trim();
  if (!/^(sha256:)?[a-f0-9]{64}$/.test(id)) throw new BuildError(`${builder} wrote no image id (--iidfile)`);
  return id.startsWith("sha256:") ? id : `sha256:${id}`;
}
