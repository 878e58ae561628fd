import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileByteReader, streamByteReader, type ByteReader } from "../../src/tar/byte-reader.js";
import { readTar } from "../../src/tar/read-tar.js";
import type { TarEntry } from "../../src/tar/types.js";
import { buildLayerTar, type EntrySpec } from "../helpers/build-tar.js";

/** Feeds the tar in small uneven chunks, so headers and contents straddle chunk edges. */
function chunkedStream(data: Buffer, size = 97): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
  return Readable.from(chunks);
}

function fileReader(data: Buffer): Promise<ByteReader> {
  const path = join(mkdtempSync(join(tmpdir(), "ls-tar-")), "layer.tar");
  writeFileSync(path, data);
  return fileByteReader(path, 0, data.length);
}

async function entriesOf(reader: ByteReader, hash = false): Promise<Array<TarEntry & { hash?: string }>> {
  const out: Array<TarEntry & { hash?: string }> = [];
  await readTar(reader, {
    onEntry: (entry) => {
      out.push(entry);
      return hash && entry.type === "file" ? "hash" : "skip";
    },
    onContent: (entry, content) => {
      (entry as TarEntry & { hash?: string }).hash = content.hash;
    },
  });
  await reader.close();
  return out;
}

const longDir = "d".repeat(120);
const specs: EntrySpec[] = [
  { path: "./etc/", type: "dir", mode: 0o755 },
  { path: "./etc/passwd", content: "root:x:0:0\n", mode: 0o644 },
  { path: "/abs/leading-slash", content: "x" },
  { path: `deep/${longDir}/${"f".repeat(150)}.txt`, content: "long" },
  { path: "bin/sh", type: "symlink", linkname: "/bin/busybox" },
  { path: "bin/link", type: "hardlink", linkname: "./etc/passwd" },
  { path: "dev/null", type: "char", devmajor: 1, devminor: 3, mode: 0o666 },
  { path: "run/fifo", type: "fifo" },
  { path: "big-ids", content: "ids", uid: 3000000, gid: 3000001 },
  { path: "opt/ünïcödé/日本語.txt", content: "u" },
  { path: "suid", content: "s", mode: 0o4755 },
];

