import type { BigIntStats } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import type { ArchiveIndex, ArchiveMember } from "../transports/archive-index.js";
import { checkDigestSyntax, digestHasher, verifyDigest } from "./digest.js";
import { sniffCompression, sniffStream, type Compression } from "../compression/decode.js";
import { LayoutFiles } from "./layout-file.js";
import { RECENT_IDENTITY } from "../types.js";
import { ImageError } from "../../errors.js";

/** index.json lists images by descriptor: a few KiB in practice. */
const MAX_INDEX_JSON = 4 << 20;
/** A manifest, index or config whose descriptor declares no size. */
export const MAX_DOCUMENT = 16 << 20;
const READ_CHUNK = 1024 * 1024;

/** Content-addressed blobs of an OCI image layout, in a directory or inside an archive. */
export interface BlobStore {
  /** Names the layout in messages */
  readonly where: string;
  readIndexJson(): Promise<Buffer>;
  hasBlob(digest: string): Promise<boolean>;
  /** A small blob (manifest, index, config), digest-checked, read only up to the size its descriptor declares */
  readBlob(digest: string, size?: number): Promise<Buffer>;
  /** A blob's raw bytes as a stream (not checked here); a declared size must be the blob's size */
  openBlob(digest: string, size?: number): Readable;
  /** The compression a blob's first bytes show, read without streaming it (a run served by the layer cache) */
  sniffBlob?(digest: string): Promise<Compression>;
  /** The identity of the local file that holds a blob (see LayerBlob.fileIdentity); undefined when it has none */
  blobIdentity?(digest: string): Promise<string | undefined>;
  /** The blob's digest as computed from its stored bytes (`algorithm:hex`, the algorithm of `digest`) */
  hashBlob?(digest: string, size?: number): Promise<string>;
  /** Where an uncompressed blob lies in a local file, for positional reads; undefined when it is compressed */
  blobRegion?(digest: string): Promise<BlobRegion | undefined>;
}

/** A blob's bytes at [offset, offset + length) of a local file. */
interface BlobRegion {
  path: string;
  offset: number;
  length: number;
}

function blobPath(digest: string): string {
  const algorithm = checkDigestSyntax(digest, "blob");
  return `blobs/${algorithm}/${digest.slice(algorithm.length + 1)}`;
}

export function documentLimit(size: number | undefined): number {
  return size !== undefined && size >= 0 ? Math.min(size, MAX_DOCUMENT * 4) : MAX_DOCUMENT;
}

export function sizeError(where: string, digest: string, actual: number, declared: number): ImageError {
  return new ImageError(`${where}: blob ${digest} is ${actual} bytes, its descriptor says ${declared}`);
}

export function directoryBlobStore(dir: string): BlobStore {
  const files = new LayoutFiles(dir);
  return {
    where: dir,
    readIndexJson() {
      return files.read("index.json", "index.json", MAX_INDEX_JSON, `${dir}: OCI layout without index.json`);
    },
    async hasBlob(digest) {
      const file = await files.open(blobPath(digest), `blob ${digest}`);
      await file?.handle.close();
      return file !== undefined;
    },
    async readBlob(digest, size) {
      const data = await files.read(blobPath(digest), `blob ${digest}`, documentLimit(size), `${dir}: missing blob ${digest}`);
      if (size !== undefined && data.length !== size) throw sizeError(dir, digest, data.length, size);
      return verifyDigest(data, digest, dir);
    },
    openBlob(digest, size) {
      return readLayoutBlob(files, blobPath(digest), digest, size);
    },
    sniffBlob(digest) {
      return sniffLayoutBlob(files, blobPath(digest), digest);
    },
    blobIdentity(digest) {
      return layoutBlobIdentity(files, blobPath(digest));
    },
    hashBlob(digest, size) {
      return hashLayoutBlob(files, blobPath(digest), digest, size);
    },
    async blobRegion(digest) {
      if ((await sniffLayoutBlob(files, blobPath(digest), digest)) !== "none") return undefined;
      const path = await files.realPath(blobPath(digest), `blob ${digest}`);
      const size = path === undefined ? undefined : (await stat(path)).size;
      return path === undefined || size === undefined ? undefined : { path, offset: 0, length: size };
    },
  };
}

/** Hashes a blob file of a layout with the algorithm of its digest: positional reads into one buffer, no stream. */
export async function hashLayoutBlob(files: LayoutFiles, relative: string, digest: string, declared: number | undefined): Promise<string> {
  const file = await files.open(relative, `blob ${digest}`);
  if (!file) throw Object.assign(new Error(`missing blob ${digest}`), { code: "ENOENT" });
  try {
    if (declared !== undefined && file.size !== declared) throw sizeError(files.dir, digest, file.size, declared);
    const hash = digestHasher(digest, `blob ${digest}`);
    const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK * 4, Math.max(file.size, 1)));
    for (let position = 0; position < file.size; ) {
      const { bytesRead } = await file.handle.read(buffer, 0, Math.min(buffer.length, file.size - position), position);
      if (bytesRead === 0) throw new ImageError(`${files.dir}: blob ${digest} shrank while it was read`);
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
    return hash.actual();
  } finally {
    await file.handle.close();
  }
}

