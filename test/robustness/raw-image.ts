import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BuiltImage, BuiltImageInfo, ImageFormat, PreparedImage } from "../helpers/build-image.js";
import { dockerArchiveMembers } from "../helpers/build-docker-archive.js";
import { ociLayoutFiles } from "../helpers/build-oci.js";
import { buildArchiveTar, compress, sha256, type ArchiveMember, type Compression } from "../helpers/build-tar.js";

export interface RawImageOptions {
  format: ImageFormat;
  /** How the layer tars are compressed into blobs (default none) */
  compression?: Compression;
  /** The given buffers are the blobs already (e.g. corrupt gzip), stored as they are under `compression`'s type */
  asBlobs?: boolean;
  dir?: string;
}

/** An image whose layers are the given tar bytes, exactly as given (broken or not), in the chosen layout. */
export async function writeRawImage(layers: Buffer[], options: RawImageOptions): Promise<BuiltImage> {
  const { members, images } = rawImageMembers(layers, options);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "layerscope-robust-"));
  if (options.format === "oci-layout") {
    const path = join(dir, "layout");
    writeMembers(path, members);
    return { path, images };
  }
  const path = join(dir, "image.tar");
  writeFileSync(path, await buildArchiveTar(members));
  return { path, images };
}

/** The outer tar of a docker or OCI archive holding the given layers. */
export async function rawImageArchive(layers: Buffer[], options: RawImageOptions): Promise<Buffer> {
  return buildArchiveTar(rawImageMembers(layers, options).members);
}

function rawImageMembers(layers: Buffer[], options: RawImageOptions): { members: ArchiveMember[]; images: BuiltImageInfo[] } {
  const compression = options.compression ?? "none";
  const diffIds = layers.map((tar) => sha256(tar));
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      rootfs: { type: "layers", diff_ids: diffIds },
      history: layers.map((_, i) => ({ created_by: `layer ${i}` })),
    }),
  );
  const prepared: PreparedImage = {
    spec: { layers: [], tags: ["robust:1"] },
    layerTars: layers,
    blobs: options.asBlobs ? layers : layers.map((tar) => compress(tar, compression)),
    diffIds,
    config,
    configDigest: sha256(config),
    sameAs: layers.map(() => undefined),
  };
  if (options.format === "oci-layout" || options.format === "oci-archive") {
    const { files, images } = ociLayoutFiles([prepared], compression, {});
    return { members: files, images };
  }
  return dockerArchiveMembers([prepared], compression, options.format === "docker-archive-25");
}

/** Writes archive members as files under `dir` (an OCI layout directory). */
export function writeMembers(dir: string, members: ArchiveMember[]): void {
  for (const member of members) {
    mkdirSync(join(dir, member.name, ".."), { recursive: true });
    writeFileSync(join(dir, member.name), member.content ?? Buffer.alloc(0));
  }
}

/** A docker archive (outer tar) of the given members, e.g. a hand-written manifest.json. */
export async function writeArchive(members: ArchiveMember[], dir = mkdtempSync(join(tmpdir(), "layerscope-robust-"))): Promise<string> {
  const path = join(dir, "image.tar");
  writeFileSync(path, await buildArchiveTar(members));
  return path;
}
