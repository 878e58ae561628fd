import { Readable } from "node:stream";
import { ImageError } from "../types.js";
import { asTransient, backoffDelay, sleep, TransientError, type HttpResponse, type TransportOptions } from "./transport.js";

/** Opens the blob from byte `offset` on (a Range request when offset > 0); answers 200 or 206. */
export type BlobOpener = (offset: number) => Promise<HttpResponse>;

/** Bytes buffered ahead of the consumer by default */
const BODY_BUFFER = 1 << 20;
/** Reconnections allowed over a whole blob, even when each one made progress */
const MAX_RECONNECTS = 20;

/**
 * The bytes of a blob as one Readable, however many connections it takes: a dropped or stalled connection is
 * resumed with a Range request where it stopped (or re-read and skipped when the server ignores Range).
 * A stall counts only while data is wanted, so a paused consumer never times out.
 */
export class ResumableBody extends Readable {
  private current?: HttpResponse;
  private reader?: ReadableStreamDefaultReader<Uint8Array>;
  /** Bytes of the blob already pushed */
  private received = 0;
  /** Bytes of the current response to drop (a 200 to a Range request) */
  private skip = 0;
  private failures = 0;
  private reconnects = 0;
  private running = false;

  constructor(
    private readonly opener: BlobOpener,
    private readonly size: number | undefined,
    private readonly label: string,
    private readonly options: TransportOptions,
    highWaterMark = BODY_BUFFER,
  ) {
    super({ highWaterMark });
  }

  override _read(): void {
    if (this.running) return;
    this.running = true;
    this.pump().finally(() => {
      this.running = false;
    });
  }

  private async pump(): Promise<void> {
    while (!this.destroyed) {
      try {
        if (!this.reader) {
          await this.connect();
          if (this.destroyed) return void this.disconnect();
        }
        const chunk = await this.readChunk();
        if (this.destroyed) return;
        if (chunk === null) {
          if (this.size !== undefined && this.received < this.size) throw new TransientError("connection closed early");
          this.push(null);
          return;
        }
        this.failures = 0;
        if (!this.pushChunk(chunk)) return;
      } catch (err) {
        if (this.destroyed) return;
        const transient = asTransient(err);
        this.disconnect();
        if (!transient) return void this.destroy(toImageError(err, this.label));
        this.failures++;
        this.reconnects++;
        if (this.failures > this.options.retries || this.reconnects > MAX_RECONNECTS) {
          const at = this.size ? ` at ${this.received} of ${this.size} bytes` : "";
          return void this.destroy(new ImageError(`${this.label}: ${transient.message}${at} (gave up after ${this.reconnects} attempts)`));
        }
        await sleep(backoffDelay(this.failures - 1, this.options, transient.retryAfterMs));
      }
    }
  }

  /** Pushes what is new of a chunk; false when the consumer wants no more for now. */
  private pushChunk(chunk: Uint8Array): boolean {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.skip > 0) {
      const drop = Math.min(this.skip, bytes.length);
      this.skip -= drop;
      bytes = bytes.subarray(drop);
      if (bytes.length === 0) return true;
    }
    this.received += bytes.length;
    if (this.size !== undefined && this.received > this.size) {
      throw new ImageError(`${this.label}: the registry sent more bytes than the manifest's size ${this.size}`);
    }
    return this.push(bytes);
  }

  private async connect(): Promise<void> {
    const answer = await this.opener(this.received);
    const { status } = answer.response;
    if (status !== 200 && status !== 206) {
      answer.abort();
      throw new ImageError(`${this.label}: unexpected HTTP ${status} for the blob`);
    }
    this.skip = 0;
    if (status === 206) {
      const start = /^bytes (\d+)-/.exec(answer.response.headers.get("content-range") ?? "")?.[1];
      if (start === undefined || Number(start) !== this.received) {
        answer.abort();
        throw new ImageError(`${this.label}: the registry answered a range request with the wrong range`);
      }
    } else {
      this.skip = this.received;
    }
    if (!answer.response.body) throw new TransientError("empty response");
    this.current = answer;
    this.reader = answer.response.body.getReader();
  }

  /** The next chunk, or null at the end; a stall aborts the connection. */
  private async readChunk(): Promise<Uint8Array | null> {
    const reader = this.reader as ReadableStreamDefaultReader<Uint8Array>;
    const current = this.current;
    let stalled = false;
    const timer = setTimeout(() => {
      stalled = true;
      current?.abort();
    }, this.options.stallTimeoutMs);
    try {
      const { value, done } = await reader.read();
      return done ? null : value;
    } catch (err) {
      if (stalled) throw new TransientError(`transfer stalled (no data for ${this.options.stallTimeoutMs / 1000} s)`);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private disconnect(): void {
    this.current?.abort();
    this.reader?.cancel().catch(() => undefined);
    this.current = undefined;
    this.reader = undefined;
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.disconnect();
    callback(err);
  }
}

function toImageError(err: unknown, label: string): Error {
  if (err instanceof ImageError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ImageError(`${label}: ${message.split("\n")[0]}`);
}
