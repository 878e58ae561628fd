import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { ArchiveIndex } from "./archive-index.js";
import { ImageError } from "./types.js";

/** Content-addressed blobs of an OCI image layout, in a directory or inside an archive. */
export interface BlobStore {
  /** Names the layout in messages */
  readonly where: string;
  readIndexJson(): Promise<Buffer>;
  hasBlob(digest: string): Promise<boolean>;
  /** A small blob (manifest, index, config), digest-checked */
  readBlob(digest: string): Promise<Buffer>;
  /** A blob's raw bytes as a stream (not checked here) */
  openBlob(digest: string): Readable;
}

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function blobPath(digest: string): string {
  if (!DIGEST.test(digest)) throw new ImageError(`invalid digest "${digest}"`);
  const [algorithm, hex] = digest.split(":");
  return `blobs/${algorithm}/${hex}`;
}

function checkDigest(data: Buffer, digest: string, where: string): Buffer {
  const [algorithm] = digest.split(":");
  if (algorithm !== "sha256" && algorithm !== "sha512") return data;
  const actual = `${algorithm}:${createHash(algorithm).update(data).digest("hex")}`;
  if (actual !== digest) throw new ImageError(`${where}: blob ${digest} does not match its digest (got ${actual})`);
  return data;
}

export function directoryBlobStore(dir: string): BlobStore {
  return {
    where: dir,
    async readIndexJson() {
      try {
        return await readFile(join(dir, "index.json"));
      } catch {
        throw new ImageError(`${dir}: OCI layout without index.json`);
      }
    },
    async hasBlob(digest) {
      return stat(join(dir, blobPath(digest))).then((s) => s.isFile(), () => false);
    },
    async readBlob(digest) {
      let data: Buffer;
      try {
        data = await readFile(join(dir, blobPath(digest)));
      } catch {
        throw new ImageError(`${dir}: missing blob ${digest}`);
      }
      return checkDigest(data, digest, dir);
    },
    openBlob(digest) {
      return createReadStream(join(dir, blobPath(digest)), { highWaterMark: 1024 * 1024 });
    },
  };
}

export function archiveBlobStore(archive: ArchiveIndex): BlobStore {
  return {
    where: archive.path,
    async readIndexJson() {
      if (!archive.resolve("index.json")) throw new ImageError(`${archive.path}: OCI archive without index.json`);
      return archive.readSmall("index.json");
    },
    async hasBlob(digest) {
      return archive.resolve(blobPath(digest)) !== undefined;
    },
    async readBlob(digest) {
      if (!archive.resolve(blobPath(digest))) throw new ImageError(`${archive.path}: missing blob ${digest}`);
      return checkDigest(await archive.readSmall(blobPath(digest)), digest, archive.path);
    },
    openBlob(digest) {
      const member = archive.resolve(blobPath(digest));
      if (!member) throw new ImageError(`${archive.path}: missing blob ${digest}`);
      return archive.openRaw(member);
    },
  };
}
