import { openLayerReader, type ByteReader } from "../tar/byte-reader.js";
import { BLOCK, parseHeader } from "../tar/header.js";
import { printable } from "../tar/path.js";
import { layerLabel } from "./decode.js";
import type { LayerBlob } from "./types.js";
import { ImageError } from "./types.js";

/** A regular file's content inside a layer's uncompressed tar, as the scan found it. */
export interface MemberContent {
  /** The member's path (for messages) */
  path: string;
  /** Offset of the content in the uncompressed tar; its header block lies just before */
  dataOffset: number;
  size: number;
}

/** Where the bytes of the members go. `chunk` gets each piece synchronously: it is valid during the call only. */
export interface ContentSink<T extends MemberContent> {
  begin?(member: T): void;
  chunk(member: T, bytes: Buffer): void;
  end?(member: T): void;
  /** Called between slices of a long content: the sink's chance to wait for its output (backpressure) */
  drain?(): Promise<void> | undefined;
  /** Stop early (the reader is closed, nothing more is decompressed or fetched) */
  stopped?(): boolean;
}

const SLICE = 1 << 20;
/** A size field of 11 octal digits holds up to 8 GiB; larger sizes come from a pax record the header cannot show. */
const OCTAL_SIZE_LIMIT = 8 ** 11 - 1;

/**
 * Reads the contents of some members of one layer, in tar order, and nothing after the last one. A layer stored
 * uncompressed in a local file (a docker archive, an OCI layout or archive) is read by positional reads: only the
 * members' bytes are read. Any other layer is decompressed (and fetched) up to the last member, then closed. The
 * header block before each content is checked (checksum, type, size), so a stale offset fails instead of
 * printing other bytes. A partial read never reaches the blob's end, so its digest is not checked.
 */
export async function readMemberContents<T extends MemberContent>(blob: LayerBlob, members: T[], sink: ContentSink<T>): Promise<void> {
  if (members.length === 0) return;
  const byOffset = new Map<number, T[]>();
  for (const member of members) {
    const list = byOffset.get(member.dataOffset);
    if (list) list.push(member);
    else byOffset.set(member.dataOffset, [member]);
  }
  const offsets = [...byOffset.keys()].sort((a, b) => a - b);
  const label = layerLabel(blob.index, blob.digest);
  const reader = await openLayerReader(await blob.open({ partial: true }));
  try {
    for (const offset of offsets) {
      if (sink.stopped?.()) return;
      const group = byOffset.get(offset)!;
      await readOne(reader, group, sink, label);
    }
  } finally {
    await reader.close();
  }
}

async function readOne<T extends MemberContent>(reader: ByteReader, group: T[], sink: ContentSink<T>, label: string): Promise<void> {
  const { dataOffset, size, path } = group[0];
  const where = `${label}: /${printable(path)}`;
  const headerAt = dataOffset - BLOCK;
  if (headerAt < reader.position) throw new ImageError(`${where}: no tar header before offset ${dataOffset}`);
  const skip = headerAt - reader.position;
  if ((await reader.consume(skip)) < skip) throw new ImageError(`${where}: the layer ends before offset ${dataOffset}`);
  const header = Buffer.from(await reader.read(BLOCK));
  checkHeader(header, headerAt, size, where);
  for (const member of group) sink.begin?.(member);
  let left = size;
  while (left > 0) {
    const want = Math.min(left, SLICE);
    const got = await reader.consume(want, (chunk) => {
      for (const member of group) sink.chunk(member, chunk);
    });
    if (got < want) throw new ImageError(`${where}: the layer ends inside the file's content`);
    left -= got;
    await sink.drain?.();
    if (left > 0 && sink.stopped?.()) return;
  }
  for (const member of group) sink.end?.(member);
}

function checkHeader(block: Buffer, offset: number, size: number, where: string): void {
  let header;
  try {
    header = parseHeader(block, offset);
  } catch {
    throw new ImageError(`${where}: no valid tar header at offset ${offset} (the layer changed since it was scanned?)`);
  }
  const regular = header.typeflag === "0" || header.typeflag === "7" || header.typeflag === "\0";
  const sizeMatches = header.size === size || size > OCTAL_SIZE_LIMIT;
  if (!regular || !sizeMatches) {
    throw new ImageError(`${where}: the tar header at offset ${offset} is not this file's (the layer changed since it was scanned?)`);
  }
}
