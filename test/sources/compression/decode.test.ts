import { createReadStream, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { decodeLayerStream, layerLabel, sniffCompression } from "../../../src/sources/compression/decode.js";
import { buildLayerTar, compress, sha256 } from "../../helpers/build-tar.js";
import { drainError } from "../read-layers.js";
import { ImageError } from "../../../src/errors.js";

const dir = mkdtempSync(join(tmpdir(), "layerscope-decode-"));
const tar = await buildLayerTar([
  { path: "etc", type: "dir" },
  { path: "etc/data", content: Buffer.alloc(300_000, 7) },
  { path: "x", size: 70_000 },
]);
const label = layerLabel(3, sha256(tar));

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function file(name: string, data: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

describe("decodeLayerStream", () => {
  test("labels name the layer with a short digest", () => {
    expect(label).toMatch(/^layer 3 \(sha256:[0-9a-f]{12}\)$/);
  });

  test("sniffs by magic bytes", () => {
    expect(sniffCompression(gzipSync(tar))).toBe("gzip");
    expect(sniffCompression(compress(tar, "zstd"))).toBe("zstd");
    expect(sniffCompression(tar)).toBe("none");
  });

  for (const zstd of ["cli", "js"] as const) {
    for (const compression of ["none", "gzip", "zstd"] as const) {
      test(`${compression} (zstd ${zstd}) decodes to the tar and checks the raw digest`, async () => {
        const blob = compress(tar, compression);
        const path = file(`ok-${compression}`, blob);
        const out = await decodeLayerStream(createReadStream(path), { expectedDigest: sha256(blob), label, zstd });
        expect((await collect(out)).equals(tar)).toBe(true);
      });
    }

    test(`truncated zstd (zstd ${zstd})`, async () => {
      const blob = compress(tar, "zstd");
      const out = await decodeLayerStream(Readable.from([blob.subarray(0, blob.length - 40)]), { label, zstd });
      const err = await drainError(out);
      expect(err).toBeInstanceOf(ImageError);
      expect(err?.message).toBe(`${label}: truncated zstd stream`);
    });
  }

  test("multi-member gzip (eStargz) decodes fully", async () => {
    const blob = Buffer.concat([gzipSync(tar.subarray(0, 1000)), gzipSync(tar.subarray(1000))]);
    const out = await decodeLayerStream(Readable.from([blob]), { label });
    expect((await collect(out)).equals(tar)).toBe(true);
  });

  test("digest mismatch is an error event naming the layer", async () => {
    const wrong = sha256("something else");
    const out = await decodeLayerStream(Readable.from([gzipSync(tar)]), { expectedDigest: wrong, label });
    const err = await drainError(out);
    expect(err).toBeInstanceOf(ImageError);
    expect(err?.message).toBe(`${label}: digest mismatch: expected ${wrong}, got ${sha256(gzipSync(tar))}`);
  });

  test("corrupt and truncated gzip", async () => {
    const blob = gzipSync(tar);
    const corrupt = Buffer.from(blob);
    corrupt[3] = 0xff; // reserved header flags
    expect((await drainError(await decodeLayerStream(Readable.from([corrupt]), { label })))?.message).toMatch(
      new RegExp(`^${label.replace(/[()]/g, "\\$&")}: corrupt gzip data \\(.+\\)$`),
    );
    const truncated = blob.subarray(0, blob.length >> 1);
    expect((await drainError(await decodeLayerStream(Readable.from([truncated]), { label })))?.message).toBe(`${label}: truncated gzip stream`);
  });

  test("corrupt zstd data with the CLI", async () => {
    const blob = Buffer.from(compress(tar, "zstd"));
    blob.fill(0x55, 20, blob.length - 20);
    const err = await drainError(await decodeLayerStream(Readable.from([blob]), { label, zstd: "cli" }));
    expect(err?.message).toMatch(/: (corrupt zstd data \(.+\)|truncated zstd stream)$/);
  });

  test("a missing blob", async () => {
    const err = await drainError(await decodeLayerStream(createReadStream(join(dir, "nope")), { label }));
    expect(err?.message).toBe(`${label}: missing blob`);
  });

  test("an empty blob is an empty tar stream", async () => {
    const out = await decodeLayerStream(Readable.from([]), { label });
    expect((await collect(out)).length).toBe(0);
  });

  test("stopping early ends the zstd process and the input", async () => {
    const big = await buildLayerTar([{ path: "big", content: Buffer.alloc(40 << 20, 1) }]);
    const raw = createReadStream(file("big.zst", compress(big, "zstd")));
    const out = await decodeLayerStream(raw, { label, zstd: "cli" });
    for await (const _chunk of out) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(out.destroyed).toBe(true);
    expect(raw.destroyed).toBe(true);
  });
});

/** A zstd frame without content size: window descriptor `window`, then `blocks` RLE blocks of `size` bytes each. */
function rleFrame(window: number, blocks: number, size: number): Buffer {
  const parts = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, window])];
  for (let i = 0; i < blocks; i++) {
    const header = (size << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0);
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x61]));
  }
  return Buffer.concat(parts);
}

describe("zstd without the zstd command (fzstd)", () => {
  test("refuses a window beyond the zstd command's default limit, in one line", async () => {
    const frame = rleFrame((20 << 3) | 7, 1, 10); // 2^30 + 7·2^27 bytes
    const err = await drainError(await decodeLayerStream(Readable.from([frame]), { label, zstd: "js" }));
    expect(err?.message).toBe(
      `${label}: corrupt zstd data (a frame asks for a 2013265920-byte window, more than the 134217728 the zstd command accepts by default)`,
    );
    const cli = await drainError(await decodeLayerStream(Readable.from([frame]), { label, zstd: "cli" }));
    expect(cli?.message).toMatch(/^layer 3 \(sha256:[0-9a-f]{12}\): corrupt zstd data \(.*(memory|[Ww]indow).*\)$/);
  });

  test("decodes only as fast as the reader reads: 8 KB of RLE blocks that make 256 MiB are never buffered whole", async () => {
    const frame = rleFrame(7 << 3, 2048, 128 * 1024); // 128 KiB window, 2048 blocks of 128 KiB
    const out = await decodeLayerStream(Readable.from([frame]), { label, zstd: "js" });
    let total = 0;
    let mostBuffered = 0;
    for await (const chunk of out) {
      total += (chunk as Buffer).length;
      mostBuffered = Math.max(mostBuffered, out.readableLength);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(total).toBe(256 << 20);
    expect(mostBuffered).toBeLessThan(64 << 20);
  });
});
