import { isObject, parseJson } from "./config.js";
import { checkDigestSyntax } from "./digest.js";
import type { Platform } from "./platform.js";
import { ImageError } from "./types.js";

export const MEDIA = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
} as const;

/** Layers of one image: Docker's own limit is 127; 10,000 leaves room for any builder. */
export const MAX_LAYERS = 10_000;

export const REF_NAME = "org.opencontainers.image.ref.name";
export const CONTAINERD_NAME = "io.containerd.image.name";

export interface Descriptor {
  mediaType: string;
  digest: string;
  size?: number;
  platform?: Platform;
  annotations: Record<string, string>;
}

export interface ImageManifest {
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  /** The manifest's own annotations (e.g. the base image a builder recorded) */
  annotations?: Record<string, string>;
}

export function isIndexType(mediaType: string): boolean {
  return mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList;
}

export function isManifestType(mediaType: string): boolean {
  return mediaType === MEDIA.ociManifest || mediaType === MEDIA.dockerManifest;
}

function stringValues(map: Record<string, unknown>): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [key, v] of Object.entries(map)) if (typeof v === "string") strings[key] = v;
  return strings;
}

function parseDescriptor(value: unknown, what: string): Descriptor {
  if (!isObject(value) || typeof value.digest !== "string") throw new ImageError(`${what}: invalid descriptor`);
  checkDigestSyntax(value.digest, what);
  const annotations = isObject(value.annotations) ? stringValues(value.annotations) : {};
  const p = value.platform;
  const platform =
    isObject(p) && typeof p.os === "string" && typeof p.architecture === "string"
      ? { os: p.os, architecture: p.architecture, ...(typeof p.variant === "string" && p.variant ? { variant: p.variant } : {}) }
      : undefined;
  return {
    mediaType: typeof value.mediaType === "string" ? value.mediaType : "",
    digest: value.digest,
    ...(typeof value.size === "number" ? { size: value.size } : {}),
    ...(platform ? { platform } : {}),
    annotations,
  };
}

/** The `manifests` of an index (index.json, a nested index, a Docker manifest list). */
export function parseIndex(data: Buffer, what: string): Descriptor[] {
  const json = parseJson(data, what);
  if (!isObject(json) || !Array.isArray(json.manifests)) throw new ImageError(`${what}: not an image index`);
  if (json.manifests.length > MAX_LAYERS) throw new ImageError(`${what}: more than ${MAX_LAYERS} manifests (${json.manifests.length})`);
  return json.manifests.map((m, i) => parseDescriptor(m, `${what} manifests[${i}]`));
}

/** Whether a blob is an index or a manifest, by its own mediaType field or by its shape. */
export function documentKind(data: Buffer, what: string): "index" | "manifest" {
  const json = parseJson(data, what);
  if (isObject(json)) {
    if (typeof json.mediaType === "string" && isIndexType(json.mediaType)) return "index";
    if (typeof json.mediaType === "string" && isManifestType(json.mediaType)) return "manifest";
    if (Array.isArray(json.manifests)) return "index";
    if (Array.isArray(json.layers)) return "manifest";
  }
  throw new ImageError(`${what}: neither an image manifest nor an index`);
}

export function parseManifest(data: Buffer, what: string): ImageManifest {
  const json = parseJson(data, what);
  if (!isObject(json) || !Array.isArray(json.layers) || !isObject(json.config)) {
    const schema1 = isObject(json) && json.schemaVersion === 1;
    throw new ImageError(`${what}: ${schema1 ? "Docker schema 1 manifests are not supported" : "not an image manifest"}`);
  }
  if (json.layers.length > MAX_LAYERS) throw new ImageError(`${what}: more than ${MAX_LAYERS} layers (${json.layers.length})`);
  return {
    mediaType: typeof json.mediaType === "string" ? json.mediaType : MEDIA.ociManifest,
    config: parseDescriptor(json.config, `${what} config`),
    layers: json.layers.map((l, i) => parseDescriptor(l, `${what} layers[${i}]`)),
    ...(isObject(json.annotations) ? { annotations: stringValues(json.annotations) } : {}),
  };
}
