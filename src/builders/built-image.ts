import { join } from "node:path";
import { daemonGet } from "../sources/daemon-api.js";
import { daemonSockets } from "../sources/daemon.js";
import type { BuilderName } from "./builders.js";
import type { BuilderIo } from "./io.js";
import { runBuilder } from "./run-builder.js";

/** Where layerscope reads a freshly built image from. */
export interface BuiltImageLocation {
  reference: string;
  /** `source` for the analysis: the daemon to read from, when the image is read there */
  flags: { source?: string };
}

/**
 * Docker: its daemon's export, streamed. Podman: its API service when one answers and has the image, else
 * `podman save` into `workDir`. Buildah: `buildah push` into `workDir`. Both write an OCI layout with
 * uncompressed layers (no gzip to pay twice), in the store named by the pass-through storage flags; with
 * `compressed`, gzip layers, whose sizes are what a push would store.
 */
export async function locateBuiltImage(
  builder: BuilderName,
  imageId: string,
  storage: string[],
  workDir: string,
  io: BuilderIo,
  compressed = false,
): Promise<BuiltImageLocation> {
  if (builder === "docker") return { reference: imageId, flags: { source: "docker" } };
  if (builder === "podman" && storage.length === 0 && (await podmanServiceHas(imageId, io.env))) {
    return { reference: imageId, flags: { source: "podman" } };
  }
  const layout = join(workDir, "image");
  const args =
    builder === "podman"
      ? ["save", "--quiet", ...(compressed ? [] : ["--uncompressed"]), "--format", "oci-dir", ...storage, "--output", layout, imageId]
      : ["push", "--quiet", ...(compressed ? [] : ["--disable-compression"]), ...storage, imageId, `oci:${layout}`];
  await runBuilder(builder, args, io, "cannot export the built image");
  return { reference: `oci:${layout}`, flags: { source: undefined } };
}

async function podmanServiceHas(imageId: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    const endpoints = daemonSockets("podman", {}, env);
    if (endpoints.length === 0) return false;
    const res = await daemonGet(endpoints[0], `/images/${encodeURIComponent(imageId)}/json`, 5_000);
    res.resume();
    return res.statusCode === 200;
  } catch {
    return false;
  }
}
