import { createHash } from "node:crypto";

/** magic · format version · payload length · sha256 of the payload, each number a big-endian u32 */
const HEADER = 4 + 4 + 4 + 32;

/**
 * A cache file's bytes: a header that lets a reader tell a whole, intact entry of its format, then the payload,
 * given in parts; returned as the header followed by those parts (written one after the other, never copied).
 */
export function seal(magic: number, version: number, parts: Buffer[]): Buffer[] {
  const header = Buffer.alloc(HEADER);
  header.writeUInt32BE(magic, 0);
  header.writeUInt32BE(version, 4);
  header.writeUInt32BE(
    parts.reduce((sum, part) => sum + part.length, 0),
    8,
  );
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  hash.digest().copy(header, 12);
  return [header, ...parts];
}

/** The payload of sealed bytes; undefined for another format or version, a partial write or any damage. */
export function unseal(magic: number, version: number, data: Buffer): Buffer | undefined {
  if (data.length < HEADER || data.readUInt32BE(0) !== magic || data.readUInt32BE(4) !== version) return undefined;
  const payload = data.subarray(HEADER);
  if (data.readUInt32BE(8) !== payload.length) return undefined;
  if (!createHash("sha256").update(payload).digest().equals(data.subarray(12, HEADER))) return undefined;
  return payload;
}
