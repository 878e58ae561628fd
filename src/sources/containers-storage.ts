import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { runCommand, streamCommand, type CommandContext } from "./command.js";
import { StreamedArchive } from "./daemon-archive.js";
import { parsePlatform } from "./platform.js";
import { dockerArchiveSource } from "./streamed-docker-archive.js";
import { ImageError, type ImageSource, type OpenImageOptions } from "./types.js";

export interface StorageOptions {
  /** containers-storage root (default: skopeo's, /var/lib/containers/storage as root, ~/.local/share/containers/storage rootless) */
  storageRoot?: string;
}

const INSTALL_HINT = "layerscope reads containers-storage through skopeo: apt-get install skopeo";

/** The store skopeo uses when none is named (storage.conf aside), for messages and the existence check. */
function defaultRoot(): string {
  const uid = process.getuid?.() ?? 0;
  const dataHome = process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share");
  return uid === 0 ? "/var/lib/containers/storage" : join(dataHome, "containers", "storage");
}

/** `[driver@root+runroot:options]REF` → the store part and the image part. */
function splitStorageReference(text: string): { spec?: string; image: string } {
  if (!text.startsWith("[")) return { image: text };
  const close = text.indexOf("]");
  if (close < 0) throw new ImageError(`containers-storage:${text}: unclosed [store] part`);
  return { spec: text.slice(1, close), image: text.slice(close + 1) };
}

/** The root directory a `[driver@root+runroot:options]` spec names. */
function rootOfSpec(spec: string): string {
  const afterDriver = spec.includes("@") ? spec.slice(spec.indexOf("@") + 1) : spec;
  return afterDriver.split(/[+:]/)[0];
}

/**
 * An image of a buildah/podman store, read without any daemon: `skopeo copy containers-storage:REF
 * docker-archive:/dev/stdout` streams a docker-save tar, read like a Docker daemon's export (one pass to index
 * it, one for the layers, each layer checked against its diff id).
 */
export async function openStorageImage(text: string, reference: string, options: OpenImageOptions & StorageOptions): Promise<ImageSource> {
  const parts = splitStorageReference(text);
  if (parts.image === "") throw new ImageError(`${reference}: no image named`);
  const spec = parts.spec ?? (options.storageRoot !== undefined ? options.storageRoot : undefined);
  const root = spec !== undefined ? rootOfSpec(spec) : defaultRoot();
  // skopeo would create an empty store (and mount its driver) at a root that does not exist.
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ImageError(`no containers-storage at ${root}${spec === undefined ? " (set --storage-root)" : ""}`);
  }
  const source = `containers-storage:${spec !== undefined ? `[${spec}]` : ""}${parts.image}`;
  const where = `${parts.image} (containers-storage at ${root})`;
  const context: CommandContext = { where, installHint: INSTALL_HINT };
  const global = platformFlags(options.platform);

  // A quick look first: a missing image is reported before any export starts.
  await runCommand("skopeo", [...global, "inspect", "--raw", source], context).catch((err: unknown) => {
    if (err instanceof ImageError && /does not resolve to an image ID|identifier is not an image|not known/.test(err.message)) {
      throw new ImageError(`${parts.image}: no such image in the containers-storage at ${root}`);
    }
    throw err;
  });
  // skopeo opens /dev/stdout, which fails on the socket Node gives a child for stdout: `| cat` makes it a pipe.
  const copy = ["skopeo", ...global, "copy", "--quiet", source, "docker-archive:/dev/stdout"];
  const open = async () => streamCommand("bash", ["-c", 'set -o pipefail; "$@" | cat', "bash", ...copy], context);
  const archive = await StreamedArchive.index(open, where);
  return dockerArchiveSource(archive, reference, where, options, "containers-storage");
}

function platformFlags(platform: string | undefined): string[] {
  if (platform === undefined) return [];
  const { os, architecture, variant } = parsePlatform(platform);
  return ["--override-os", os, "--override-arch", architecture, ...(variant !== undefined ? ["--override-variant", variant] : [])];
}
