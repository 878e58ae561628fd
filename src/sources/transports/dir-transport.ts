import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import {
  documentLimit,
  MAX_DOCUMENT,
  readLayoutBlob,
  hashLayoutBlob,
  layoutBlobIdentity,
  sizeError,
  sniffLayoutBlob,
  type BlobStore,
} from "../oci/blob-store.js";
import { isObject, parseJson } from "../oci/config.js";
import { checkDigestSyntax, isVerifiableDigest, verifyDigest } from "../oci/digest.js";
import { LayoutFiles } from "../oci/layout-file.js";
import { isIndexType, MEDIA } from "../oci/manifest.js";
import { ociImageSource } from "../oci/oci-source.js";
import { resolveOciImage, type SelectOptions } from "../oci/oci-resolve.js";
import type { ImageSource } from "../types.js";
import { ImageError } from "../../errors.js";
import { printable } from "../../text/escape.js";

/** The `version` files containers/image writes; 1.0 named layer blobs `<hex>.tar`, 1.1 plain `<hex>`. */
const VERSIONS: Record<string, "1.0" | "1.1"> = {
  "Directory Transport Version: 1.0": "1.0",
  "Directory Transport Version: 1.1": "1.1",
};

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
  const files = new LayoutFiles(dir);
  const versionText = (await files.read("version", "version", 4096, `${dir}: not a dir: image copy (no version file)`)).toString("utf8").trim();
  const version = VERSIONS[versionText];
  if (!version) {
    throw new ImageError(`${dir}: unknown dir transport version "${printable(versionText.slice(0, 60))}" (layerscope reads 1.0 and 1.1)`);
  }
  const top = await files.read("manifest.json", "manifest.json", MAX_DOCUMENT, `${dir}: dir: image copy without manifest.json`);
  const topDigest = `sha256:${createHash("sha256").update(top).digest("hex")}`;

  /** containers/image names a blob by the hex of its digest alone. */
  const hexOf = (digest: string): string => digest.slice(checkDigestSyntax(digest, `${dir}: blob`).length + 1);
  const isThere = async (relative: string) => {
    const file = await files.open(relative, relative);
    await file?.handle.close();
    return file !== undefined;
  };
  const found = new Map<string, string>();
  const blobName = async (digest: string): Promise<string | undefined> => {
    const plain = hexOf(digest);
    const name = (await isThere(plain)) ? plain : version === "1.0" && (await isThere(`${plain}.tar`)) ? `${plain}.tar` : undefined;
    if (name) found.set(digest, name);
    return name;
  };

  return {
    where: dir,
    async readIndexJson() {
      return Buffer.from(JSON.stringify({ manifests: await topEntries(top, topDigest, dir, (d) => isThere(`${hexOf(d)}.manifest.json`)) }));
    },
    async hasBlob(digest) {
      return (await blobName(digest)) !== undefined;
    },
    async readBlob(digest, size) {
      if (digest === topDigest) return top;
      const instance = `${hexOf(digest)}.manifest.json`;
      const name = (await isThere(instance)) ? instance : await blobName(digest);
      if (!name) throw new ImageError(`${dir}: missing blob ${digest}`);
      const data = await files.read(name, `blob ${digest}`, documentLimit(size), `${dir}: missing blob ${digest}`);
      if (size !== undefined && data.length !== size) throw sizeError(dir, digest, data.length, size);
      return verifyDigest(data, digest, dir);
    },
    openBlob(digest, size) {
      // ociImageSource asks hasBlob for every layer first, which finds a 1.0 copy's `<hex>.tar` name.
      return readLayoutBlob(files, found.get(digest) ?? hexOf(digest), digest, size);
    },
    sniffBlob(digest) {
      return sniffLayoutBlob(files, found.get(digest) ?? hexOf(digest), digest);
    },
    blobIdentity(digest) {
      return layoutBlobIdentity(files, found.get(digest) ?? hexOf(digest));
    },
    hashBlob(digest, size) {
      return hashLayoutBlob(files, found.get(digest) ?? hexOf(digest), digest, size);
    },
  };
}

/**
 * The entries the resolver starts from: the manifest itself, or the instances of a manifest list that were
 * copied (`skopeo copy --all`; a plain copy of a list keeps only one image and writes its manifest).
 */
async function topEntries(top: Buffer, topDigest: string, dir: string, instanceStored: (digest: string) => Promise<boolean>): Promise<unknown[]> {
  const json = parseJson(top, `${dir}: manifest.json`);
  if (!isObject(json)) throw new ImageError(`${dir}: manifest.json is not an image manifest`);
  const mediaType = typeof json.mediaType === "string" ? json.mediaType : "";
  const isList = isIndexType(mediaType) || Array.isArray(json.manifests);
  if (!isList) return [{ mediaType: mediaType || MEDIA.ociManifest, digest: topDigest, size: top.length }];
  const instances = (json.manifests as unknown[]).filter(isObject);
  const present: unknown[] = [];
  for (const instance of instances) {
    if (typeof instance.digest === "string" && isVerifiableDigest(instance.digest) && (await instanceStored(instance.digest))) present.push(instance);
  }
  if (present.length === 0) {
    throw new ImageError(`${dir}: manifest.json is a list of ${instances.length} images but none was copied (copy with skopeo copy --all)`);
  }
  return present;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
