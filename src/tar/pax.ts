import { TarFormatError } from "./header.js";
import { cleanPath } from "./path.js";
import type { TarEntry } from "./types.js";

export type PaxRecords = Record<string, string>;

/** Parses pax extended header records: `<length> <key>=<value>\n`, the length counting the whole record. */
export function parsePax(data: Buffer, offset: number): PaxRecords {
  const records: PaxRecords = {};
  let at = 0;
  while (at < data.length) {
    if (data[at] === 0) break;
    const space = data.indexOf(32, at);
    const length = space > at ? Number(data.toString("latin1", at, space)) : NaN;
    if (!Number.isSafeInteger(length) || length <= space - at || at + length > data.length) {
      throw new TarFormatError(`invalid pax header at offset ${offset}`);
    }
    const record = data.toString("utf8", space + 1, at + length - 1);
    const eq = record.indexOf("=");
    if (eq < 0) throw new TarFormatError(`invalid pax record at offset ${offset}`);
    records[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return records;
}

const XATTR = "SCHILY.xattr.";

/** Applies the pax records that matter for a layer: names, ids, times, sizes are already in `size`. */
export function applyPax(entry: TarEntry, pax: PaxRecords): void {
  for (const key in pax) {
    const value = pax[key];
    switch (key) {
      case "path":
        entry.path = value;
        break;
      case "linkpath":
        entry.linkname = value;
        break;
      case "uid":
        entry.uid = wholeNumber(value, entry.uid);
        break;
      case "gid":
        entry.gid = wholeNumber(value, entry.gid);
        break;
      case "mtime":
        entry.mtime = Math.floor(Number(value)) || entry.mtime;
        break;
      default:
        if (key.startsWith(XATTR)) {
          entry.xattrs ??= {};
          entry.xattrs[key.slice(XATTR.length)] = Buffer.from(value, "utf8").toString("hex");
        }
    }
  }
  if ("path" in pax) entry.path = cleanPath(entry.path);
}

function wholeNumber(value: string, fallback: number): number {
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}
