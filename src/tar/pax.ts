import { createHash } from "node:crypto";
import { TarFormatError } from "./header.js";
import { cleanPath, MAX_PATH_LENGTH } from "./path.js";
import type { TarEntry } from "./types.js";

/**
 * Pax records layerscope uses, by key. A `SCHILY.xattr.*` value is never kept: only `<bytes>:<sha256 of them>`,
 * which is all the analysis needs (an entry of many 64 KiB attributes would otherwise hold them all).
 */
export type PaxRecords = Record<string, string>;

const XATTR = "SCHILY.xattr.";
const USED_KEYS = new Set(["path", "linkpath", "uid", "gid", "mtime", "size"]);
/** Records kept in one set (a header, or the merged global and local ones): each entry copies them. */
export const MAX_PAX_RECORDS = 256;
/** Linux's XATTR_SIZE_MAX: no real file carries a larger extended attribute. */
const MAX_XATTR_BYTES = 64 * 1024;

function emptyRecords(): PaxRecords {
  // no prototype: keys such as `__proto__` or `constructor` in a hostile header stay plain data
  return Object.create(null) as PaxRecords;
}

/**
 * Parses pax extended header records: `<length> <key>=<value>\n`, the length counting the whole record.
 * Records layerscope has no use for are skipped, so a header full of them costs nothing per entry.
 */
export function parsePax(data: Buffer, offset: number): PaxRecords {
  const records = emptyRecords();
  let count = 0;
  let at = 0;
  while (at < data.length) {
    if (data[at] === 0) break;
    const space = data.indexOf(32, at);
    const length = space > at && space - at <= 16 ? Number(data.toString("latin1", at, space)) : NaN;
    if (!Number.isSafeInteger(length) || length <= space - at + 1 || at + length > data.length || data[at + length - 1] !== 10) {
      throw new TarFormatError(`invalid pax header at offset ${offset}`);
    }
    const end = at + length - 1;
    const eq = data.indexOf(61, space + 1);
    if (eq < 0 || eq >= end) throw new TarFormatError(`invalid pax record at offset ${offset}`);
    const key = data.toString("utf8", space + 1, eq);
    at += length;
    const xattr = key.startsWith(XATTR);
    if (!xattr && !USED_KEYS.has(key)) continue;
    if (xattr && end - eq - 1 > MAX_XATTR_BYTES) {
      throw new TarFormatError(`pax header at offset ${offset}: extended attribute larger than ${MAX_XATTR_BYTES} bytes`);
    }
    if (!(key in records) && ++count > MAX_PAX_RECORDS) {
      throw new TarFormatError(`pax header at offset ${offset}: more than ${MAX_PAX_RECORDS} records`);
    }
    records[key] = xattr ? fingerprint(data.subarray(eq + 1, end)) : data.toString("utf8", eq + 1, end);
  }
  return records;
}

function fingerprint(value: Buffer): string {
  return `${value.length}:${createHash("sha256").update(value).digest("hex")}`;
}

/** `base` with `more` laid over it; refuses to grow past MAX_PAX_RECORDS (many pax headers in a row). */
export function mergePax(base: PaxRecords, more: PaxRecords, offset: number): PaxRecords {
  const merged = emptyRecords();
  let count = 0;
  for (const records of [base, more]) {
    for (const key in records) {
      if (!(key in merged) && ++count > MAX_PAX_RECORDS) {
        throw new TarFormatError(`pax headers before offset ${offset}: more than ${MAX_PAX_RECORDS} records`);
      }
      merged[key] = records[key];
    }
  }
  return merged;
}

/** Applies the pax records that matter for a layer: names, ids, times, sizes are already in `size`. */
export function applyPax(entry: TarEntry, pax: PaxRecords): void {
  for (const key in pax) {
    const value = pax[key];
    switch (key) {
      case "path":
        entry.path = value;
        break;
      case "linkpath":
        entry.linkname = checkedLinkname(value);
        break;
      case "uid":
        entry.uid = wholeNumber(value, entry.uid);
        break;
      case "gid":
        entry.gid = wholeNumber(value, entry.gid);
        break;
      case "mtime": {
        const seconds = Math.floor(Number(value));
        if (Number.isSafeInteger(seconds) && seconds !== 0) entry.mtime = seconds;
        break;
      }
    }
  }
  if ("path" in pax) entry.path = cleanPath(entry.path);
  const xattrs = Object.keys(pax)
    .filter((key) => key.startsWith(XATTR))
    .sort();
  if (xattrs.length > 0) {
    const hash = createHash("sha256");
    let bytes = 0;
    for (const key of xattrs) {
      const value = pax[key];
      bytes += Number(value.slice(0, value.indexOf(":")));
      hash.update(`${key.slice(XATTR.length)}\0${value}\0`);
    }
    entry.xattrs = { count: xattrs.length, bytes, hash: hash.digest("hex") };
  }
}

/** A link target is a name like any other: capped as names are, so that no field sizes the memory. */
export function checkedLinkname(linkname: string): string {
  if (linkname.length > MAX_PATH_LENGTH) {
    throw new TarFormatError(`link target too long (${linkname.length} characters, at most ${MAX_PATH_LENGTH})`);
  }
  return linkname;
}

function wholeNumber(value: string, fallback: number): number {
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}
