import type { Readable } from "node:stream";
import { ImageError } from "../../errors.js";

interface Cursor {
  stream: Readable;
  chunks: AsyncIterator<Buffer>;
  /** Bytes of the decompressed archive taken from the stream (the leftover starts here) */
  position: number;
  leftover?: Buffer;
  busy: boolean;
}

/** Cursors kept open: two layers are read at once, and hashing may reopen one. */
const MAX_CURSORS = 3;

/**
 * Ranges of a compressed archive, read through a few decompressing cursors that only move forward. Members are
 * mostly opened in archive order, so each range continues where an idle cursor stopped: the archive is inflated
 * about once in all, instead of once from its start for each layer (200 layers behind 1 GiB of zeros: minutes).
 */
export class ArchiveCursors {
  private readonly cursors: Cursor[] = [];

  constructor(
    private readonly open: () => Promise<Readable>,
    private readonly where: string,
  ) {}

  /** Bytes [start, start+length) of the decompressed archive. */
  async *range(start: number, length: number): AsyncGenerator<Buffer> {
    const cursor = await this.take(start);
    const end = start + length;
    try {
      while (cursor.position < end) {
        let chunk = cursor.leftover;
        cursor.leftover = undefined;
        if (!chunk) {
          const next = await cursor.chunks.next();
          if (next.done) throw new ImageError(`archive ${this.where}: truncated archive`);
          chunk = next.value;
        }
        const chunkStart = cursor.position;
        if (chunkStart + chunk.length > end) {
          cursor.leftover = chunk.subarray(end - chunkStart);
          chunk = chunk.subarray(0, end - chunkStart);
        }
        cursor.position = chunkStart + chunk.length;
        if (cursor.position > start) yield chunk.subarray(Math.max(0, start - chunkStart));
      }
    } catch (error) {
      this.drop(cursor);
      throw error;
    } finally {
      cursor.busy = false;
    }
  }

  close(): void {
    for (const cursor of [...this.cursors]) this.drop(cursor);
  }

  /** The idle cursor furthest along that has not passed `start`, or a new one from the archive's start. */
  private async take(start: number): Promise<Cursor> {
    let best: Cursor | undefined;
    for (const cursor of this.cursors) {
      if (!cursor.busy && cursor.position <= start && (!best || cursor.position > best.position)) best = cursor;
    }
    if (!best) {
      if (this.cursors.length >= MAX_CURSORS) {
        const idle = this.cursors.filter((c) => !c.busy).sort((a, b) => a.position - b.position)[0];
        if (idle) this.drop(idle);
      }
      const stream = await this.open();
      best = { stream, chunks: (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator](), position: 0, busy: false };
      this.cursors.push(best);
    }
    best.busy = true;
    return best;
  }

  private drop(cursor: Cursor): void {
    const at = this.cursors.indexOf(cursor);
    if (at >= 0) this.cursors.splice(at, 1);
    cursor.stream.destroy();
  }
}
