import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { pack, type Header as Headers } from "tar-stream";

type EntryKind = "file" | "dir" | "symlink" | "hardlink" | "fifo" | "char" | "block";
export type Compression = "none" | "gzip" | "zstd";

/** One member of a layer tar. Whiteouts are plain files named `.wh.NAME` or `.wh..wh..opq`. */
export interface EntrySpec {
  path: string;
  /** default "file" */
  type?: EntryKind;
  /** file content; a string is written as UTF-8 */
  content?: string | Buffer;
  /** file size in zero bytes, when no content is given */
  size?: number;
  /** default 0644 for files, 0755 for dirs, 0777 for symlinks */
  mode?: number;
  uid?: number;
  gid?: number;
  /** seconds since the epoch or a Date; default 2024-01-01 */
  mtime?: number | Date;
  /** symlink target, or hardlink target path */
  linkname?: string;
  devmajor?: number;
  devminor?: number;
}

/** A member of an outer (archive) tar. */
export interface ArchiveMember {
  name: string;
  content?: Buffer;
  /** makes the member a symlink */
  symlinkTo?: string;
}

const DEFAULT_MTIME = new Date("2024-01-01T00:00:00Z");
const MAX_OCTAL_ID = 0o7777777;

const PACK_TYPES: Record<EntryKind, Headers["type"]> = {
  file: "file",
  dir: "directory",
  symlink: "symlink",
  hardlink: "link",
  fifo: "fifo",
  char: "character-device",
  block: "block-device",
};

function defaultMode(kind: EntryKind): number {
  return kind === "dir" ? 0o755 : kind === "symlink" ? 0o777 : 0o644;
}

function toDate(mtime: number | Date | undefined): Date {
  if (mtime === undefined) return DEFAULT_MTIME;
  return mtime instanceof Date ? mtime : new Date(mtime * 1000);
}

async function packAll(write: (p: ReturnType<typeof pack>) => void): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on("data", (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const ended = new Promise<void>((resolve, reject) => {
    p.on("end", () => resolve());
    p.on("error", reject);
  });
  write(p);
  p.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** An uncompressed layer tar built from entry specs, in the given order. */
export function buildLayerTar(entries: EntrySpec[]): Promise<Buffer> {
  return packAll((p) => {
    for (const spec of entries) {
      const kind = spec.type ?? "file";
      const body = kind === "file" ? fileBody(spec) : Buffer.alloc(0);
      const header: Headers = {
        name: spec.path,
        type: PACK_TYPES[kind],
        mode: spec.mode ?? defaultMode(kind),
        uid: spec.uid ?? 0,
        gid: spec.gid ?? 0,
        mtime: toDate(spec.mtime),
        size: body.length,
        linkname: spec.linkname ?? "",
        devmajor: spec.devmajor ?? 0,
        devminor: spec.devminor ?? 0,
        uname: "",
        gname: "",
      };
      const pax: Record<string, string> = {};
      // tar-stream writes ids in octal only; large ones go in a pax header (as Docker and buildah do)
      if (header.uid > MAX_OCTAL_ID) [pax.uid, header.uid] = [String(header.uid), 0];
      if (header.gid > MAX_OCTAL_ID) [pax.gid, header.gid] = [String(header.gid), 0];
      if (Object.keys(pax).length > 0) header.pax = pax;
      p.entry(header, body);
    }
  });
}

function fileBody(spec: EntrySpec): Buffer {
  if (spec.content !== undefined) return typeof spec.content === "string" ? Buffer.from(spec.content) : spec.content;
  return Buffer.alloc(spec.size ?? 0);
}

/** The outer tar of an archive (docker-archive, oci-archive). */
export function buildArchiveTar(members: ArchiveMember[]): Promise<Buffer> {
  return packAll((p) => {
    for (const member of members) {
      if (member.symlinkTo !== undefined) {
        p.entry({ name: member.name, type: "symlink", linkname: member.symlinkTo, mode: 0o777, mtime: DEFAULT_MTIME });
      } else {
        p.entry({ name: member.name, mode: 0o644, mtime: DEFAULT_MTIME }, member.content ?? Buffer.alloc(0));
      }
    }
  });
}

export function compress(data: Buffer, compression: Compression): Buffer {
  if (compression === "gzip") return gzipSync(data);
  if (compression === "zstd") return execFileSync("zstd", ["-q", "-c", "-3"], { input: data, maxBuffer: 1 << 30 });
  return data;
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

export function hexOf(digest: string): string {
  return digest.slice(digest.indexOf(":") + 1);
}
