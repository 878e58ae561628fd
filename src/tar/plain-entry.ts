import type { EntryType, TarEntry } from "./types.js";

/**
 * An entry owned by root, with no link target and no device numbers: most entries of most layers. Those five
 * fields are read from the prototype, so each such entry holds six fields instead of eleven (40 bytes less an
 * entry on a 64-bit Node, about 44 MB on an image of a million entries). Every reader sees the same values; only a
 * spread (`{ ...entry }`) or `Object.keys` tells the two kinds apart, so a copy names those fields explicitly.
 */
class PlainEntry {
  declare uid: number;
  declare gid: number;
  declare linkname: string;
  declare devmajor: number;
  declare devminor: number;

  constructor(
    public path: string,
    public type: EntryType,
    public mode: number,
    public size: number,
    public mtime: number,
    public dataOffset: number,
  ) {}
}

// writable, so that an assignment gives the entry a field of its own (as on any other entry)
for (const [name, value] of [
  ["uid", 0],
  ["gid", 0],
  ["linkname", ""],
  ["devmajor", 0],
  ["devminor", 0],
] as const) {
  Object.defineProperty(PlainEntry.prototype, name, { value, writable: true, enumerable: false, configurable: false });
}

/** A plain entry when its owner, link and device fields are all the defaults; otherwise an object of all eleven. */
export function makeEntry(
  path: string,
  type: EntryType,
  mode: number,
  uid: number,
  gid: number,
  size: number,
  mtime: number,
  linkname: string,
  devmajor: number,
  devminor: number,
  dataOffset: number,
): TarEntry {
  if (hasDefaults(uid, gid, linkname, devmajor, devminor)) return new PlainEntry(path, type, mode, size, mtime, dataOffset);
  return { path, type, mode, uid, gid, size, mtime, linkname, devmajor, devminor, dataOffset };
}

/** The same entry as a plain one when its owner, link and device fields are the defaults (after pax records applied). */
export function compacted(entry: TarEntry): TarEntry {
  if (!hasDefaults(entry.uid, entry.gid, entry.linkname, entry.devmajor, entry.devminor)) return entry;
  const plain: TarEntry = new PlainEntry(entry.path, entry.type, entry.mode, entry.size, entry.mtime, entry.dataOffset);
  if (entry.xattrs !== undefined) plain.xattrs = entry.xattrs;
  return plain;
}

const hasDefaults = (uid: number, gid: number, linkname: string, devmajor: number, devminor: number): boolean =>
  uid === 0 && gid === 0 && linkname === "" && devmajor === 0 && devminor === 0;
