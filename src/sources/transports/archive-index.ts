import { createReadStream } from "node:fs";
import { open as openFile, stat } from "node:fs/promises";
import { posix } from "node:path";
import { Readable } from "node:stream";
import { fileByteReader, streamByteReader, type ByteReader } from "../../tar/byte-reader.js";
import { readTar } from "../../tar/read-tar.js";
import type { EntryType } from "../../tar/types.js";
import { ArchiveCursors } from "./archive-cursors.js";
import { decodeLayerStream, sniffCompression, type Compression } from "../compression/decode.js";
import { ImageError } from "../../errors.js";

export interface ArchiveMember {
  name: string;
  type: EntryType;
  size: number;
  /** Offset of the content in the (uncompressed) outer tar */
  dataOffset: number;
  linkname: string;
}

const READ_BUFFER = 1024 * 1024;
/** Members buffered while indexing a compressed archive: the JSON documents, and small blobs (manifests). */
const SMALL_MEMBER = 1024 * 1024;
const SMALL_BLOB = 64 * 1024;
/** All members buffered while indexing, together: the documents of a real archive take a few MiB at most. */
export const MAX_METADATA_BYTES = 64 << 20;

function isMetadataName(name: string, size: number): boolean {
  if (size > SMALL_MEMBER) return false;
  if (name.endsWith(".json") || name.endsWith("/json") || name === "repositories" || name === "oci-layout") return true;
  return name.startsWith("blobs/") && size <= SMALL_BLOB;
}

/**
 * The member index of an outer tar (docker-archive, oci-archive), plain or compressed. A plain archive's members
 * are read in place; a compressed one through forward-only cursors (ArchiveCursors), inflated about once.
 */
export class ArchiveIndex {
  private readonly cursors: ArchiveCursors;

  private constructor(
    readonly path: string,
    readonly compression: Compression,
    private readonly members: Map<string, ArchiveMember>,
    private readonly cached: Map<string, Buffer>,
  ) {
    this.cursors = new ArchiveCursors(() => decodedArchive(path), path);
  }

  static async open(path: string): Promise<ArchiveIndex> {
    const size = (await stat(path)).size;
    const compression = sniffCompression(await readPrefix(path, 4));
    const members = new Map<string, ArchiveMember>();
    const cached = new Map<string, Buffer>();
    let cachedBytes = 0;
    const reader: ByteReader = compression === "none" ? await fileByteReader(path, 0, size) : streamByteReader(await decodedArchive(path));
    try {
      await readTar(reader, {
        onEntry(entry) {
          members.set(entry.path, { name: entry.path, type: entry.type, size: entry.size, dataOffset: entry.dataOffset, linkname: entry.linkname });
          return compression !== "none" && entry.type === "file" && isMetadataName(entry.path, entry.size) ? "buffer" : "skip";
        },
        onContent(entry, content) {
          if (!content.buffer) return;
          cachedBytes += content.buffer.length;
          if (cachedBytes > MAX_METADATA_BYTES) throw new ImageError(`${path}: more than ${MAX_METADATA_BYTES} bytes of JSON documents and small blobs`);
          cached.set(entry.path, content.buffer);
        },
      });
    } catch (err) {
      if (err instanceof ImageError) throw err;
      const message = (err as Error).message;
      if (/truncated/.test(message)) throw new ImageError(`${path}: truncated archive (${message})`);
      throw new ImageError(`${path}: not an image archive (${message})`);
    } finally {
      await reader.close();
    }
    return new ArchiveIndex(path, compression, members, cached);
  }

  names(): string[] {
    return [...this.members.keys()];
  }

  has(name: string): boolean {
    return this.members.has(clean(name));
  }

  /** The member itself, without following links. */
  member(name: string): ArchiveMember | undefined {
    return this.members.get(clean(name));
  }

  /** The regular-file member that `name` ends up at, following symlinks and hardlinks inside the archive. */
  resolve(name: string): ArchiveMember | undefined {
    let current = this.members.get(clean(name));
    for (let hops = 0; current && current.type !== "file" && hops < 16; hops++) {
      if (current.type === "symlink") {
        const target = current.linkname.startsWith("/") ? current.linkname : posix.join(posix.dirname(current.name), current.linkname);
        current = this.members.get(clean(target));
      } else if (current.type === "hardlink") {
        current = this.members.get(clean(current.linkname));
      } else {
        return undefined;
      }
    }
    return current?.type === "file" ? current : undefined;
  }

  /** The whole content of a small member (JSON documents). */
  async readSmall(name: string): Promise<Buffer> {
    const member = this.resolve(name);
    if (!member) throw new ImageError(`${this.path}: no ${name} in the archive`);
    const hit = this.cached.get(member.name);
    if (hit) return hit;
    if (member.size > 64 * SMALL_MEMBER) throw new ImageError(`${this.path}: ${name} is too large (${member.size} bytes)`);
    // in place: a read stream would buffer a MiB and load Node's file streams for a document of a few KiB
    if (this.compression === "none") return readRange(this.path, member.dataOffset, member.size);
    const chunks: Buffer[] = [];
    for await (const chunk of this.openRaw(member)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** The raw bytes of a member as a stream. */
  openRaw(member: ArchiveMember): Readable {
    if (member.size === 0) return Readable.from([], { objectMode: false });
    if (this.compression === "none") {
      return createReadStream(this.path, {
        start: member.dataOffset,
        end: member.dataOffset + member.size - 1,
        highWaterMark: READ_BUFFER,
      });
    }
    return Readable.from(this.cursors.range(member.dataOffset, member.size), { objectMode: false, highWaterMark: READ_BUFFER });
  }

  /** Ends the decompressing cursors of a compressed archive. */
  close(): void {
    this.cursors.close();
  }

  /** Whether a member's content starts with gzip/zstd magic. */
  async memberCompression(member: ArchiveMember): Promise<Compression> {
    if (this.compression !== "none") return "none"; // unknown without decompressing; callers stream anyway
    const handle = await openFile(this.path, "r");
    try {
      const head = Buffer.alloc(Math.min(4, member.size));
      await handle.read(head, 0, head.length, member.dataOffset);
      return sniffCompression(head);
    } finally {
      await handle.close();
    }
  }
}

function clean(name: string): string {
  return posix
    .normalize(name)
    .replace(/^(\.\/|\/)+/, "")
    .replace(/\/$/, "");
}

async function readPrefix(path: string, n: number): Promise<Buffer> {
  return readRange(path, 0, n);
}

/** `length` bytes of a file from `offset`, or fewer where the file ends. */
async function readRange(path: string, offset: number, length: number): Promise<Buffer> {
  const handle = await openFile(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buffer.subarray(0, done);
  } finally {
    await handle.close();
  }
}

function decodedArchive(path: string): Promise<Readable> {
  return decodeLayerStream(createReadStream(path, { highWaterMark: READ_BUFFER }), { label: `archive ${path}` });
}
