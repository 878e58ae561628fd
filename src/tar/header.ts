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
  for (let i = 0; i < BLOCK; i += 8) if (block.readBigUInt64LE(i) !== 0n) return false;
  return true;
}

/** Parses a header block; throws TarFormatError when the checksum does not match (not a tar, or corrupt). */
export function parseHeader(block: Buffer, offset: number): RawHeader {
  verifyChecksum(block, offset);
  const magic = block.toString("latin1", 257, 263);
  const ustar = magic === "ustar\u0000";
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
    devmajor: ustar || magic.startsWith("ustar") ? number(block, 329, 8, offset) : 0,
    devminor: ustar || magic.startsWith("ustar") ? number(block, 337, 8, offset) : 0,
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
 * The sum of a block's 512 bytes. Read as 32-bit words when aligned (about twice as fast: one header a file is a
 * hot loop), each word split into two pairs of byte lanes that cannot carry into each other over 128 words.
 */
function byteSum(block: Buffer): number {
  let sum = 0;
  if ((block.byteOffset & 3) !== 0) {
    for (let i = 0; i < BLOCK; i++) sum += block[i];
    return sum;
  }
  const words = new Uint32Array(block.buffer, block.byteOffset, BLOCK / 4);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    even += word & 0x00ff00ff;
    odd += (word >>> 8) & 0x00ff00ff;
  }
  return (even & 0xffff) + (even >>> 16) + (odd & 0xffff) + (odd >>> 16);
}

function text(block: Buffer, start: number, length: number): string {
  let end = start;
  const limit = start + length;
  while (end < limit && block[end] !== 0) end++;
  return block.toString("utf8", start, end);
}

function parseOctal(block: Buffer, start: number, length: number): number {
  let value = 0;
  let i = start;
  const end = start + length;
  while (i < end && (block[i] === 32 || block[i] === 0)) i++;
  for (; i < end; i++) {
    const c = block[i];
    if (c === 0 || c === 32) break;
    if (c < 48 || c > 55) return NaN;
    value = value * 8 + (c - 48);
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
