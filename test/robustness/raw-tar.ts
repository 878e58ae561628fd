/**
 * Writes tar bytes by hand, field by field, so tests can make headers no well-behaved writer would: bad
 * checksums, huge size fields, pax records of any shape, names with NUL or invalid UTF-8.
 */
const BLOCK = 512;

export interface RawHeaderSpec {
  /** Raw name bytes (a string is written as UTF-8); at most 100 bytes */
  name: string | Buffer;
  /** default "0" (regular file) */
  typeflag?: string;
  mode?: number;
  /** Size field; may differ from the content actually written */
  size?: number;
  linkname?: string | Buffer;
  /** ustar prefix (written with the `ustar\0` magic) */
  prefix?: string;
  /** Leave the checksum wrong */
  badChecksum?: boolean;
  /** Replace the size field's 12 bytes with these (e.g. GNU base-256) */
  sizeField?: Buffer;
}

function put(block: Buffer, value: string | Buffer, offset: number, length: number): void {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  if (bytes.length > length) throw new Error(`field too long: ${bytes.length} > ${length}`);
  bytes.copy(block, offset);
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, "0") + "\0";
}

/** Sets the checksum field of a 512-byte header to match its bytes. */
export function fixChecksum(block: Buffer): Buffer {
  block.fill(32, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += block[i];
  block.write(octal(sum, 7) + " ", 148, 8, "latin1");
  return block;
}

export function rawHeader(spec: RawHeaderSpec): Buffer {
  const block = Buffer.alloc(BLOCK);
  put(block, spec.name, 0, 100);
  put(block, octal(spec.mode ?? 0o644, 8), 100, 8);
  put(block, octal(0, 8), 108, 8);
  put(block, octal(0, 8), 116, 8);
  if (spec.sizeField) put(block, spec.sizeField, 124, 12);
  else put(block, octal(spec.size ?? 0, 12), 124, 12);
  put(block, octal(1704067200, 12), 136, 12);
  block.write(spec.typeflag ?? "0", 156, 1, "latin1");
  if (spec.linkname !== undefined) put(block, spec.linkname, 157, 100);
  put(block, "ustar\u000000", 257, 8);
  if (spec.prefix !== undefined) put(block, spec.prefix, 345, 155);
  fixChecksum(block);
  if (spec.badChecksum) block[148] = block[148] === 0x30 ? 0x31 : 0x30;
  return block;
}

/** Content padded to a whole number of blocks. */
function padded(content: Buffer): Buffer {
  const padding = (BLOCK - (content.length % BLOCK)) % BLOCK;
  return Buffer.concat([content, Buffer.alloc(padding)]);
}

/** One pax record, `<length> <key>=<value>\n`, its length counting itself. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

export type RawMember =
  | { header: RawHeaderSpec; content?: Buffer }
  /** A pax extended header ("x", or "g" for global) holding these records */
  | { pax: Record<string, string> | string; global?: boolean }
  /** Bytes written as they are */
  | { bytes: Buffer };

/** A tar of the members in order, with the two-block end marker unless `end` is false. */
export function rawTar(members: RawMember[], options: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const member of members) {
    if ("bytes" in member) {
      parts.push(member.bytes);
    } else if ("pax" in member) {
      const text =
        typeof member.pax === "string" ? member.pax : Object.entries(member.pax).map(([k, v]) => paxRecord(k, v)).join("");
      const body = Buffer.from(text, "utf8");
      parts.push(rawHeader({ name: "PaxHeader", typeflag: member.global ? "g" : "x", size: body.length }), padded(body));
    } else {
      const content = member.content ?? Buffer.alloc(0);
      parts.push(rawHeader({ size: content.length, ...member.header }), padded(content));
    }
  }
  if (options.end !== false) parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

/** A regular file member with the given content. */
export function rawFile(name: string | Buffer, content: string | Buffer = ""): RawMember {
  const body = typeof content === "string" ? Buffer.from(content) : content;
  return { header: { name, size: body.length }, content: body };
}
