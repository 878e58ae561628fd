import { CommandMissingError } from "./command.js";
import { containerdSocket, openContainerdImage, type ContainerdOptions } from "./transports/containerd.js";
import type { StorageOptions } from "./transports/containers-storage.js";
import { DAEMON_NAMES, daemonSockets, openDaemonImage, type DaemonKind, type DaemonOptions } from "./transports/daemon.js";
import { parseImageReference } from "./reference.js";
import { openRegistryImage, type RegistryOptions } from "./registry/open-registry.js";
import type { ImageSource, OpenImageOptions } from "./types.js";

export type { RegistryOptions } from "./registry/open-registry.js";
export type { DaemonOptions } from "./transports/daemon.js";
import { ImageError } from "../errors.js";

/** Everything openRemoteImage understands; all optional, so plain OpenImageOptions will do. */
export type RemoteImageOptions = OpenImageOptions & RegistryOptions & DaemonOptions & ContainerdOptions & StorageOptions;

const REMOTE_SOURCES = new Set(["docker", "podman", "registry", "containerd", "containers-storage"]);

/**
 * Registry, daemon and store references. `docker://REF` always reads the registry, `containerd://REF` containerd,
 * `containers-storage:REF` a buildah/podman store. A bare `REF` is read from the first local daemon (Docker,
 * then Podman, then containerd when its socket is there) that has it, else from the containers-storage skopeo
 * uses (podman's and buildah's images, no service needed), else from the registry; the error of a name found
 * nowhere lists where it was looked for. `options.source`
 * (`docker` | `podman` | `containerd` | `containers-storage` | `registry`) forces one.
 */
export async function openRemoteImage(reference: string, options: RemoteImageOptions = {}): Promise<ImageSource> {
  const source = options.source;
  if (source !== undefined && !REMOTE_SOURCES.has(source)) {
    throw new ImageError(
      `unknown source "${source}" for ${reference} (docker-archive, oci-archive, oci, dir, docker, podman, containerd, containers-storage or registry)`,
    );
  }
  if (reference.startsWith("containers-storage:") || source === "containers-storage") {
    if (source !== undefined && source !== "containers-storage") throw new ImageError(`${reference}: names a containers-storage image, not a ${source} one`);
    const { openStorageImage } = await import("./transports/containers-storage.js");
    return openStorageImage(reference.replace(/^containers-storage:/, ""), reference, options);
  }
  if (reference.startsWith("containerd://") || source === "containerd") {
    if (source !== undefined && source !== "containerd") throw new ImageError(`${reference}: names a containerd image, not a ${source} one`);
    return openContainerdImage(reference.replace(/^containerd:\/\//, ""), reference, options, true);
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
  const tried: string[] = [];
  for (const kind of ["docker", "podman"] satisfies DaemonKind[]) {
    const sockets = daemonSockets(kind, options);
    if (sockets.length === 0) {
      tried.push(`${DAEMON_NAMES[kind]} (no socket)`);
      continue;
    }
    const found = await openDaemonImage(reference, kind, options, false);
    if (found) return found;
    tried.push(`${DAEMON_NAMES[kind]} at ${sockets[0].label}`);
  }
  const socket = containerdSocket(options);
  if (socket !== undefined) {
    // A socket without the ctr command (a node with crictl only) is passed over, like an unreachable daemon.
    const found = await openContainerdImage(reference, reference, options, false).catch((err: unknown) => {
      if (err instanceof CommandMissingError) return undefined;
      throw err;
    });
    if (found) return found;
  }
  tried.push(socket !== undefined ? `containerd at ${socket}` : "containerd (no socket)");
  const { findStorageImage } = await import("./transports/containers-storage.js");
  const stored = await findStorageImage(reference, options);
  if (stored.source) return stored.source;
  tried.push(stored.tried);
  try {
    return await openRegistryImage(ref, reference, options);
  } catch (err) {
    if (!(err instanceof ImageError)) throw err;
    throw new ImageError(
      `${reference}: not in ${tried.join(", ")}; the registry: ${err.message}. ` +
        `To read it from elsewhere, name the source: a file or directory path, docker-archive:, oci-archive:, oci:, dir:, ` +
        `containers-storage:, containerd://, docker:// (registry only), or --source`,
    );
  }
}
