import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BuiltImage, ImageFormat, PreparedImage } from "../helpers/build-image.js";
import { dockerArchiveMembers } from "../helpers/build-docker-archive.js";
import { ociLayoutFiles } from "../helpers/build-oci.js";
import { buildArchiveTar, compress, sha256, type ArchiveMember, type Compression } from "../helpers/build-tar.js";

export interface RawImageOptions {
  format: ImageFormat;
  /** default none */
  compression?: Compression;
  dir?: string;
}

/** An image whose layers are the given tar bytes, exactly as given (broken or not), in the chosen layout. */
export async function writeRawImage(layerTars: Buffer[], options: RawImageOptions): Promise<BuiltImage> {
  const compression = options.compression ?? "none";
  const diffIds = layerTars.map((tar) => sha256(tar));
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      rootfs: { type: "layers", diff_ids: diffIds },
      history: layerTars.map((_, i) => ({ created_by: `layer ${i}` })),
    }),
  );
  const prepared: PreparedImage = {
    spec: { layers: [], tags: ["robust:1"] },
    layerTars,
    blobs: layerTars.map((tar) => compress(tar, compression)),
    diffIds,
    config,
    configDigest: sha256(config),
    sameAs: layerTars.map(() => undefined),
  };
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "layerscope-robust-"));
  if (options.format === "oci-layout") {
    const { files, images } = ociLayoutFiles([prepared], compression, {});
    const path = join(dir, "layout");
    writeMembers(path, files);
    return { path, images };
  }
  const path = join(dir, "image.tar");
  const { members, images } =
    options.format === "oci-archive"
      ? (() => {
          const { files, images } = ociLayoutFiles([prepared], compression, {});
          return { members: files, images };
        })()
      : dockerArchiveMembers([prepared], compression, options.format === "docker-archive-25");
  writeFileSync(path, await buildArchiveTar(members));
  return { path, images };
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
