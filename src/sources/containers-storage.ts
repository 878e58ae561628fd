import { stat } from "node:fs/promises";
import { CommandMissingError, runCommand, streamCommand, type CommandContext } from "./command.js";
import { StreamedArchive } from "./daemon-archive.js";
import { parsePlatform } from "./platform.js";
import { defaultStorageRoot } from "./storage-conf.js";
import { dockerArchiveSource } from "./streamed-docker-archive.js";
import { ImageError, type ImageSource, type OpenImageOptions } from "./types.js";

export interface StorageOptions {
  /** containers-storage root, or a whole `driver@root+runroot:options` spec (default: storage.conf's, as skopeo) */
  storageRoot?: string;
}

const INSTALL_HINT = "layerscope reads containers-storage through skopeo: apt-get install skopeo";
const NOT_THERE = /does not resolve to an image ID|identifier is not an image|not known/;

/** `[driver@root+runroot:options]REF` → the store part and the image part. */
export function splitStorageReference(text: string): { spec?: string; image: string } {
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
 * The names to look an image up by: a short name as podman and buildah resolve it in their store, `localhost/`
 * first (where `buildah bud -t app:dev` puts `app:dev`), then Docker Hub's expansion (skopeo's for a bare name).
 */
export function storageCandidates(image: string): string[] {
  if (image.includes("@") || /^[a-f0-9]{12,64}$/.test(image)) return [image];
  const slash = image.indexOf("/");
  const first = slash < 0 ? "" : image.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  return hasDomain ? [image] : [`localhost/${image}`, image];
}

interface Store {
  /** `[spec]` for skopeo's reference, or "" for its default store */
  prefix: string;
  root: string;
  exists: boolean;
  global: string[];
}

async function openStore(spec: string | undefined, options: OpenImageOptions): Promise<Store> {
  const root = spec !== undefined ? rootOfSpec(spec) : await defaultStorageRoot();
  const info = await stat(root).catch(() => undefined);
  return { prefix: spec !== undefined ? `[${spec}]` : "", root, exists: info?.isDirectory() === true, global: platformFlags(options.platform) };
}

const contextOf = (image: string, store: Store): CommandContext => ({ where: `${image} (containers-storage at ${store.root})`, installHint: INSTALL_HINT });

/**
 * An image of a buildah/podman store, read without any daemon: `skopeo copy containers-storage:REF
 * docker-archive:/dev/stdout` streams a docker-save tar, read like a Docker daemon's export (one pass to index
 * it, one for the layers, each layer checked against its diff id).
 */
export async function openStorageImage(text: string, reference: string, options: OpenImageOptions & StorageOptions): Promise<ImageSource> {
  const parts = splitStorageReference(text);
  if (parts.image === "") throw new ImageError(`${reference}: no image named`);
  const spec = parts.spec ?? options.storageRoot;
  const store = await openStore(spec, options);
  // skopeo would create an empty store (and mount its driver) at a root that does not exist.
  if (!store.exists) throw new ImageError(`no containers-storage at ${store.root}${spec === undefined ? " (set --storage-root)" : ""}`);
  // A quick look first: a missing image is reported before any export starts.
  const candidates = storageCandidates(parts.image);
  const name = await findInStore(candidates, store, contextOf(parts.image, store));
  if (name === undefined) {
    const looked = candidates.length > 1 ? ` (looked for ${candidates.join(", ")})` : "";
    throw new ImageError(`${parts.image}: no such image in the containers-storage at ${store.root}${looked}`);
  }
  return exportImage(name, reference, store, options);
}

/**
 * A bare name looked for in the store skopeo uses (or `--storage-root`'s): the image when the store has it, else
 * what was looked at and why nothing came of it (no store, no skopeo, no such image), for the error of a name
 * found nowhere.
 */
export async function findStorageImage(name: string, options: OpenImageOptions & StorageOptions): Promise<{ source?: ImageSource; tried: string }> {
  const store = await openStore(options.storageRoot, options);
  if (!store.exists) return { tried: `containers-storage (none at ${store.root})` };
  const tried = `containers-storage at ${store.root}`;
  let found: string | undefined;
  try {
    found = await findInStore(storageCandidates(name), store, contextOf(name, store));
  } catch (err) {
    const why = err instanceof CommandMissingError ? "skopeo is not installed" : err instanceof Error ? err.message.replace(/^.*?\): /, "") : String(err);
    return { tried: `${tried} (${why})` };
  }
  return found === undefined ? { tried } : { source: await exportImage(found, name, store, options), tried };
}

/** The first candidate name the store has (a quick `skopeo inspect`), or undefined. */
async function findInStore(names: string[], store: Store, context: CommandContext): Promise<string | undefined> {
  for (const name of names) {
    const found = await runCommand("skopeo", [...store.global, "inspect", "--raw", `containers-storage:${store.prefix}${name}`], context).then(
      () => true,
      (err: unknown) => {
        if (err instanceof ImageError && !(err instanceof CommandMissingError) && NOT_THERE.test(err.message)) return false;
        throw err;
      },
    );
    if (found) return name;
  }
  return undefined;
}

async function exportImage(name: string, reference: string, store: Store, options: OpenImageOptions): Promise<ImageSource> {
  const where = `${name} (containers-storage at ${store.root})`;
  // skopeo opens /dev/stdout, which fails on the socket Node gives a child for stdout: `| cat` makes it a pipe.
  const copy = ["skopeo", ...store.global, "copy", "--quiet", `containers-storage:${store.prefix}${name}`, "docker-archive:/dev/stdout"];
  const open = async () => streamCommand("bash", ["-c", 'set -o pipefail; "$@" | cat', "bash", ...copy], { where, installHint: INSTALL_HINT });
  const archive = await StreamedArchive.index(open, where);
  return dockerArchiveSource(archive, reference, where, options, "containers-storage");
}

function platformFlags(platform: string | undefined): string[] {
  if (platform === undefined) return [];
  const { os, architecture, variant } = parsePlatform(platform);
  return ["--override-os", os, "--override-arch", architecture, ...(variant !== undefined ? ["--override-variant", variant] : [])];
}
