export type EntryType = "file" | "dir" | "symlink" | "hardlink" | "char" | "block" | "fifo";

/** One member of a layer tar, after pax/GNU extensions are applied and the path is cleaned. */
export interface TarEntry {
  /** Cleaned path relative to the root: no leading `/` or `./`, no trailing `/`, `.`/`..` resolved inside root */
  path: string;
  type: EntryType;
  /** Permission bits including setuid/setgid/sticky (mode & 0o7777) */
  mode: number;
  uid: number;
  gid: number;
  /** Content bytes of a regular file as stored in the header; 0 for other types */
  size: number;
  /** Seconds since the epoch */
  mtime: number;
  /** Symlink target as written, or hardlink target as a cleaned path */
  linkname: string;
  devmajor: number;
  devminor: number;
  /** Offset of the content within the uncompressed tar */
  dataOffset: number;
  /** Extended attributes (pax SCHILY.xattr.*), summed up; absent when none */
  xattrs?: XattrSummary;
}

/** What is kept of an entry's extended attributes: never their values, which may be 64 KiB each. */
interface XattrSummary {
  count: number;
  /** Σ of the values' bytes */
  bytes: number;
  /** sha256 (hex) over the names and the values' hashes: tells a change apart */
  hash: string;
}
