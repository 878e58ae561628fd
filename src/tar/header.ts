export const BLOCK = 512;

/** The fields of one 512-byte tar header, before pax/GNU extensions are applied. */
export interface RawHeader {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  devmajor: number;
  devminor: number;
}

export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TarFormatError";
  }
}

export function isZeroBlock(block: Buffer): boolean {
  // a header's name starts with a non-zero byte: most blocks are told apart here
  return block[0] === 0 && block.compare(ZEROS, 0, BLOCK, 0, BLOCK) === 0;
}

/**
 * A run of zero bytes to compare regions of a block with. The header is parsed by V8's interpreter (short runs
 * leave the optimising compiler off, src/cli/runtime-tuning.ts): one native compare is far cheaper than a loop.
 */
const ZEROS = Buffer.alloc(BLOCK);

/** Parses a header block; throws TarFormatError when the checksum does not match (not a tar, or corrupt). */
export function parseHeader(block: Buffer, offset: number): RawHeader {
  verifyChecksum(block, offset);
  // "ustar\0" (POSIX) or "ustar " (old GNU): only the first has a name prefix; both have device numbers
  const ustarish = block[257] === 0x75 && block[258] === 0x73 && block[259] === 0x74 && block[260] === 0x61 && block[261] === 0x72;
  const ustar = ustarish && block[262] === 0;
  let name = text(block, 0, 100);
  if (ustar) {
    const prefix = text(block, 345, 155);
    if (prefix) name = prefix + "/" + name;
  }
  const typeflag = block[156] === 0 ? "0" : String.fromCharCode(block[156]);
  return {
    name,
    mode: number(block, 100, 8, offset),
    uid: number(block, 108, 8, offset),
    gid: number(block, 116, 8, offset),
    size: number(block, 124, 12, offset),
    mtime: number(block, 136, 12, offset),
    typeflag,
    linkname: text(block, 157, 100),
    devmajor: ustarish ? number(block, 329, 8, offset) : 0,
    devminor: ustarish ? number(block, 337, 8, offset) : 0,
  };
}

function verifyChecksum(block: Buffer, offset: number): void {
  // The checksum field counts as eight spaces. Most tars use the unsigned sum; some old ones the signed one.
  let unsigned = 8 * 32 + byteSum(block);
  for (let i = 148; i < 156; i++) unsigned -= block[i];
  const stored = parseOctal(block, 148, 8);
  if (stored === unsigned) return;
  let signed = 8 * 32;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) signed += block[i] > 127 ? block[i] - 256 : block[i];
  if (stored !== signed) throw new TarFormatError(`invalid tar header at offset ${offset} (bad checksum)`);
}

/**
 * The sum of a block's 512 bytes. Regions that are most often all zero (the link name, the name prefix and the
 * padding) are checked with one native compare and skipped; the rest is read as 32-bit words when aligned, each
 * word split into two pairs of byte lanes that cannot carry into each other over 128 words.
 */
function byteSum(block: Buffer): number {
  const words = (block.byteOffset & 3) === 0 ? new Uint32Array(block.buffer, block.byteOffset, BLOCK / 4) : undefined;
  // the name and numbers, the type and link name, the ustar fields, the prefix and padding
  let sum = regionSum(block, words, 0, 160);
  if (block.compare(ZEROS, 0, 96, 160, 256) !== 0) sum += regionSum(block, words, 160, 256);
  sum += regionSum(block, words, 256, 344);
  if (block.compare(ZEROS, 0, 168, 344, 512) !== 0) sum += regionSum(block, words, 344, 512);
  return sum;
}

/** The sum of bytes [from, to) (multiples of 4), by words when the block is aligned. */
function regionSum(block: Buffer, words: Uint32Array | undefined, from: number, to: number): number {
  if (words === undefined) {
    let sum = 0;
    for (let i = from; i < to; i++) sum += block[i];
    return sum;
  }
  let even = 0;
  let odd = 0;
  for (let i = from >> 2; i < to >> 2; i++) {
    const word = words[i];
    even += word & 0x00ff00ff;
    odd += (word >>> 8) & 0x00ff00ff;
  }
  return (even & 0xffff) + (even >>> 16) + (odd & 0xffff) + (odd >>> 16);
}

function text(block: Buffer, start: number, length: number): string {
  if (block[start] === 0) return "";
  const nul = block.indexOf(0, start);
  const end = nul < 0 || nul > start + length ? start + length : nul;
  return block.toString("utf8", start, end);
}

function parseOctal(block: Buffer, start: number, length: number): number {
  let value = 0;
  let i = start;
  const end = start + length;
  while (i < end && (block[i] === 32 || block[i] === 0)) i++;
  while (i < end && block[i] === 48) i++; // leading zeros: most of a field's digits
  for (; i < end; i++) {
    const digit = block[i] - 48;
    if (digit >>> 0 > 7) {
      if (block[i] === 0 || block[i] === 32) break;
      return NaN;
    }
    value = value * 8 + digit;
  }
  return value;
}

/** Octal, or GNU base-256 when the high bit of the first byte is set. */
function number(block: Buffer, start: number, length: number, offset: number): number {
  const first = block[start];
  if (first & 0x80) {
    if (first === 0xff) throw new TarFormatError(`negative number in tar header at offset ${offset}`);
    let value = first & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i];
    if (!Number.isSafeInteger(value)) throw new TarFormatError(`number too large in tar header at offset ${offset}`);
    return value;
  }
  const value = parseOctal(block, start, length);
  if (Number.isNaN(value)) throw new TarFormatError(`invalid number in tar header at offset ${offset}`);
  return value;
}
