import { constants, type Stats } from "node:fs";
import { access, stat } from "node:fs/promises";
import { join } from "node:path";
import { ArchiveIndex } from "./transports/archive-index.js";
import { isDirTransport, openDirImage } from "./transports/dir-transport.js";
import { openDockerArchive } from "./transports/docker-archive.js";
import { openOciArchive } from "./transports/oci-archive.js";
import { openOciLayout } from "./transports/oci-layout.js";
import type { RemoteImageOptions } from "./remote.js";
import type { ImageSource, OpenImageOptions } from "./types.js";
import { fsErrorReason } from "../fs/fs-error.js";
import { pathExists } from "../fs/path-exists.js";
import { ImageError } from "../errors.js";
import { unknownTransport } from "./transport-name.js";

type LocalKind = "docker-archive" | "oci-archive" | "oci" | "dir";

const PREFIXES: Record<string, LocalKind> = { "docker-archive:": "docker-archive", "oci-archive:": "oci-archive", "oci:": "oci", "dir:": "dir" };
const DAEMON_PREFIX = "docker-daemon:";
/** Prefixes of the sources that are not files: containers-storage and containerd go with the daemons. */
const STORE_PREFIXES = ["containers-storage:", "containerd://"];
const SOURCE_KINDS: Record<string, LocalKind | "file"> = {
  "docker-archive": "docker-archive",
  "oci-archive": "oci-archive",
  oci: "oci",
  "oci-layout": "oci",
  dir: "dir",
  archive: "file",
  file: "file",
};

/**
 * Opens an image by reference: `docker-archive:PATH`, `oci-archive:PATH`, `oci:DIR[:TAG]`, `dir:DIR`, an existing
 * directory with an `oci-layout` file (or skopeo's `version` and `manifest.json`), an existing file (docker or OCI
 * archive, told apart by its members); `containers-storage:REF`, `containerd://REF` and anything else go to the
 * store, registry and daemon sources. `options.source` forces a kind.
 */
export async function openImage(reference: string, options: RemoteImageOptions = {}): Promise<ImageSource> {
  // the library's callers may pass anything (an unset argument): a typed error, not a TypeError from inside
  if (typeof reference !== "string") throw new ImageError(`invalid image reference: a string is needed, not ${reference === null ? "null" : typeof reference}`);
  const forced = options.source !== undefined ? SOURCE_KINDS[options.source] : undefined;
  if (options.source !== undefined && forced === undefined) return openRemote(reference, options);
  if (forced === undefined && STORE_PREFIXES.some((p) => reference.startsWith(p))) return openRemote(reference, options);
  const prefix = Object.keys(PREFIXES).find((p) => reference.startsWith(p));
  if (prefix) {
    const kind = PREFIXES[prefix];
    if (reference.length === prefix.length)
      throw new ImageError(`${reference} names no ${kind === "oci" || kind === "dir" ? "directory" : "file"} (${prefix}PATH)`);
    if (kind === "dir") return openLocal(kind, reference.slice(prefix.length), reference, options);
    const { path, tag } = await splitPathAndTag(reference.slice(prefix.length));
    return openLocal(kind, path, reference, { ...options, tag: options.tag ?? tag });
  }
  if (reference.startsWith(DAEMON_PREFIX) && forced === undefined) {
    // skopeo's name for an image of the Docker daemon
    return openRemote(reference.slice(DAEMON_PREFIX.length), { ...options, source: "docker" });
  }
  const info = await statPath(reference);
  if (!info) {
    const unknown = options.source === undefined ? unknownTransport(reference) : undefined;
    if (unknown !== undefined) throw new ImageError(unknown);
    if (forced !== undefined || looksLikePath(reference)) throw new ImageError(`no such file: ${reference}`);
    return openRemote(reference, options);
  }
  // Dive's `--source docker-archive` also reads OCI archives: a file named so is read by its members, as Dive does
  const diveArchive = forced === "docker-archive" && info.isFile();
  if (forced !== undefined && forced !== "file" && !diveArchive) return openLocal(forced, reference, reference, options);
  if (info.isDirectory()) {
    const marker = await stat(join(reference, "oci-layout")).catch((error: unknown) => (error as NodeJS.ErrnoException).code === "EACCES" || undefined);
    // (a directory this user may not search: openOciLayout says so)
    if (marker) return openOciLayout(reference, reference, options);
    if (await isDirTransport(reference)) return openDirImage(reference, reference, options);
    throw new ImageError(`${reference}: not an image directory (no oci-layout file, nor the version and manifest.json of a dir: copy)`);
  }
  await checkArchiveFile(info, reference);
  return openArchiveFile(reference, reference, options);
}

