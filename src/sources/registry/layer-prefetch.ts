import type { Readable } from "node:stream";
import { ImageError } from "../../errors.js";

/** Starts the raw download of layer `index`; `prefetch` when nobody reads it yet (it may buffer more then). */
export type RawOpener = (index: number, prefetch: boolean) => Readable;

interface Started {
  stream: Readable;
  error?: Error;
}

/**
 * Hands out raw layer streams in any order, and when layer i is taken, starts layers i+1 … i+ahead so their
 * first bytes arrive while layer i is analysed. Memory is bounded by `ahead` × the prefetched streams' buffer.
 */
export class LayerPrefetch {
  private readonly started = new Map<number, Started>();
  private readonly taken = new Set<number>();
  private closed = false;

  constructor(
    private readonly count: number,
    private readonly ahead: number,
    private readonly opener: RawOpener,
  ) {}

  /** The raw stream of layer `index`: the prefetched one when there is one, else a new download. */
  take(index: number): Readable {
    if (this.closed) throw new ImageError("the image source is closed");
    const got = this.started.get(index);
    this.started.delete(index);
    this.taken.add(index);
    for (let next = index + 1; next <= index + this.ahead && next < this.count; next++) this.start(next);
    if (!got) return this.opener(index, false);
    if (got.error) throw got.error;
    return got.stream;
  }

  private start(index: number): void {
    if (this.started.has(index) || this.taken.has(index)) return;
    const stream = this.opener(index, true);
    const entry: Started = { stream };
    // Keep an early failure until the layer is taken, instead of an unhandled 'error' event.
    stream.on("error", (err: Error) => {
      entry.error ??= err;
    });
    stream.read(0);
    this.started.set(index, entry);
  }

  close(): void {
    this.closed = true;
    for (const { stream } of this.started.values()) stream.destroy();
    this.started.clear();
  }
}
