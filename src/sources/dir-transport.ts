import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { BlobStore } from "./blob-store.js";
import { isObject, parseJson } from "./config.js";
import { isIndexType, MEDIA } from "./manifest.js";
import { ociImageSource } from "./oci-source.js";
import { resolveOciImage, type SelectOptions } from "./oci-resolve.js";
import type { ImageSource } from "./types.js";
import { ImageError } from "./types.js";

/** The `version` files containers/image writes; 1.0 named layer blobs `<hex>.tar`, 1.1 plain `<hex>`. */
const VERSIONS: Record<string, "1.0" | "1.1"> = {
  "Directory Transport Version: 1.0": "1.0",
  "Directory Transport Version: 1.1": "1.1",
};
/** Manifests and configs are small; anything bigger in their place is not one. */
const SMALL_BLOB_LIMIT = 16 << 20;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** Whether a directory looks like a skopeo/podman `dir:` copy: a `version` file next to a `manifest.json`. */
export async function isDirTransport(dir: string): Promise<boolean> {
  const [version, manifest] = await Promise.all([isFile(join(dir, "version")), isFile(join(dir, "manifest.json"))]);
  return version && manifest;
}

/**
 * The containers/image `dir` transport: `manifest.json` (an image manifest, or a manifest list whose instances
 * are stored as `<hex>.manifest.json`), and every other blob named by the hex of its digest.
 */
export async function openDirImage(dir: string, reference: string, options: SelectOptions = {}): Promise<ImageSource> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new ImageError(`no such directory: ${dir}`);
  if (!info.isDirectory()) throw new ImageError(`${dir}: not a directory (a dir: reference names a skopeo dir: copy)`);
  const store = await dirBlobStore(dir);
  const resolved = await resolveOciImage(store, options);
  return ociImageSource(store, resolved, reference, "dir");
}

async function dirBlobStore(dir: string): Promise<BlobStore> {
  if (!(await isFile(join(dir, "version")))) throw new ImageError(`${dir}: not a dir: image copy (no version file)`);
  const versionText = (await readSmall(join(dir, "version"), dir, "version")).toString("utf8").trim();
  const version = VERSIONS[versionText];
  if (!version) {
    throw new ImageError(`${dir}: unknown dir transport version "${versionText.slice(0, 60)}" (layerscope reads 1.0 and 1.1)`);
  }
  if (!(await isFile(join(dir, "manifest.json")))) throw new ImageError(`${dir}: dir: image copy without manifest.json`);
  const top = await readSmall(join(dir, "manifest.json"), dir, "manifest.json");
  const topDigest = `sha256:${createHash("sha256").update(top).digest("hex")}`;

  const hexOf = (digest: string): string => {
    if (!DIGEST.test(digest)) throw new ImageError(`${dir}: unsupported digest "${digest.slice(0, 80)}"`);
    return digest.slice(digest.indexOf(":") + 1);
  };
  const instancePath = (digest: string) => join(dir, `${hexOf(digest)}.manifest.json`);
  const found = new Map<string, string>();
  const blobFile = async (digest: string): Promise<string | undefined> => {
    const plain = join(dir, hexOf(digest));
    const path = (await isFile(plain)) ? plain : version === "1.0" && (await isFile(`${plain}.tar`)) ? `${plain}.tar` : undefined;
    if (path) found.set(digest, path);
    return path;
  };

  return {
    where: dir,
    async readIndexJson() {
      return Buffer.from(JSON.stringify({ manifests: await topEntries(top, topDigest, dir, instancePath) }));
    },
    async hasBlob(digest) {
      return (await blobFile(digest)) !== undefined;
    },
    async readBlob(digest) {
      if (digest === topDigest) return top;
      const instance = instancePath(digest);
      const path = (await isFile(instance)) ? instance : await blobFile(digest);
      if (!path) throw new ImageError(`${dir}: missing blob ${digest}`);
      const data = await readSmall(path, dir, digest);
      const [algorithm] = digest.split(":");
      const actual = `${algorithm}:${createHash(algorithm).update(data).digest("hex")}`;
      if (actual !== digest) throw new ImageError(`${dir}: blob ${digest} does not match its digest (got ${actual})`);
      return data;
    },
    openBlob(digest) {
      // ociImageSource asks hasBlob for every layer first, which finds a 1.0 copy's `<hex>.tar` name.
      return createReadStream(found.get(digest) ?? join(dir, hexOf(digest)), { highWaterMark: 1 << 20 });
    },
  };
}

/**
 * The entries the resolver starts from: the manifest itself, or the instances of a manifest list that were
 * copied (`skopeo copy --all`; a plain copy of a list keeps only one image and writes its manifest).
 */
async function topEntries(
  top: Buffer,
  topDigest: string,
  dir: string,
  instancePath: (digest: string) => string,
): Promise<unknown[]> {
  const json = parseJson(top, `${dir}: manifest.json`);
  if (!isObject(json)) throw new ImageError(`${dir}: manifest.json is not an image manifest`);
  const mediaType = typeof json.mediaType === "string" ? json.mediaType : "";
  const isList = isIndexType(mediaType) || Array.isArray(json.manifests);
  if (!isList) return [{ mediaType: mediaType || MEDIA.ociManifest, digest: topDigest, size: top.length }];
  const instances = (json.manifests as unknown[]).filter(isObject);
  const present: unknown[] = [];
  for (const instance of instances) {
    if (typeof instance.digest === "string" && DIGEST.test(instance.digest) && (await isFile(instancePath(instance.digest)))) present.push(instance);
  }
  if (present.length === 0) {
    throw new ImageError(`${dir}: manifest.json is a list of ${instances.length} images but none was copied (copy with skopeo copy --all)`);
  }
  return present;
}

async function readSmall(path: string, dir: string, what: string): Promise<Buffer> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new ImageError(`${dir}: ${what} is not a regular file`);
  if (info.size > SMALL_BLOB_LIMIT) throw new ImageError(`${dir}: ${what} is too big for a manifest or config (${info.size} bytes)`);
  return readFile(path);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
