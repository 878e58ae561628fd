import { createRequire } from "node:module";
import { PassThrough, Readable, Transform, pipeline } from "node:stream";
import { checkDigestSyntax, digestHasher } from "./digest.js";
import { ImageError, type Compression, type LayerCompression } from "./types.js";

export type { Compression, LayerCompression } from "./types.js";
import { createZstdDecoder, ZstdDecodeError, type Decoder, type ZstdImplementation } from "./zstd-decoder.js";


/** The annotation eStargz writers put on a layer descriptor (the digest of its table of contents) */
const ESTARGZ_TOC_ANNOTATION = "containerd.io/snapshot/stargz/toc.digest";
/** The table of contents an eStargz layer holds as a tar entry at its root */
export const ESTARGZ_TOC_ENTRY = "stargz.index.json";

// node:zlib loads with the first gzip layer: runs on uncompressed archives never need it, and start-up time matters
const requireLazily = createRequire(import.meta.url);

export interface DecodeOptions {
  /** `sha256:…` or `sha512:…` of the raw (still compressed) bytes; checked while streaming (other algorithms are refused) */
  expectedDigest?: string;
  /** Names the layer in error messages, e.g. `layer 3 (sha256:1a2b3c4d5e6f)` */
  label: string;
  /** Which zstd decoder to use; `auto` = the `zstd` command when on PATH, else fzstd */
  zstd?: ZstdImplementation;
  /** Told the compression sniffed from the blob's first bytes, before any data flows */
  onCompression?: (compression: Compression) => void;
}

const OUT_HIGH_WATER_MARK = 1024 * 1024;

/** `layer 3 (sha256:1a2b3c4d5e6f)`: how error messages name a layer. */
export function layerLabel(index: number, digest: string): string {
  return `layer ${index} (${digest.slice(0, 19)})`;
}

/** Compression by magic bytes: gzip `1f 8b` (eStargz too), zstd `28 b5 2f fd`, anything else a plain tar. */
export function sniffCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.length >= 4 && head.readUInt32BE(0) === 0x28b52ffd) return "zstd";
  return "none";
}

/** The compression a layer media type declares (`…tar+gzip`, `….tar.gzip`, `…+zstd`, a plain tar), if it says. */
export function compressionOfMediaType(mediaType: string | undefined, annotations: Record<string, string> = {}): LayerCompression | undefined {
  if (mediaType === undefined || mediaType === "") return undefined;
  if (/[+.]gzip$/.test(mediaType)) return annotations[ESTARGZ_TOC_ANNOTATION] !== undefined ? "estargz" : "gzip";
  if (/[+.]zstd$/.test(mediaType)) return "zstd";
  if (/\.tar$/.test(mediaType)) return "none";
  return undefined;
}

/** What the bytes say wins over what the media type says; the bytes cannot tell eStargz from gzip, the type can. */
export function detectedCompression(sniffed: Compression | undefined, declared: LayerCompression | undefined): LayerCompression | undefined {
  if (sniffed === undefined) return declared;
  return sniffed === "gzip" && declared === "estargz" ? "estargz" : sniffed;
}

/** The first bytes of a blob stream (then destroyed), for the compression of a blob that was not read this run. */
export async function sniffStream(raw: Readable): Promise<Compression> {
  try {
    return sniffCompression((await readHead(raw, 4)).head);
  } finally {
    raw.destroy();
  }
}

/**
 * Decompresses a layer blob, whatever its compression, and verifies the sha256 of its raw bytes.
 * Every failure (missing blob, corrupt or truncated data, digest mismatch) is an ImageError emitted as an
 * 'error' event on the returned stream; the promise itself never rejects. Destroying the returned stream
 * stops the input and any child process.
 */
export async function decodeLayerStream(raw: Readable, options: DecodeOptions): Promise<Readable> {
  const out = new PassThrough({ highWaterMark: OUT_HIGH_WATER_MARK });
  let head: Buffer;
  try {
    ({ head, rest: raw } = await readHead(raw, 4));
  } catch (err) {
    raw.destroy();
    process.nextTick(() => out.destroy(toImageError(err, options.label, "none")));
    return out;
  }
  const compression = sniffCompression(head);
  options.onCompression?.(compression);
  let decoder: Decoder;
  try {
    if (options.expectedDigest !== undefined) checkDigestSyntax(options.expectedDigest, options.label);
    decoder = makeDecoder(compression, options.zstd);
  } catch (err) {
    raw.destroy();
    process.nextTick(() => out.destroy(toImageError(err, options.label, compression)));
    return out;
  }
  wire(raw, decoder, out, compression, options);
  return out;
}

