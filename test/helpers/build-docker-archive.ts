import type { BuiltImageInfo, BuiltLayer, PreparedImage } from "./build-image.js";
import { hexOf, sha256, type ArchiveMember, type Compression } from "./build-tar.js";
import { ociImageBlobs, OCI_LAYOUT_FILE } from "./build-oci.js";

const OCI_LAYER_TYPES: Record<Compression, string> = {
  none: "application/vnd.oci.image.layer.v1.tar",
  gzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  zstd: "application/vnd.oci.image.layer.v1.tar+zstd",
};

/** Members of a `docker save` tar: legacy (`<id>/layer.tar`) or Docker 25+ (`blobs/sha256/…` + index.json). */
export function dockerArchiveMembers(
  images: PreparedImage[],
  compression: Compression,
  docker25: boolean,
): { members: ArchiveMember[]; images: BuiltImageInfo[] } {
  const members = new Map<string, ArchiveMember>();
  const add = (member: ArchiveMember) => members.set(member.name, member);
  const manifest: unknown[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  const indexEntries: unknown[] = [];
  const infos: BuiltImageInfo[] = [];

  for (const image of images) {
    const layers: BuiltLayer[] = [];
    let parent = "";
    const v1Ids: string[] = [];
    image.blobs.forEach((blob, i) => {
      const digest = sha256(blob);
      const mediaType = OCI_LAYER_TYPES[compression];
      if (docker25) {
        const member = `blobs/sha256/${hexOf(digest)}`;
        add({ name: member, content: blob });
        layers.push({ digest, diffId: image.diffIds[i], mediaType, member, size: blob.length });
        return;
      }
      const id = hexOf(sha256(`${parent} ${image.diffIds[i]} ${i}`));
      v1Ids.push(id);
      const member = `${id}/layer.tar`;
      const same = image.sameAs[i];
      if (same !== undefined) add({ name: member, symlinkTo: `../${v1Ids[same]}/layer.tar` });
      else add({ name: member, content: blob });
      add({ name: `${id}/VERSION`, content: Buffer.from("1.0") });
      add({ name: `${id}/json`, content: Buffer.from(JSON.stringify({ id, ...(parent ? { parent } : {}) })) });
      layers.push({ digest, diffId: image.diffIds[i], mediaType, member, size: blob.length });
      parent = id;
    });
    let configMember = `${hexOf(image.configDigest)}.json`;
    let manifestDigest = "";
    if (docker25) {
      const blobs = ociImageBlobs(image, layers, false);
      for (const blob of blobs.extra) add(blob);
      configMember = `blobs/sha256/${hexOf(image.configDigest)}`;
      manifestDigest = blobs.manifestDigest;
      const tags = image.spec.tags ?? [];
      for (const tag of tags.length > 0 ? tags : [undefined]) {
        indexEntries.push({
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: manifestDigest,
          size: blobs.manifestSize,
          ...(tag
            ? { annotations: { "io.containerd.image.name": `docker.io/library/${tag}`, "org.opencontainers.image.ref.name": tag.split(":").pop() } }
            : {}),
        });
      }
    }
    add({ name: configMember, content: image.config });
    manifest.push({ Config: configMember, RepoTags: image.spec.tags ?? null, Layers: layers.map((layer) => layer.member) });
    for (const tag of image.spec.tags ?? []) {
      const at = tag.lastIndexOf(":");
      (repositories[tag.slice(0, at)] ??= {})[tag.slice(at + 1)] = v1Ids[v1Ids.length - 1] ?? hexOf(layers[layers.length - 1]?.diffId ?? "");
    }
    infos.push({ configDigest: image.configDigest, manifestDigest, layers, config: JSON.parse(image.config.toString()) as Record<string, unknown> });
  }
  add({ name: "manifest.json", content: Buffer.from(JSON.stringify(manifest)) });
  add({ name: "repositories", content: Buffer.from(JSON.stringify(repositories)) });
  if (docker25) {
    add(OCI_LAYOUT_FILE);
    add({
      name: "index.json",
      content: Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: indexEntries })),
    });
  }
  return { members: [...members.values()], images: infos };
}
