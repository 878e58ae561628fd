import { posix } from "node:path";
import { Readable } from "node:stream";
import { streamByteReader, type ByteReader } from "../../tar/byte-reader.js";
import { BLOCK, isZeroBlock, parseHeader } from "../../tar/header.js";
import { parsePax, type PaxRecords } from "../../tar/pax.js";
import { cleanPath } from "../../tar/path.js";
import { readTar } from "../../tar/read-tar.js";
import type { EntryType } from "../../tar/types.js";
import { ImageError } from "../../errors.js";

/** Opens the archive stream from its start, once more (a daemon exports the image again for each call). */
export type ArchiveOpener = () => Promise<Readable>;

export interface StreamMember {
  /** Position among the archive's entries, 0 first */
  ordinal: number;
  type: EntryType;
  size: number;
  linkname: string;
}

const SMALL_MEMBER = 1 << 20;
const SMALL_BLOB = 64 << 10;
const CHUNK = 1 << 20;

function isMetadata(name: string, size: number): boolean {
  if (size > SMALL_MEMBER) return false;
  return name.endsWith(".json") || name.endsWith("/json") || name === "repositories" || (name.startsWith("blobs/") && size <= SMALL_BLOB);
}

/** A tar read at a position, plus the ordinal of the last entry whose header it has passed. */
interface Cursor {
  reader: ByteReader;
  ordinal: number;
}

/**
 * A docker-save tar that can only be streamed, from the start, as often as needed: one pass indexes it (member
 * names, order, small JSON documents); each member opened later streams from a fresh pass, or from where an
 * idle earlier pass stopped when the member comes after it (layers stored in order cost one pass in all).
 */
export class StreamedArchive {
  private idle?: Cursor;

  private constructor(
    private readonly open: ArchiveOpener,
    readonly where: string,
    private readonly members: Map<string, StreamMember>,
    private readonly small: Map<string, Buffer>,
  ) {}

  static async index(open: ArchiveOpener, where: string): Promise<StreamedArchive> {
    const members = new Map<string, StreamMember>();
    const small = new Map<string, Buffer>();
    const reader = streamByteReader(await open());
    try {
      await readTar(reader, {
        onEntry(entry) {
          members.set(entry.path, { ordinal: members.size, type: entry.type, size: entry.size, linkname: entry.linkname });
          return entry.type === "file" && isMetadata(entry.path, entry.size) ? "buffer" : "skip";
        },
        onContent(entry, content) {
          if (content.buffer) small.set(entry.path, content.buffer);
        },
      });
    } catch (err) {
      if (err instanceof ImageError) throw err;
      throw new ImageError(`${where}: not a docker-save archive (${(err as Error).message.split("\n")[0]})`);
    } finally {
      await reader.close();
    }
    return new StreamedArchive(open, where, members, small);
  }

  /** The regular-file member a name ends up at, following symlinks and hardlinks inside the archive. */
  resolve(name: string): string | undefined {
    let current = cleanPath(name);
    for (let hops = 0; hops < 16; hops++) {
      const member = this.members.get(current);
      if (!member) return undefined;
      if (member.type === "file") return current;
      if (member.type === "symlink") current = cleanPath(posix.join(posix.dirname(current), member.linkname));
      else if (member.type === "hardlink") current = member.linkname;
      else return undefined;
    }
    return undefined;
  }

  /** The member itself, without following links */
  typeOf(name: string): EntryType | undefined {
    return this.members.get(cleanPath(name))?.type;
  }

  size(name: string): number | undefined {
    const resolved = this.resolve(name);
    return resolved === undefined ? undefined : this.members.get(resolved)?.size;
  }

  /** A small member's content, from the index pass. */
  readSmall(name: string): Buffer {
    const resolved = this.resolve(name);
    const data = resolved === undefined ? undefined : this.small.get(resolved);
    if (!data) throw new ImageError(`${this.where}: no ${name} in the exported archive`);
    return data;
  }

  /** The content of a member, streamed from the daemon's export. */
  async openMember(name: string): Promise<Readable> {
    const resolved = this.resolve(name);
    const member = resolved === undefined ? undefined : this.members.get(resolved);
    if (!resolved || !member) throw new ImageError(`${this.where}: no ${name} in the exported archive`);
    let cursor = this.idle;
    this.idle = undefined;
    if (!cursor || cursor.ordinal >= member.ordinal) {
      await cursor?.reader.close();
      cursor = { reader: streamByteReader(await this.open()), ordinal: -1 };
    }
    const found = await seekMember(cursor, resolved);
    if (found === undefined) {
      await cursor.reader.close();
      throw new ImageError(`${this.where}: ${name} missing from the export (the image changed while it was read?)`);
    }
    return this.memberStream(cursor, found);
  }

  private memberStream(cursor: Cursor, size: number): Readable {
    let left = size;
    const done = async () => {
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      await cursor.reader.consume(padding);
      if (this.idle) await this.idle.reader.close();
      this.idle = cursor;
    };
    const where = this.where;
    return new Readable({
      highWaterMark: CHUNK,
      async read() {
        try {
          if (left === 0) {
            await done();
            this.push(null);
            return;
          }
          const chunk = await cursor.reader.read(Math.min(left, CHUNK));
          if (chunk.length === 0) throw new ImageError(`${where}: the export ended early`);
          left -= chunk.length;
          this.push(Buffer.from(chunk));
        } catch (err) {
          this.destroy(err as Error);
        }
      },
      destroy(err, callback) {
        if (left > 0) void cursor.reader.close();
        callback(err);
      },
    });
  }

  async close(): Promise<void> {
    await this.idle?.reader.close();
    this.idle = undefined;
  }
}

/** Walks headers from the cursor to the entry called `name`; its size, with the reader at its content. */
async function seekMember(cursor: Cursor, name: string): Promise<number | undefined> {
  const { reader } = cursor;
  let local: PaxRecords = {};
  let global: PaxRecords = {};
  let longName: string | undefined;
  for (;;) {
    const offset = reader.position;
    const block = Buffer.from(await reader.read(BLOCK));
    if (block.length < BLOCK || isZeroBlock(block)) return undefined;
    const raw = parseHeader(block, offset);
    const records = { ...global, ...local };
    const size = records.size !== undefined && raw.typeflag !== "x" && raw.typeflag !== "g" ? Number(records.size) : raw.size;
    const hasData = !"123456".includes(raw.typeflag);
    const padded = hasData ? size + ((BLOCK - (size % BLOCK)) % BLOCK) : 0;
    if (raw.typeflag === "x" || raw.typeflag === "g" || raw.typeflag === "L" || raw.typeflag === "K") {
      const data = Buffer.from(await reader.read(raw.size));
      await reader.consume((BLOCK - (raw.size % BLOCK)) % BLOCK);
      if (raw.typeflag === "x") local = { ...local, ...parsePax(data, offset) };
      else if (raw.typeflag === "g") global = { ...global, ...parsePax(data, offset) };
      else if (raw.typeflag === "L") longName = data.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    const path = cleanPath(longName ?? records.path ?? raw.name);
    local = {};
    longName = undefined;
    cursor.ordinal++;
    if (path === name) return size;
    await reader.consume(padded);
  }
}
