import { isObject, parseJson } from "../oci/config.js";
import { documentKind, MEDIA, parseIndex, parseManifest, type Descriptor, type ImageManifest } from "../oci/manifest.js";
import { ImageError } from "../../errors.js";

/** Every manifest type layerscope reads; sent on every manifest request (a registry converts otherwise). */
export const MANIFEST_ACCEPT = [MEDIA.ociManifest, MEDIA.ociIndex, MEDIA.dockerManifest, MEDIA.dockerList].join(", ");

const SCHEMA1 = new Set(["application/vnd.docker.distribution.manifest.v1+json", "application/vnd.docker.distribution.manifest.v1+prettyjws"]);
const CONFIG_TYPES = new Set(["application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json"]);
const LAYER_TYPE =
  /^application\/vnd\.(?:oci\.image\.layer(?:\.nondistributable)?\.v1\.tar|docker\.image\.rootfs(?:\.foreign)?\.diff\.tar)(?:[+.](?:gzip|zstd))?$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;

export type RegistryDocument = { kind: "index"; manifests: Descriptor[] } | { kind: "image"; manifest: ImageManifest };

/**
 * A manifest or index from a registry, checked for what a pull needs: schema 1, artifacts that are not
 * container images, and layer types layerscope cannot read are refused with one-line errors naming `where`.
 */
export function parseRegistryDocument(bytes: Buffer, contentType: string | null, where: string): RegistryDocument {
  const json = parseJson(bytes, `${where}: manifest`);
  const type = contentType?.split(";")[0].trim() ?? "";
  if (SCHEMA1.has(type) || (isObject(json) && json.schemaVersion === 1)) {
    throw new ImageError(`${where}: Docker schema 1 manifests are unsupported (re-push the image with a current tool)`);
  }
  if (documentKind(bytes, `${where}: manifest`) === "index") {
    return { kind: "index", manifests: parseIndex(bytes, `${where}: index`) };
  }
  const manifest = parseManifest(bytes, `${where}: manifest`);
  if (!CONFIG_TYPES.has(manifest.config.mediaType)) {
    throw new ImageError(`${where}: not a container image (config type ${manifest.config.mediaType || "missing"})`);
  }
  for (const d of [manifest.config, ...manifest.layers]) {
    if (!SHA256.test(d.digest)) throw new ImageError(`${where}: unsupported digest ${d.digest}`);
  }
  for (const layer of manifest.layers) {
    if (!LAYER_TYPE.test(layer.mediaType)) {
      throw new ImageError(`${where}: unsupported layer type ${layer.mediaType} (${layer.digest.slice(0, 19)})`);
    }
  }
  return { kind: "image", manifest };
}