async function openLocal(kind: LocalKind, path: string, reference: string, options: OpenImageOptions): Promise<ImageSource> {
  const info = await statPath(path);
  if (!info) throw new ImageError(`no such file: ${path}`);
  if (kind === "dir") return openDirImage(path, reference, options);
  if (kind === "oci") {
    if (!info.isDirectory()) throw new ImageError(`${path}: not a directory (an oci: reference names an OCI layout directory)`);
    return openOciLayout(path, reference, options);
  }
  if (info.isDirectory()) throw new ImageError(`${path}: is a directory, not an archive`);
  await checkArchiveFile(info, path);
  return kind === "docker-archive" ? openDockerArchive(path, reference, options) : openOciArchive(path, reference, options);
}

/** What is at a local path; undefined when nothing is (then it may be a registry reference), one line when it cannot be looked at. */
async function statPath(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "ENAMETOOLONG") return undefined;
    throw new ImageError(`cannot read ${path}: ${fsErrorReason(error)}`);
  }
}

/**
 * An archive is a regular file this process may read: a pipe (`<(docker save app)`, /dev/stdin) or a device cannot
 * be read at the offsets an archive is read at.
 */
async function checkArchiveFile(info: Stats, path: string): Promise<void> {
  if (!info.isFile()) throw new ImageError(`${path}: not a regular file (a pipe or a device): an archive is read at random offsets, save it to a file first`);
  if (info.size === 0) throw new ImageError(`${path}: empty file (0 bytes), not an image archive`);
  await access(path, constants.R_OK).catch((error: unknown) => {
    throw new ImageError(`cannot read ${path}: ${fsErrorReason(error)}`);
  });
}

/** A file of unknown kind: a docker archive has manifest.json, an OCI archive index.json. */
async function openArchiveFile(path: string, reference: string, options: OpenImageOptions): Promise<ImageSource> {
  const index = await ArchiveIndex.open(path);
  if (index.resolve("manifest.json")) return openDockerArchive(path, reference, options, index);
  if (index.resolve("index.json")) return openOciArchive(path, reference, options, index);
  throw new ImageError(`${path}: not an image archive (no manifest.json or index.json in it)`);
}

/**
 * `PATH[:TAG]`: the tag part is split off only when PATH itself does not exist, at the last colon that leaves an
 * existing path, so that a tag may hold a colon and slashes as skopeo's `docker-archive:app.tar:lab/app:1.0` does.
 */
async function splitPathAndTag(text: string): Promise<{ path: string; tag?: string }> {
  if (await pathExists(text)) return { path: text };
  for (let colon = text.lastIndexOf(":"); colon > 0; colon = text.lastIndexOf(":", colon - 1)) {
    if (await pathExists(text.slice(0, colon))) return { path: text.slice(0, colon), tag: text.slice(colon + 1) };
  }
  return { path: text };
}

/**
 * The local paths a reference may name, most likely first: without its transport prefix, then cut at each colon
 * from the right (`docker-archive:app.tar:app:1.0`). Registry and store references give paths that do not exist.
 */
export function localPathsOf(reference: string): string[] {
  const prefix = Object.keys(PREFIXES).find((p) => reference.startsWith(p));
  const text = prefix ? reference.slice(prefix.length) : reference;
  const paths = [text];
  for (let colon = text.lastIndexOf(":"); colon > 0; colon = text.lastIndexOf(":", colon - 1)) paths.push(text.slice(0, colon));
  return paths;
}

/** Whether a missing reference was meant as a local path rather than a registry reference. */
function looksLikePath(reference: string): boolean {
  return /^(\/|\.\.?\/|~)/.test(reference) || /\.(tar|tgz|gz|zst|tar\.gz|tar\.zst)$/i.test(reference) || reference.includes("\\");
}

/** The registry and daemon clients load only when a reference needs them: local archives start faster. */
async function openRemote(reference: string, options: RemoteImageOptions): Promise<ImageSource> {
  const { openRemoteImage } = await import("./remote.js");
  return openRemoteImage(reference, options);
}