/**
 * `dev:ino:size:mtime_ns:ctime_ns` of a file of a layout. A missing file gets an identity never remembered, so that
 * its check (which names it missing) runs before any cached entries are used.
 */
export async function layoutBlobIdentity(files: LayoutFiles, relative: string): Promise<string> {
  const file = await files.open(relative, relative);
  if (!file) return "missing" + RECENT_IDENTITY;
  try {
    return fileIdentityOf(await file.handle.stat({ bigint: true }));
  } finally {
    await file.handle.close();
  }
}

/** The identity of a member of an archive file: the file's, and the member's place in it. */
export async function archiveMemberIdentity(archive: ArchiveIndex, member: ArchiveMember): Promise<string> {
  return `${fileIdentityOf(await stat(archive.path, { bigint: true }))}@${member.dataOffset}+${member.size}`;
}

const SETTLED_NS = 2_000_000_000n;

function fileIdentityOf(stats: BigIntStats): string {
  const identity = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
  const now = BigInt(Date.now()) * 1_000_000n;
  return now - stats.ctimeNs < SETTLED_NS || now - stats.mtimeNs < SETTLED_NS ? identity + RECENT_IDENTITY : identity;
}

/** The compression of a blob stored as the file `relative` of a layout, from its first 4 bytes. */
export async function sniffLayoutBlob(files: LayoutFiles, relative: string, digest: string): Promise<Compression> {
  const file = await files.open(relative, `blob ${digest}`);
  if (!file) throw Object.assign(new Error(`missing blob ${digest}`), { code: "ENOENT" });
  try {
    const head = Buffer.alloc(Math.min(4, file.size));
    const { bytesRead } = await file.handle.read(head, 0, head.length, 0);
    return sniffCompression(head.subarray(0, bytesRead));
  } finally {
    await file.handle.close();
  }
}

/** A blob stored as the file `relative` of a layout, streamed; a declared size must be its size. */
export function readLayoutBlob(files: LayoutFiles, relative: string, digest: string, size: number | undefined): Readable {
  return Readable.from(blobChunks(files, relative, digest, size), { objectMode: false, highWaterMark: READ_CHUNK });
}

async function* blobChunks(files: LayoutFiles, relative: string, digest: string, declared: number | undefined): AsyncGenerator<Buffer> {
  const file = await files.open(relative, `blob ${digest}`);
  if (!file) throw Object.assign(new Error(`missing blob ${digest}`), { code: "ENOENT" });
  try {
    if (declared !== undefined && file.size !== declared) throw sizeError(files.dir, digest, file.size, declared);
    for (let position = 0; position < file.size; ) {
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, file.size - position));
      const { bytesRead } = await file.handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) throw new ImageError(`${files.dir}: blob ${digest} shrank while it was read`);
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.handle.close();
  }
}

export function archiveBlobStore(archive: ArchiveIndex): BlobStore {
  return {
    where: archive.path,
    async readIndexJson() {
      const member = archive.resolve("index.json");
      if (!member) throw new ImageError(`${archive.path}: OCI archive without index.json`);
      if (member.size > MAX_INDEX_JSON) throw new ImageError(`${archive.path}: index.json is larger than ${MAX_INDEX_JSON} bytes`);
      return archive.readSmall("index.json");
    },
    async hasBlob(digest) {
      return archive.resolve(blobPath(digest)) !== undefined;
    },
    async readBlob(digest, size) {
      const member = archive.resolve(blobPath(digest));
      if (!member) throw new ImageError(`${archive.path}: missing blob ${digest}`);
      if (size !== undefined && member.size !== size) throw sizeError(archive.path, digest, member.size, size);
      if (member.size > documentLimit(size)) throw new ImageError(`${archive.path}: blob ${digest} is larger than ${documentLimit(size)} bytes`);
      return verifyDigest(await archive.readSmall(blobPath(digest)), digest, archive.path);
    },
    openBlob(digest, size) {
      const member = archive.resolve(blobPath(digest));
      if (!member) throw new ImageError(`${archive.path}: missing blob ${digest}`);
      if (size !== undefined && member.size !== size) throw sizeError(archive.path, digest, member.size, size);
      return archive.openRaw(member);
    },
    async sniffBlob(digest) {
      const member = archive.resolve(blobPath(digest));
      if (!member) throw new ImageError(`${archive.path}: missing blob ${digest}`);
      return archive.compression === "none" ? archive.memberCompression(member) : sniffStream(archive.openRaw(member));
    },
    async blobIdentity(digest) {
      const member = archive.resolve(blobPath(digest));
      if (!member) return "missing" + RECENT_IDENTITY;
      return archiveMemberIdentity(archive, member);
    },
    async blobRegion(digest) {
      const member = archive.resolve(blobPath(digest));
      if (!member || archive.compression !== "none" || (await archive.memberCompression(member)) !== "none") return undefined;
      return { path: archive.path, offset: member.dataOffset, length: member.size };
    },
  };
}
