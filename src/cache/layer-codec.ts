import { seal, unseal } from "./sealed.js";
import type { EntryType } from "../tar/types.js";
import { makeEntry } from "../tar/plain-entry.js";
import type { LayerEntry } from "../tree/types.js";

/**
 * The binary form of one cached layer:
 *   magic "LSCL" · u32 format version · u32 payload length · 32-byte sha256 of the payload · payload
 * and the payload: digest string · u32 entry count · entries (with the captured package databases). Bump FORMAT_VERSION whenever the tar reader or the
 * entry fields change meaning, so that older entries are ignored instead of trusted.
 */
export const FORMAT_VERSION = 4;

const MAGIC = 0x4c53434c; // "LSCL"
const TYPES: EntryType[] = ["file", "dir", "symlink", "hardlink", "char", "block", "fifo"];
const HAS_HASH = 1;
const HAS_LINK = 2;
const HAS_XATTRS = 4;
const HAS_CONTENT = 8;
const OVER_CAP = 16;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

class Writer {
  private buffer = Buffer.allocUnsafe(1 << 16);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }

  u8(value: number): void {
    this.room(1);
    this.buffer[this.length++] = value;
  }

  /** A non-negative safe integer, 7 bits a byte. */
  uint(value: number): void {
    this.room(8);
    while (value >= 0x80) {
      this.buffer[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buffer[this.length++] = value;
  }

  f64(value: number): void {
    this.room(8);
    this.buffer.writeDoubleLE(value, this.length);
    this.length += 8;
  }

  string(value: string): void {
    const bytes = Buffer.byteLength(value);
    this.uint(bytes);
    this.room(bytes);
    this.length += this.buffer.write(value, this.length, "utf8");
  }

  bytes(value: Buffer): void {
    this.uint(value.length);
    this.room(value.length);
    this.length += value.copy(this.buffer, this.length);
  }

  hex(value: string): void {
    this.room(32);
    this.length += this.buffer.write(value, this.length, "hex");
  }

  finish(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

class CorruptEntry extends Error {}

class Reader {
  at = 0;
  constructor(private readonly buffer: Buffer) {}

  private need(n: number): void {
    if (this.at + n > this.buffer.length) throw new CorruptEntry("cut short");
  }

  u8(): number {
    this.need(1);
    return this.buffer[this.at++];
  }

  uint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new CorruptEntry("bad integer");
    }
    return value;
  }

  f64(): number {
    this.need(8);
    const value = this.buffer.readDoubleLE(this.at);
    this.at += 8;
    return value;
  }

  string(): string {
    const bytes = this.uint();
    this.need(bytes);
    const value = this.buffer.toString("utf8", this.at, this.at + bytes);
    this.at += bytes;
    return value;
  }

  bytes(): Buffer {
    const length = this.uint();
    this.need(length);
    const value = Buffer.from(this.buffer.subarray(this.at, this.at + length));
    this.at += length;
    return value;
  }

  hex(): string {
    this.need(32);
    const value = this.buffer.toString("hex", this.at, this.at + 32);
    this.at += 32;
    return value;
  }

  get done(): boolean {
    return this.at === this.buffer.length;
  }
}

/** Encodes a layer's entries (hashes included) under its digest. */
export function encodeLayer(digest: string, entries: LayerEntry[]): Buffer {
  const w = new Writer();
  w.string(digest);
  w.uint(entries.length);
  for (const e of entries) {
    const hash = e.hash !== undefined && HEX_SHA256.test(e.hash);
    const xattrs = e.xattrs !== undefined && HEX_SHA256.test(e.xattrs.hash) ? e.xattrs : undefined;
    w.u8(TYPES.indexOf(e.type));
    w.u8(
      (hash ? HAS_HASH : 0) |
        (e.linkname !== "" ? HAS_LINK : 0) |
        (xattrs ? HAS_XATTRS : 0) |
        (e.content ? HAS_CONTENT : 0) |
        (e.contentOverCap ? OVER_CAP : 0),
    );
    w.string(e.path);
    w.uint(e.mode);
    w.uint(e.uid);
    w.uint(e.gid);
    w.uint(e.size);
    w.f64(e.mtime);
    w.uint(e.devmajor);
    w.uint(e.devminor);
    w.uint(e.dataOffset);
    if (e.linkname !== "") w.string(e.linkname);
    if (xattrs) {
      w.uint(xattrs.count);
      w.uint(xattrs.bytes);
      w.hex(xattrs.hash);
    }
    if (hash) w.hex(e.hash!);
    if (e.content) w.bytes(e.content);
  }
  return Buffer.concat(seal(MAGIC, FORMAT_VERSION, [w.finish()]));
}

/**
 * Decodes a cached layer; undefined when the data is not a complete, intact entry of this format version for
 * exactly this digest (a partial write, a corrupt file, another version, a hash collision of file names).
 */
export function decodeLayer(digest: string, data: Buffer): LayerEntry[] | undefined {
  const payload = unseal(MAGIC, FORMAT_VERSION, data);
  if (payload === undefined) return undefined;
  try {
    return decodePayload(digest, new Reader(payload));
  } catch (error) {
    if (error instanceof CorruptEntry) return undefined;
    throw error;
  }
}

function decodePayload(digest: string, r: Reader): LayerEntry[] | undefined {
  if (r.string() !== digest) return undefined;
  const count = r.uint();
  const entries: LayerEntry[] = [];
  for (let i = 0; i < count; i++) {
    const type = TYPES[r.u8()];
    const flags = r.u8();
    if (type === undefined) throw new CorruptEntry("bad type");
    const path = r.string();
    const mode = r.uint();
    const uid = r.uint();
    const gid = r.uint();
    const size = r.uint();
    const mtime = r.f64();
    const devmajor = r.uint();
    const devminor = r.uint();
    const dataOffset = r.uint();
    const linkname = flags & HAS_LINK ? r.string() : "";
    // the same shape as the entry read from the tar (src/tar/plain-entry.ts)
    const entry: LayerEntry = makeEntry(path, type, mode, uid, gid, size, mtime, linkname, devmajor, devminor, dataOffset);
    if (flags & HAS_XATTRS) entry.xattrs = { count: r.uint(), bytes: r.uint(), hash: r.hex() };
    if (flags & HAS_HASH) entry.hash = r.hex();
    if (flags & HAS_CONTENT) entry.content = r.bytes();
    if (flags & OVER_CAP) entry.contentOverCap = true;
    entries.push(entry);
  }
  return r.done ? entries : undefined;
}
