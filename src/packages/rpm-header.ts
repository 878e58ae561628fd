import { PackageDbError } from "./control.js";

/** The header tags the rpm reader needs (rpmtag.h). */
export const TAG = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  arch: 1022,
  fileSizes: 1028,
  provideName: 1047,
  requireName: 1049,
  dirIndexes: 1116,
  baseNames: 1117,
  dirNames: 1118,
  longFileSizes: 5008,
  recommendName: 5046,
} as const;

const TYPE = { int8: 2, int16: 3, int32: 4, int64: 5, string: 6, bin: 7, stringArray: 8, i18nString: 9 } as const;
const INDEX_ENTRY = 16;
/** Far more than any real header (a kernel package's is a few MB): a bound for the counts a crafted one claims */
const MAX_ENTRIES = 65536;

interface Entry {
  type: number;
  offset: number;
  count: number;
}

/**
 * One package's header as rpm stores it in its database (the `Packages` table's blob: no lead, no magic): index
 * count and data length (big-endian int32), the index entries (tag, type, offset, count), then the data. Every
 * offset and count is checked against the blob: a corrupt header is a PackageDbError, never a read out of bounds.
 */
export class RpmHeader {
  private readonly entries = new Map<number, Entry>();
  private readonly data: Buffer;

  constructor(blob: Buffer, what: string) {
    if (blob.length < 8) throw new PackageDbError(`${what}: header shorter than 8 bytes`);
    const count = blob.readUInt32BE(0);
    const dataLength = blob.readUInt32BE(4);
    const dataStart = 8 + count * INDEX_ENTRY;
    if (count > MAX_ENTRIES || dataStart + dataLength > blob.length) throw new PackageDbError(`${what}: header sizes exceed its ${blob.length} bytes`);
    this.data = blob.subarray(dataStart, dataStart + dataLength);
    for (let i = 0; i < count; i++) {
      const at = 8 + i * INDEX_ENTRY;
      const entry = { type: blob.readUInt32BE(at + 4), offset: blob.readInt32BE(at + 8), count: blob.readUInt32BE(at + 12) };
      if (entry.offset < 0 || entry.offset > dataLength || entry.count > dataLength) throw new PackageDbError(`${what}: header entry ${i} points outside its data`);
      this.entries.set(blob.readUInt32BE(at), entry);
    }
  }

  string(tag: number): string | undefined {
    const entry = this.entries.get(tag);
    if (!entry) return undefined;
    if (entry.type !== TYPE.string && entry.type !== TYPE.i18nString && entry.type !== TYPE.stringArray) return undefined;
    return this.strings(entry, 1)[0];
  }

  stringArray(tag: number): string[] {
    const entry = this.entries.get(tag);
    if (!entry || (entry.type !== TYPE.stringArray && entry.type !== TYPE.string && entry.type !== TYPE.i18nString)) return [];
    return this.strings(entry, entry.type === TYPE.string ? 1 : entry.count);
  }

  numbers(tag: number): number[] {
    const entry = this.entries.get(tag);
    if (!entry) return [];
    const size = entry.type === TYPE.int64 ? 8 : entry.type === TYPE.int32 ? 4 : entry.type === TYPE.int16 ? 2 : entry.type === TYPE.int8 ? 1 : 0;
    if (size === 0 || entry.offset + entry.count * size > this.data.length) return [];
    const out: number[] = [];
    for (let i = 0; i < entry.count; i++) {
      const at = entry.offset + i * size;
      out.push(size === 8 ? Number(this.data.readBigUInt64BE(at)) : size === 4 ? this.data.readUInt32BE(at) : size === 2 ? this.data.readUInt16BE(at) : this.data[at]);
    }
    return out;
  }

  private strings(entry: Entry, count: number): string[] {
    const out: string[] = [];
    let at = entry.offset;
    for (let i = 0; i < count; i++) {
      const end = this.data.indexOf(0, at);
      if (end < 0) throw new PackageDbError("rpm header: a string runs past the header's data");
      out.push(this.data.toString("utf8", at, end));
      at = end + 1;
    }
    return out;
  }
}
