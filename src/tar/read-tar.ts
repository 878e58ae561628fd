import { createHash } from "node:crypto";
import type { ByteReader } from "./byte-reader.js";
import { BLOCK, isZeroBlock, parseHeader, TarFormatError, type RawHeader } from "./header.js";
import { applyPax, checkedLinkname, mergePax, parsePax, type PaxRecords } from "./pax.js";
import { cleanPath } from "./path.js";
import { compacted, makeEntry } from "./plain-entry.js";
import type { EntryType, TarEntry } from "./types.js";
import { printable } from "../text/escape.js";

type ContentAction = "hash" | "buffer" | "skip";

export interface TarVisitor {
  /** Called for every member; return "hash" or "buffer" to receive its content in onContent. */
  onEntry(entry: TarEntry): ContentAction | void;
  onContent?(entry: TarEntry, content: { hash?: string; buffer?: Buffer }): void;
}

export interface ReadTarOptions {
  /** Largest member content "buffer" may return, and largest pax/GNU metadata record (default 16 MiB) */
  maxBuffer?: number;
  /**
   * Lets other work run (a UI's keys) at least this often, in ms: a local tar's reads never wait, so without it a
   * layer is read in one stretch
   */
  pauseEveryMs?: number;
}

export interface TarSummary {
  entries: number;
  /** Bytes of the tar read up to the end-of-archive marker */
  bytes: number;
}

const DEFAULT_MAX_BUFFER = 16 << 20;

/** Reads a tar member by member. Contents nobody asked for are skipped (seeked over when the reader can). */
export async function readTar(reader: ByteReader, visitor: TarVisitor, options: ReadTarOptions = {}): Promise<TarSummary> {
  const maxBuffer = options.maxBuffer ?? DEFAULT_MAX_BUFFER;
  let local: PaxRecords | undefined;
  let longName: string | undefined;
  let longLink: string | undefined;
  let entries = 0;
  const pause = options.pauseEveryMs;
  let lastPause = pause === undefined ? 0 : performance.now();
  for (;;) {
    if (pause !== undefined && (entries & 255) === 0 && performance.now() - lastPause >= pause) {
      // a timer, not setImmediate: the event loop's whole round (input, the UI's timers) runs before the next stretch
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastPause = performance.now();
    }
    const offset = reader.position;
    const block = reader.readNow(BLOCK) ?? (await reader.read(BLOCK));
    if (block.length === 0) throw new TarFormatError("truncated tar: no end-of-archive marker");
    if (block.length < BLOCK) throw new TarFormatError(`truncated tar: header at offset ${offset} is cut short`);
    if (isZeroBlock(block)) break;
    const raw = parseHeader(block, offset);
    const dataSize = hasData(raw.typeflag) ? sizeOf(raw, local) : 0;
    switch (raw.typeflag) {
      case "x":
      case "g": {
        const records = parsePax(await readMeta(reader, raw.size, maxBuffer, offset), offset);
        // Docker, containerd and Go's archive/tar read a global header but never apply it: neither do we
        if (raw.typeflag === "x") local = mergePax(local ?? {}, records, offset);
        continue;
      }
      case "L":
        longName = nulTerminated(await readMeta(reader, raw.size, maxBuffer, offset));
        continue;
      case "K":
        longLink = nulTerminated(await readMeta(reader, raw.size, maxBuffer, offset));
        continue;
    }
    const entry = toEntry(raw, local, longName, longLink, reader.position, dataSize);
    local = undefined;
    longName = longLink = undefined;
    entries++;
    const action = visitor.onEntry(entry) ?? "skip";
    if (action === "skip") {
      // content and padding in one step, most often without waiting
      const padded = dataSize + padding(dataSize);
      const skipped = reader.consumeNow(padded) ?? (await reader.consume(padded));
      if (skipped < padded) throw truncated(entry, dataSize, skipped);
    } else {
      await readContent(reader, entry, dataSize, action, visitor, maxBuffer);
    }
  }
  const bytes = reader.position;
  // Read what follows the end marker: a verifying stream only checks its digest once it has been read whole.
  await reader.consume(Number.MAX_SAFE_INTEGER);
  return { entries, bytes };
}

function hasData(typeflag: string): boolean {
  return !"123456".includes(typeflag);
}

