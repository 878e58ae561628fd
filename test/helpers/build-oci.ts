import type { BuildOptions, BuiltImageInfo, BuiltLayer, PreparedImage } from "./build-image.js";
import { hexOf, sha256, type ArchiveMember, type Compression } from "./build-tar.js";

/** `flat`: every manifest listed in index.json; `nested`: index.json → one nested index → the manifests */
export type OciIndexStyle = "flat" | "nested";

export const OCI_LAYOUT_FILE: ArchiveMember = { name: "oci-layout", content: Buffer.from('{"imageLayoutVersion":"1.0.0"}') };

const LAYER_TYPES: Record<"oci" | "docker", Record<Compression, string>> = {
  oci: {
    none: "application/vnd.oci.image.layer.v1.tar",
    gzip: "application/vnd.oci.image.layer.v1.tar+gzip",
    zstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  },
  docker: {
    none: "application/vnd.docker.image.rootfs.diff.tar",
    gzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
    zstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  },
};

const TYPES = {
  oci: {
    manifest: "application/vnd.oci.image.manifest.v1+json",
    config: "application/vnd.oci.image.config.v1+json",
    index: "application/vnd.oci.image.index.v1+json",
  },
  docker: {
    manifest: "application/vnd.docker.distribution.manifest.v2+json",
    config: "application/vnd.docker.container.image.v1+json",
    index: "application/vnd.docker.distribution.manifest.list.v2+json",
  },
};

function blob(content: Buffer): ArchiveMember & { digest: string } {
  const digest = sha256(content);
  return { name: `blobs/sha256/${hexOf(digest)}`, content, digest };
}

/** The manifest blob of one image (layers and config are written by the caller). */
export function ociImageBlobs(image: PreparedImage, layers: BuiltLayer[], docker: boolean) {
  const types = docker ? TYPES.docker : TYPES.oci;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: types.manifest,
      config: { mediaType: types.config, digest: image.configDigest, size: image.config.length },
      layers: layers.map((layer) => ({ mediaType: layer.mediaType, digest: layer.digest, size: layer.size })),
    }),
  );
  const manifestBlob = blob(manifest);
  return { extra: [manifestBlob], manifestDigest: manifestBlob.digest, manifestSize: manifest.length };
}

function platformOf(image: PreparedImage) {
  const [os, architecture, variant] = (image.spec.platform ?? "linux/amd64").split("/");
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/** Files of an OCI image layout (relative names), for a dir or an oci-archive. */
export function ociLayoutFiles(
  images: PreparedImage[],
  compression: Compression,
  options: Pick<BuildOptions, "dockerMediaTypes" | "index">,
): { files: ArchiveMember[]; images: BuiltImageInfo[] } {
  const docker = options.dockerMediaTypes === true;
  const types = docker ? TYPES.docker : TYPES.oci;
  const files = new Map<string, ArchiveMember>([[OCI_LAYOUT_FILE.name, OCI_LAYOUT_FILE]]);
  const add = (member: ArchiveMember) => files.set(member.name, member);
  const infos: BuiltImageInfo[] = [];
  const descriptors: Array<{ descriptor: Record<string, unknown>; tags: string[] }> = [];

  for (const image of images) {
    const layers = image.blobs.map((content, i): BuiltLayer => {
      const layerBlob = blob(content);
      add(layerBlob);
      const mediaType = LAYER_TYPES[docker ? "docker" : "oci"][compression];
      return { digest: layerBlob.digest, diffId: image.diffIds[i], mediaType, member: layerBlob.name, size: content.length };
    });
    add({ name: `blobs/sha256/${hexOf(image.configDigest)}`, content: image.config });
    const { extra, manifestDigest, manifestSize } = ociImageBlobs(image, layers, docker);
    extra.forEach(add);
    infos.push({ configDigest: image.configDigest, manifestDigest, layers, config: JSON.parse(image.config.toString()) as Record<string, unknown> });
    descriptors.push({
      descriptor: { mediaType: types.manifest, digest: manifestDigest, size: manifestSize, platform: platformOf(image) },
      tags: (image.spec.tags ?? []).map((tag) => tag.slice(tag.lastIndexOf(":") + 1)),
    });
  }

  const refAnnotation = (tag: string) => ({ annotations: { "org.opencontainers.image.ref.name": tag } });
  let top: Array<Record<string, unknown>>;
  if (options.index === "nested") {
    const nested = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: types.index, manifests: descriptors.map((d) => d.descriptor) }));
    const nestedBlob = blob(nested);
    add(nestedBlob);
    const tag = descriptors.find((d) => d.tags.length > 0)?.tags[0];
    top = [{ mediaType: types.index, digest: nestedBlob.digest, size: nested.length, ...(tag ? refAnnotation(tag) : {}) }];
  } else {
    top = descriptors.flatMap(({ descriptor, tags }) => (tags.length === 0 ? [descriptor] : tags.map((tag) => ({ ...descriptor, ...refAnnotation(tag) }))));
  }
  add({ name: "index.json", content: Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: TYPES.oci.index, manifests: top })) });
  return { files: [...files.values()], images: infos };
}
