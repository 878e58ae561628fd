import type { Platform } from "../platform.js";
import { ImageError } from "../types.js";

export const MEDIA = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerSchema1: "application/vnd.docker.distribution.manifest.v1+json",
  dockerSchema1Signed: "application/vnd.docker.distribution.manifest.v1+prettyjws",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
} as const;

/** Every manifest type layerscope reads; sent on every manifest request (a registry converts otherwise). */
export const MANIFEST_ACCEPT = [MEDIA.ociManifest, MEDIA.ociIndex, MEDIA.dockerManifest, MEDIA.dockerList].join(", ");

const LAYER_TYPES = new Set([
  "application/vnd.oci.image.layer.v1.tar",
  "application/vnd.oci.image.layer.v1.tar+gzip",
  "application/vnd.oci.image.layer.v1.tar+zstd",
  "application/vnd.oci.image.layer.nondistributable.v1.tar",
  "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
  "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
  "application/vnd.docker.image.rootfs.diff.tar",
  "application/vnd.docker.image.rootfs.diff.tar.gzip",
  "application/vnd.docker.image.rootfs.diff.tar.zstd",
  "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
]);

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
}

export type ParsedManifest =
  | { kind: "index"; mediaType: string; manifests: Descriptor[] }
  | { kind: "image"; mediaType: string; config: Descriptor; layers: Descriptor[] };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a manifest or index. The media type comes from the body when it says, else from Content-Type.
 * Schema 1 and unknown types are refused with a one-line error naming `where`.
 */
export function parseManifest(bytes: Buffer, contentType: string | null, where: string): ParsedManifest {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new ImageError(`${where}: the manifest is not valid JSON`);
  }
  if (!isObject(doc)) throw new ImageError(`${where}: the manifest is not a JSON object`);
  const header = contentType?.split(";")[0].trim();
  const mediaType = typeof doc.mediaType === "string" ? doc.mediaType : header || inferType(doc);
  if (doc.schemaVersion === 1 || mediaType === MEDIA.dockerSchema1 || mediaType === MEDIA.dockerSchema1Signed) {
    throw new ImageError(`${where}: Docker schema 1 manifests are unsupported (re-push the image with a current tool)`);
  }
  if (mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList) {
    if (!Array.isArray(doc.manifests)) throw new ImageError(`${where}: the index has no "manifests" list`);
    return { kind: "index", mediaType, manifests: doc.manifests.map((d, i) => descriptor(d, `${where}: manifests[${i}]`)) };
  }
  if (mediaType === MEDIA.ociManifest || mediaType === MEDIA.dockerManifest) {
    if (!Array.isArray(doc.layers)) throw new ImageError(`${where}: the manifest has no "layers" list`);
    const config = descriptor(doc.config, `${where}: config`);
    if (config.mediaType !== MEDIA.ociConfig && config.mediaType !== MEDIA.dockerConfig) {
      throw new ImageError(`${where}: not a container image (config type ${config.mediaType})`);
    }
    const layers = doc.layers.map((d, i) => descriptor(d, `${where}: layers[${i}]`));
    for (const layer of layers) {
      if (!LAYER_TYPES.has(layer.mediaType)) {
        throw new ImageError(`${where}: unsupported layer type ${layer.mediaType} (${layer.digest.slice(0, 19)})`);
      }
    }
    return { kind: "image", mediaType, config, layers };
  }
  throw new ImageError(`${where}: unsupported manifest type ${mediaType || "(none)"}`);
}

function inferType(doc: Json): string {
  if (Array.isArray(doc.manifests)) return MEDIA.ociIndex;
  if (Array.isArray(doc.layers)) return MEDIA.ociManifest;
  return "";
}

function descriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw new ImageError(`${where}: not a descriptor`);
  const { mediaType, digest, size, platform } = value;
  if (typeof digest !== "string" || !/^sha256:[a-f0-9]{64}$/.test(digest)) {
    throw new ImageError(`${where}: missing or unsupported digest ${typeof digest === "string" ? digest : ""}`.trim());
  }
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) throw new ImageError(`${where}: invalid size`);
  const result: Descriptor = { mediaType: typeof mediaType === "string" ? mediaType : "", digest, size };
  if (isObject(platform) && typeof platform.os === "string" && typeof platform.architecture === "string") {
    result.platform = { os: platform.os, architecture: platform.architecture };
    if (typeof platform.variant === "string" && platform.variant) result.platform.variant = platform.variant;
  }
  return result;
}
