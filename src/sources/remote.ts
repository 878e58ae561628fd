import { daemonSockets, openDaemonImage, type DaemonKind, type DaemonOptions } from "./daemon.js";
import { parseImageReference } from "./reference.js";
import { openRegistryImage, type RegistryOptions } from "./registry/open-registry.js";
import type { ImageSource, OpenImageOptions } from "./types.js";
import { ImageError } from "./types.js";

export type { RegistryOptions } from "./registry/open-registry.js";
export type { DaemonOptions } from "./daemon.js";

/** Everything openRemoteImage understands; all optional, so plain OpenImageOptions will do. */
export type RemoteImageOptions = OpenImageOptions & RegistryOptions & DaemonOptions;

const REMOTE_SOURCES = new Set(["docker", "podman", "registry"]);

/**
 * Registry and daemon references. `docker://REF` always reads the registry. A bare `REF` is read from the first
 * local daemon (Docker, then Podman) that has it, else from the registry; `options.source`
 * (`docker` | `podman` | `registry`) forces one.
 */
export async function openRemoteImage(reference: string, options: RemoteImageOptions = {}): Promise<ImageSource> {
  const source = options.source;
  if (source !== undefined && !REMOTE_SOURCES.has(source)) {
    throw new ImageError(`unknown source "${source}" for ${reference} (docker, podman or registry)`);
  }
  if (reference.startsWith("docker://")) {
    if (source === "docker" || source === "podman") {
      throw new ImageError(`${reference}: docker:// names a registry image; drop it to read from ${source}`);
    }
    const text = reference.slice("docker://".length).replace(/^\/\//, "");
    return openRegistryImage(parseImageReference(text), reference, options);
  }
  const ref = parseImageReference(reference);
  if (source === "registry") return openRegistryImage(ref, reference, options);
  if (source === "docker" || source === "podman") {
    return openDaemonImage(reference, source, options, true);
  }
  for (const kind of ["docker", "podman"] satisfies DaemonKind[]) {
    if (daemonSockets(kind, options).length === 0) continue;
    const found = await openDaemonImage(reference, kind, options, false);
    if (found) return found;
  }
  return openRegistryImage(ref, reference, options);
}
