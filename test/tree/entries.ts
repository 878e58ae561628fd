import type { EntryType } from "../../src/tar/types.js";
import type { LayerEntry } from "../../src/tree/types.js";

/** A layer entry with sensible defaults, for tests that drive the tree directly. */
export function entry(path: string, fields: Partial<LayerEntry> & { type?: EntryType } = {}): LayerEntry {
  const type = fields.type ?? (path.endsWith("/") ? "dir" : "file");
  return {
    path: path.replace(/\/$/, ""),
    type,
    mode: type === "dir" ? 0o755 : type === "symlink" ? 0o777 : 0o644,
    uid: 0,
    gid: 0,
    size: 0,
    mtime: 1_700_000_000,
    linkname: "",
    devmajor: 0,
    devminor: 0,
    dataOffset: 0,
    ...fields,
  };
}

export const file = (path: string, size: number, hash = `h${size}`, fields: Partial<LayerEntry> = {}): LayerEntry =>
  entry(path, { type: "file", size, hash, ...fields });
export const dir = (path: string, fields: Partial<LayerEntry> = {}): LayerEntry => entry(path, { type: "dir", ...fields });