describe("readTar", () => {
  for (const [name, open] of [
    ["a seekable file", (data: Buffer) => fileReader(data)],
    ["a chunked stream", async (data: Buffer) => streamByteReader(chunkedStream(data))],
  ] as const) {
    it(`reads every kind of entry from ${name}`, async () => {
      const entries = await entriesOf(await open(await buildLayerTar(specs)), true);
      const byPath = new Map(entries.map((e) => [e.path, e]));
      expect(entries.map((e) => e.path)).toEqual([
        "etc",
        "etc/passwd",
        "abs/leading-slash",
        `deep/${longDir}/${"f".repeat(150)}.txt`,
        "bin/sh",
        "bin/link",
        "dev/null",
        "run/fifo",
        "big-ids",
        "opt/ünïcödé/日本語.txt",
        "suid",
      ]);
      expect(byPath.get("etc")!.type).toBe("dir");
      expect(byPath.get("etc/passwd")).toMatchObject({ type: "file", size: 11, mode: 0o644 });
      expect(byPath.get("etc/passwd")!.hash).toBe(createHash("sha256").update("root:x:0:0\n").digest("hex"));
      expect(byPath.get("bin/sh")).toMatchObject({ type: "symlink", linkname: "/bin/busybox", size: 0 });
      expect(byPath.get("bin/link")).toMatchObject({ type: "hardlink", linkname: "etc/passwd" });
      expect(byPath.get("dev/null")).toMatchObject({ type: "char", devmajor: 1, devminor: 3, mode: 0o666 });
      expect(byPath.get("run/fifo")!.type).toBe("fifo");
      expect(byPath.get("big-ids")).toMatchObject({ uid: 3000000, gid: 3000001 });
      expect(byPath.get("suid")!.mode).toBe(0o4755);
    });
  }

  it("hashes content with sha256 when asked", async () => {
    const data = await buildLayerTar([{ path: "a", content: "hello\n" }]);
    const [entry] = await entriesOf(await fileReader(data), true);
    expect(entry.hash).toBe("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
  });

  it("reads GNU long names and long link names", async () => {
    const name = "g".repeat(130);
    const link = "t".repeat(140);
    const tar = Buffer.concat([gnuLong("L", name), header("0123456789", "2", "short"), gnuLong("K", link), header("x", "2", "y"), Buffer.alloc(1024)]);
    // the first entry takes the long name; the second the long link name
    const entries = await entriesOf(streamByteReader(chunkedStream(tar)));
    expect(entries.map((e) => [e.path, e.linkname])).toEqual([
      [name, "short"],
      ["x", link],
    ]);
  });

  it("reports a truncated tar at each boundary", async () => {
    const data = await buildLayerTar([
      { path: "a", content: "x".repeat(1000) },
      { path: "b", content: "y" },
    ]);
    for (const cut of [100, 512 + 10, 512 + 1024 + 200, data.length - 1024]) {
      await expect(entriesOf(streamByteReader(chunkedStream(data.subarray(0, cut))))).rejects.toThrow(/truncated tar/);
      await expect(entriesOf(await fileReader(data.subarray(0, cut)))).rejects.toThrow(/truncated tar/);
    }
  });

  it("sums every byte of a header, the fields that are almost always empty included", async () => {
    // a ustar name prefix, and bytes after the NUL of the link name and in the padding; bytes above 127 too, which
    // the signed sum (old tars) would count otherwise
    const block = header("name", "0", "");
    block.write("prä/fix", 345, "utf8");
    block.write("x\0léft over", 157, "utf8");
    block.write("päd", 505, "utf8");
    const signed = withChecksum(block);
    const tar = Buffer.concat([signed, Buffer.alloc(1024)]);
    // (one chunk at an odd offset: its blocks are not aligned for 32-bit reads)
    const unaligned = Buffer.concat([Buffer.alloc(1), tar]).subarray(1);
    for (const reader of [await fileReader(tar), streamByteReader(chunkedStream(tar)), streamByteReader(Readable.from([unaligned]))]) {
      expect((await entriesOf(reader)).map((e) => [e.path, e.linkname])).toEqual([["prä/fix/name", "x"]]);
    }
    for (const at of [160, 250, 400, 511]) {
      const corrupt = Buffer.from(tar);
      corrupt[at] ^= 1;
      await expect(entriesOf(await fileReader(corrupt))).rejects.toThrow(/bad checksum/);
      await expect(entriesOf(streamByteReader(chunkedStream(corrupt)))).rejects.toThrow(/bad checksum/);
      const oddCorrupt = Buffer.concat([Buffer.alloc(1), corrupt]).subarray(1);
      await expect(entriesOf(streamByteReader(Readable.from([oddCorrupt])))).rejects.toThrow(/bad checksum/);
    }
  });

  it("rejects data that is not a tar", async () => {
    await expect(entriesOf(streamByteReader(Readable.from([Buffer.alloc(2048, 7)])))).rejects.toThrow(/invalid tar header/);
  });

  it("refuses a pax header larger than the metadata limit", async () => {
    const tar = Buffer.concat([header("PaxHeader", "x", "", 64 << 20), Buffer.alloc(1024)]);
    await expect(entriesOf(streamByteReader(Readable.from([tar])))).rejects.toThrow(/too large/);
  });
});

function header(name: string, typeflag: string, linkname: string, size = 0): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, "utf8");
  block.write("0000644\0", 100);
  block.write("0000000\0", 108);
  block.write("0000000\0", 116);
  block.write(size.toString(8).padStart(11, "0") + "\0", 124);
  block.write("00000000000\0", 136);
  block.write(typeflag, 156);
  block.write(linkname, 157, 100, "utf8");
  block.write("ustar\0" + "00", 257, "latin1");
  return withChecksum(block);
}

/** The block with its checksum field written anew. */
function withChecksum(block: Buffer): Buffer {
  block.fill(32, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
  return block;
}

function gnuLong(typeflag: "L" | "K", value: string): Buffer {
  const data = Buffer.from(value + "\0");
  const padded = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  data.copy(padded);
  return Buffer.concat([header("././@LongLink", typeflag, "", data.length), padded]);
}
