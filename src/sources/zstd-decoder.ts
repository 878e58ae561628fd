import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { Transform, type Readable, type Writable } from "node:stream";
import { createRequire } from "node:module";
import { ZstdFrameGuard } from "./zstd-frames.js";

// node:child_process and fzstd load on first use: most images have no zstd layer, and start-up time matters
const requireLazily = createRequire(import.meta.url);

/** A decompressor: bytes go into `writable`, decoded bytes come out of `readable`. */
export interface Decoder {
  writable: Writable;
  readable: Readable;
  /** Resolves when the decoder has finished cleanly (e.g. a child process exited 0); rejects with its error. */
  done?: Promise<void>;
  /** Stop everything now (consumer stopped early or another stage failed). */
  abort(): void;
}

/** The error a zstd decoder reports; `truncated` tells an early end of input apart from corrupt data. */
export class ZstdDecodeError extends Error {
  constructor(
    message: string,
    readonly truncated: boolean,
  ) {
    super(message);
    this.name = "ZstdDecodeError";
  }
}

export type ZstdImplementation = "auto" | "cli" | "js";

let cliPath: string | null | undefined;

/** Path of a `zstd` executable on PATH, or null. Looked up once. */
function findZstdCli(): string | null {
  if (cliPath !== undefined) return cliPath;
  cliPath = null;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, "zstd");
    try {
      accessSync(candidate, constants.X_OK);
      cliPath = candidate;
      break;
    } catch {
      // not here
    }
  }
  return cliPath;
}

export function createZstdDecoder(implementation: ZstdImplementation = "auto"): Decoder {
  const cli = implementation === "js" ? null : findZstdCli();
  if (cli) return cliDecoder(cli);
  if (implementation === "cli") throw new Error("the zstd command is not on PATH");
  return jsDecoder();
}

/** `zstd -dc` in a child process: about 6x faster than the pure-JS decoder. */
function cliDecoder(path: string): Decoder {
  const { spawn } = requireLazily("node:child_process") as typeof import("node:child_process");
  const child = spawn(path, ["-dcq"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  // EPIPE on stdin when zstd quits on bad data: the exit status carries the real reason.
  child.stdin.on("error", () => undefined);
  let aborted = false;
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", (err) => reject(err));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve();
      if (aborted) return reject(new Error("aborted"));
      const reason = stderr.split("\n").find((line) => line.trim() !== "") ?? `exit ${code ?? signal}`;
      const cleaned = reason.replace(/^zstd:\s*/, "").replace(/^\/\*stdin\*\\?\s*:\s*/, "");
      reject(new ZstdDecodeError(cleaned.trim(), /end of file|premature end|truncated|incomplete/i.test(reason)));
    });
  });
  return {
    writable: child.stdin,
    readable: child.stdout,
    done,
    abort() {
      aborted = true;
      child.stdout.destroy();
      child.stdin.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

/** Compressed bytes given to fzstd at a time: at most 256 blocks, ≤ 32 MiB out, before the reader is waited for. */
const JS_SLICE = 1024;
const JS_HIGH_WATER_MARK = 1024 * 1024;

/**
 * fzstd (pure JS, true streaming): the fallback when no zstd binary is installed. Its `push` decodes everything it
 * is given at once, so input goes in small slices and the next slice waits until the reader has taken the output
 * (a frame of RLE blocks turns 112 KB into gigabytes); windows beyond what the zstd command accepts are refused.
 */
function jsDecoder(): Decoder {
  // most runs have the zstd command
  const { Decompress } = requireLazily("fzstd") as typeof import("fzstd");
  let transform: Transform | undefined;
  const decompress = new Decompress((data) => {
    if (data.length > 0) transform?.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  const guard = new ZstdFrameGuard();
  let sawInput = false;
  let resume: (() => void) | undefined;
  transform = new Transform({
    readableHighWaterMark: JS_HIGH_WATER_MARK,
    transform(chunk: Buffer, _encoding, callback) {
      if (chunk.length > 0) sawInput = true;
      let at = 0;
      const step = (): void => {
        try {
          while (at < chunk.length) {
            const slice = chunk.subarray(at, at + JS_SLICE);
            at += slice.length;
            guard.feed(slice);
            decompress.push(slice);
            if (transform!.readableLength >= JS_HIGH_WATER_MARK && at < chunk.length) {
              resume = step;
              return;
            }
          }
          callback();
        } catch (err) {
          callback(jsError(err));
        }
      };
      step();
    },
    flush(callback) {
      try {
        if (!sawInput) throw new ZstdDecodeError("empty zstd stream", true);
        decompress.push(new Uint8Array(0), true);
        callback();
      } catch (err) {
        callback(jsError(err));
      }
    },
  });
  // the reader asking for more is the moment to decode the next slice
  const read = transform._read.bind(transform);
  transform._read = (size: number) => {
    const next = resume;
    resume = undefined;
    if (next) setImmediate(next);
    else read(size);
  };
  return {
    writable: transform,
    readable: transform,
    abort() {
      transform?.destroy();
    },
  };
}

function jsError(err: unknown): Error {
  if (err instanceof ZstdDecodeError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  // fzstd code 5 = UnexpectedEOF
  return new ZstdDecodeError(message, code === 5);
}
