/**
 * Reads the frame and block headers of a zstd stream as it passes (RFC 8878), to refuse a window the `zstd` command
 * would refuse: it decodes with at most 128 MiB of window unless told `--memory`/`--long`, and so does layerscope's
 * pure-JS fallback (which would otherwise allocate and shift up to 2 GiB for a frame of a few bytes).
 */
const MAX_ZSTD_WINDOW = 1 << 27;

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;

type State =
  | { kind: "magic" }
  | { kind: "frame-header"; need: number }
  | { kind: "skip"; left: number; then: "magic" | "block" }
  | { kind: "skippable-size" }
  | { kind: "block" };

export class ZstdFrameGuard {
  private state: State = { kind: "magic" };
  private pending: Buffer = Buffer.alloc(0);
  private checksum = false;

  /** Feeds compressed bytes; throws an Error naming the window when a frame asks for more than MAX_ZSTD_WINDOW. */
  feed(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    for (;;) {
      const state = this.state;
      if (state.kind === "skip") {
        const n = Math.min(state.left, data.length);
        data = data.subarray(n);
        if (state.left > n) {
          state.left -= n;
          return;
        }
        this.state = state.then === "magic" ? { kind: "magic" } : { kind: "block" };
        continue;
      }
      const need = state.kind === "frame-header" ? state.need : state.kind === "block" ? 3 : 4;
      if (data.length < need) {
        this.pending = Buffer.from(data);
        return;
      }
      if (state.kind === "magic") {
        const magic = data.readUInt32LE(0);
        if (magic === FRAME_MAGIC) this.state = { kind: "frame-header", need: 1 };
        else if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) this.state = { kind: "skippable-size" };
        else return; // not zstd: the decoder reports it
        data = data.subarray(4);
        continue;
      }
      if (state.kind === "skippable-size") {
        this.state = { kind: "skip", left: data.readUInt32LE(0), then: "magic" };
        data = data.subarray(4);
        continue;
      }
      if (state.kind === "frame-header") {
        const descriptor = data[0];
        const singleSegment = (descriptor & 0x20) !== 0;
        const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6];
        const dictBytes = [0, 1, 2, 4][descriptor & 3];
        const size = 1 + (singleSegment ? 0 : 1) + dictBytes + fcsBytes;
        if (data.length < size) {
          state.need = size;
          this.pending = Buffer.from(data);
          return;
        }
        this.checksum = (descriptor & 0x04) !== 0;
        const window = singleSegment ? contentSize(data, 1 + dictBytes, fcsBytes) : windowSize(data[1]);
        if (window > MAX_ZSTD_WINDOW) {
          throw new Error(`a frame asks for a ${window}-byte window, more than the ${MAX_ZSTD_WINDOW} the zstd command accepts by default`);
        }
        data = data.subarray(size);
        this.state = { kind: "block" };
        continue;
      }
      // a block header: bit 0 last block, bits 1-2 type (1 = RLE: one byte stored), bits 3-23 size
      const header = data[0] | (data[1] << 8) | (data[2] << 16);
      const stored = ((header >> 1) & 3) === 1 ? 1 : header >>> 3;
      const last = (header & 1) === 1;
      data = data.subarray(3);
      this.state = last ? { kind: "skip", left: stored + (this.checksum ? 4 : 0), then: "magic" } : { kind: "skip", left: stored, then: "block" };
    }
  }
}

function windowSize(descriptor: number): number {
  const base = 2 ** (10 + (descriptor >> 3));
  return base + (base / 8) * (descriptor & 7);
}

function contentSize(data: Buffer, at: number, bytes: number): number {
  if (bytes === 1) return data[at];
  if (bytes === 2) return data.readUInt16LE(at) + 256;
  if (bytes === 4) return data.readUInt32LE(at);
  return Number(data.readBigUInt64LE(at));
}