function sizeOf(raw: RawHeader, local: PaxRecords | undefined): number {
  const pax = local?.size;
  if (pax === undefined) return raw.size;
  const size = Number(pax);
  if (!Number.isSafeInteger(size) || size < 0) throw new TarFormatError(`invalid pax size "${printable(pax.slice(0, 40))}" for ${printable(raw.name)}`);
  return size;
}

async function readMeta(reader: ByteReader, size: number, maxBuffer: number, offset: number): Promise<Buffer> {
  if (size > maxBuffer) throw new TarFormatError(`tar metadata record at offset ${offset} is too large (${size} bytes)`);
  const data = Buffer.from(await reader.read(size));
  if (data.length < size) throw new TarFormatError(`truncated tar: metadata record at offset ${offset} is cut short`);
  await skipPadding(reader, size);
  return data;
}

function nulTerminated(data: Buffer): string {
  const end = data.indexOf(0);
  return data.toString("utf8", 0, end < 0 ? data.length : end);
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

async function skipPadding(reader: ByteReader, size: number): Promise<void> {
  const wanted = padding(size);
  if (wanted > 0 && (reader.consumeNow(wanted) ?? (await reader.consume(wanted))) < wanted) {
    throw new TarFormatError("truncated tar: archive ends inside padding");
  }
}

function truncated(entry: TarEntry, size: number, got: number): TarFormatError {
  if (got < size) return new TarFormatError(`truncated tar: content of ${printable(entry.path) || "/"} is cut short`);
  return new TarFormatError("truncated tar: archive ends inside padding");
}

const TYPES: Record<string, EntryType> = {
  "1": "hardlink",
  "2": "symlink",
  "3": "char",
  "4": "block",
  "5": "dir",
  "6": "fifo",
};

function toEntry(
  raw: RawHeader,
  pax: PaxRecords | undefined,
  longName: string | undefined,
  longLink: string | undefined,
  dataOffset: number,
  dataSize: number,
): TarEntry {
  const name = longName ?? raw.name;
  let type: EntryType = TYPES[raw.typeflag] ?? "file";
  if (type === "file" && name.endsWith("/")) type = "dir";
  const size = type === "file" ? dataSize : 0;
  const linkname = checkedLinkname(longLink ?? raw.linkname);
  const mode = raw.mode & 0o7777;
  if (!pax) return finish(makeEntry(cleanPath(name), type, mode, raw.uid, raw.gid, size, raw.mtime, linkname, raw.devmajor, raw.devminor, dataOffset), type);
  // pax records may change any field: applied to an entry of all eleven, then made plain when they allow it
  const full: TarEntry = {
    path: cleanPath(name),
    type,
    mode,
    uid: raw.uid,
    gid: raw.gid,
    size,
    mtime: raw.mtime,
    linkname,
    devmajor: raw.devmajor,
    devminor: raw.devminor,
    dataOffset,
  };
  applyPax(full, pax);
  return finish(compacted(full), type);
}

function finish(entry: TarEntry, type: EntryType): TarEntry {
  if (type === "hardlink") entry.linkname = cleanPath(entry.linkname);
  return entry;
}

async function readContent(
  reader: ByteReader,
  entry: TarEntry,
  size: number,
  action: "hash" | "buffer",
  visitor: TarVisitor,
  maxBuffer: number,
): Promise<void> {
  let got: number;
  if (action === "hash") {
    const hash = createHash("sha256");
    const update = (chunk: Buffer): unknown => hash.update(chunk);
    got = reader.consumeNow(size, update) ?? (await reader.consume(size, update));
    if (got === size) visitor.onContent?.(entry, { hash: hash.digest("hex") });
  } else {
    if (size > maxBuffer) throw new TarFormatError(`${printable(entry.path)}: too large to read into memory (${size} bytes)`);
    // one copy, out of the reader's buffer (valid until its next call)
    const buffer = Buffer.allocUnsafe(size);
    const copy = (chunk: Buffer): void => {
      chunk.copy(buffer, filled);
      filled += chunk.length;
    };
    let filled = 0;
    got = reader.consumeNow(size, copy) ?? (await reader.consume(size, copy));
    if (got === size) visitor.onContent?.(entry, { buffer });
  }
  if (got < size) throw truncated(entry, size, got);
  await skipPadding(reader, size);
}