function makeDecoder(compression: Compression, zstd: ZstdImplementation | undefined): Decoder {
  if (compression === "zstd") return createZstdDecoder(zstd);
  const stream = compression === "gzip" ? gunzip() : new PassThrough();
  return { writable: stream, readable: stream, abort: () => stream.destroy() };
}

function wire(raw: Readable, decoder: Decoder, out: PassThrough, compression: Compression, options: DecodeOptions) {
  let settled = false;
  let pending = decoder.done ? 3 : 2;
  const stopAll = () => {
    raw.destroy();
    decoder.abort();
  };
  const fail = (err: unknown) => {
    if (settled) return;
    settled = true;
    stopAll();
    out.destroy(toImageError(err, options.label, compression));
  };
  const stepDone = () => {
    pending -= 1;
    if (pending === 0 && !settled) {
      settled = true;
      out.end();
    }
  };
  const hasher = digestCheck(options.expectedDigest, options.label);
  pipeline(raw, hasher, decoder.writable, (err) => (err ? fail(err) : stepDone()));
  decoder.readable.on("error", fail);
  decoder.readable.on("end", stepDone);
  decoder.readable.pipe(out, { end: false });
  decoder.done?.then(stepDone, fail);
  out.on("close", () => {
    if (!settled) {
      settled = true;
      stopAll();
    }
  });
}

/**
 * Reads a blob's raw bytes whole and checks them against their digest, without decompressing them: the same
 * one-line errors as a layer read by decodeLayerStream.
 */
export async function checkBlobDigest(raw: Readable, expected: string, label: string): Promise<void> {
  const hash = digestHasher(expected, label);
  try {
    for await (const chunk of raw) hash.update(chunk as Buffer);
  } catch (err) {
    throw blobReadError(err, label);
  }
  const actual = hash.actual();
  if (actual !== expected) throw new ImageError(`${label}: digest mismatch: expected ${expected}, got ${actual}`);
}

/** A failure to read a blob's raw bytes, as the one line a user sees. */
export function blobReadError(err: unknown, label: string): ImageError {
  return toImageError(err, label, "none");
}

/** Passes bytes through, hashing them; fails at the end when they do not match `expected`. */
function digestCheck(expected: string | undefined, label: string): Transform {
  const hash = expected !== undefined ? digestHasher(expected, label) : undefined;
  return new Transform({
    highWaterMark: OUT_HIGH_WATER_MARK,
    transform(chunk: Buffer, _encoding, callback) {
      hash?.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      if (!hash) return callback();
      const actual = hash.actual();
      if (actual === expected) return callback();
      callback(new ImageError(`${label}: digest mismatch: expected ${expected}, got ${actual}`));
    },
  });
}

/**
 * Reads at least `n` bytes (fewer at end of stream) and puts them back, leaving the stream paused. A stream that
 * ended cannot take them back (unshift after end throws): `rest` is then a new stream of just those bytes.
 */
function readHead(raw: Readable, n: number): Promise<{ head: Buffer; rest: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (err?: unknown, ended = false) => {
      raw.off("readable", onReadable);
      raw.off("end", onEnd);
      raw.off("error", onError);
      if (err) return reject(err);
      const head = Buffer.concat(chunks);
      if (ended) return resolve({ head, rest: Readable.from(head.length > 0 ? [head] : [], { objectMode: false }) });
      if (head.length > 0) raw.unshift(head);
      resolve({ head, rest: raw });
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while (length < n && (chunk = raw.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length >= n) finish();
    };
    const onEnd = () => finish(undefined, true);
    const onError = (err: unknown) => finish(err ?? new Error("stream error"));
    raw.on("readable", onReadable);
    raw.on("end", onEnd);
    raw.on("error", onError);
  });
}

function toImageError(err: unknown, label: string, compression: Compression): ImageError {
  if (err instanceof ImageError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === "ENOENT") return new ImageError(`${label}: missing blob`);
  if (err instanceof ZstdDecodeError) {
    return new ImageError(err.truncated ? `${label}: truncated zstd stream` : `${label}: corrupt zstd data (${message})`);
  }
  if (compression === "gzip" && typeof code === "string" && code.startsWith("Z_")) {
    if (code === "Z_BUF_ERROR") return new ImageError(`${label}: truncated gzip stream`);
    return new ImageError(`${label}: corrupt gzip data (${message})`);
  }
  if (code === "ERR_STREAM_PREMATURE_CLOSE") return new ImageError(`${label}: blob stream ended early`);
  return new ImageError(`${label}: ${message.split("\n")[0]}`);
}

function gunzip(): Transform {
  const { createGunzip } = requireLazily("node:zlib") as typeof import("node:zlib");
  return createGunzip({ chunkSize: 256 * 1024 });
}
