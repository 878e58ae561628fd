/**
 * Hostile images, round two (issue 11): digests and the layer cache, files of a layout that are not plain files,
 * fields that would size memory or time, terminal escapes in tags. Each case failed before its fix.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ArchiveCursors } from "../../src/sources/archive-cursors.js";
import { MAX_METADATA_BYTES } from "../../src/sources/archive-index.js";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { FileLayerCache } from "../../src/cache/file-cache.js";
import { MAX_MANIFESTS } from "../../src/sources/oci-resolve.js";
import { openImage } from "../../src/sources/open.js";
import { formatLsLines } from "../../src/tree/ls.js";
import { analyzeReference, outcomeOf } from "./consistency.js";
import { digestOf, putDocument, writeHandLayout } from "./hand-layout.js";
import { writeArchive, writeRawImage } from "./raw-image.js";
import { rawFile, rawTar } from "./raw-tar.js";

const LEGIT = rawTar([rawFile("etc/motd", "hello")]);
const EVIL = rawTar([rawFile("etc/motd", "planted by another image, 40 bytes long")]);

async function errorOf(path: string): Promise<string> {
  const outcome = await outcomeOf(() => analyzeReference(path));
  return outcome.kind === "error" ? outcome.message : "a result";
}

async function lsWithCache(path: string, cache: FileLayerCache): Promise<string[]> {
  const source = await openImage(path);
  try {
    const analysis = await analyzeImage(source, { cache });
    return formatLsLines(analysis.tree.treeAt(analysis.tree.layerCount - 1));
  } finally {
    await source.close();
  }
}

describe("digests and the layer cache", () => {
  it("refuses a digest algorithm it cannot verify, in one line", async () => {
    const md5 = "md5:" + "0".repeat(32);
    const layout = writeHandLayout([{ blob: LEGIT, digest: md5 }]);
    expect(await errorOf(layout.dir)).toBe(
      `${layout.dir}: manifest ${layout.manifestDigest} layers[0]: unsupported digest algorithm "md5" (only sha256 and sha512 can be verified)`,
    );
  });

  it("verifies sha512 layers: a mismatch is an error", async () => {
    const claimed = digestOf(LEGIT, "sha512");
    const layout = writeHandLayout([{ blob: EVIL, digest: claimed }]);
    expect(await errorOf(layout.dir)).toBe(`layer 0 (${claimed.slice(0, 19)}): digest mismatch: expected ${claimed}, got ${digestOf(EVIL, "sha512")}`);
  });

  it("never caches a layer under a digest its bytes do not match: a later image sharing it gets its own tree", async () => {
    const cache = new FileLayerCache({ dir: mkdtempSync(join(tmpdir(), "layerscope-poison-")), maxBytes: 2 ** 30 });
    const digest = digestOf(LEGIT, "sha512");
    const hostile = writeHandLayout([{ blob: EVIL, digest }]);
    await expect(lsWithCache(hostile.dir, cache)).rejects.toThrow("digest mismatch");
    expect(await cache.get(digest)).toBeUndefined();
    const legit = writeHandLayout([{ blob: LEGIT, digest }]);
    expect(await lsWithCache(legit.dir, cache)).toEqual(["d 0 0755 0:0 /etc", "f 5 0644 0:0 /etc/motd"]);
    // and a verified sha512 layer is cached, under its digest
    expect(await cache.get(digest)).toHaveLength(1);
  });

  it("checks a layout's blob file again once it changed since it was cached: a rewritten blob fails as it does without the cache", async () => {
    const cache = new FileLayerCache({ dir: mkdtempSync(join(tmpdir(), "layerscope-rewritten-")), maxBytes: 2 ** 30 });
    const layout = writeHandLayout([{ blob: LEGIT }]);
    const digest = layout.layerDigests[0];
    expect(await lsWithCache(layout.dir, cache)).toEqual(["d 0 0755 0:0 /etc", "f 5 0644 0:0 /etc/motd"]);
    expect(await cache.get(digest)).toHaveLength(1);
    // the same length, other bytes: only the digest can tell
    const rewritten = rawTar([rawFile("etc/motd", "HELLO")]);
    expect(rewritten.length).toBe(LEGIT.length);
    writeFileSync(layout.blobFile(digest), rewritten);
    const expected = `layer 0 (${digest.slice(0, 19)}): digest mismatch: expected ${digest}, got ${digestOf(rewritten)}`;
    expect(await errorOf(layout.dir)).toBe(expected);
    await expect(lsWithCache(layout.dir, cache)).rejects.toThrow(expected);
    // put back, the blob is checked again and the cached entries serve
    writeFileSync(layout.blobFile(digest), LEGIT);
    expect(await lsWithCache(layout.dir, cache)).toEqual(["d 0 0755 0:0 /etc", "f 5 0644 0:0 /etc/motd"]);
  });

});

describe("files of an OCI layout that are not plain files", () => {
  it("refuses an index.json that is a symlink out of the layout, without quoting what it points at", async () => {
    const secret = join(mkdtempSync(join(tmpdir(), "layerscope-secret-")), "shadow");
    writeFileSync(secret, "root:$6$secret-hash:19000:0:99999:7:::\n");
    const layout = writeHandLayout([{ blob: LEGIT }]);
    unlinkSync(join(layout.dir, "index.json"));
    symlinkSync(secret, join(layout.dir, "index.json"));
    expect(await errorOf(layout.dir)).toBe(`${layout.dir}: index.json leads out of the layout (a symlink)`);
  });

  it("quotes nothing of a document that is not JSON", async () => {
    const layout = writeHandLayout([{ blob: LEGIT }]);
    writeFileSync(join(layout.dir, "index.json"), "root:x:0:0:root:/root:/bin/bash\n");
    expect(await errorOf(layout.dir)).toBe(`${layout.dir}: index.json: invalid JSON`);
  });

  it("refuses a layer blob that is a symlink to a device, and one that is a FIFO, instead of reading forever", async () => {
    const toDevice = writeHandLayout([{ blob: LEGIT }]);
    const file = toDevice.blobFile(toDevice.layerDigests[0]);
    unlinkSync(file);
    symlinkSync("/dev/zero", file);
    expect(await errorOf(toDevice.dir)).toBe(`${toDevice.dir}: blob ${toDevice.layerDigests[0]} leads out of the layout (a symlink)`);
    const fifo = writeHandLayout([{ blob: LEGIT }]);
    const fifoFile = fifo.blobFile(fifo.layerDigests[0]);
    unlinkSync(fifoFile);
    expect(spawnSync("mkfifo", [fifoFile]).status).toBe(0);
    expect(await errorOf(fifo.dir)).toBe(`${fifo.dir}: blob ${fifo.layerDigests[0]} is not a regular file`);
  });

  it("reads a blob only up to the size its descriptor declares: a huge sparse layer is refused at once", async () => {
    const layout = writeHandLayout([{ blob: LEGIT }]);
    const file = layout.blobFile(layout.layerDigests[0]);
    truncateSync(file, 64 * 2 ** 30);
    try {
      expect(await errorOf(layout.dir)).toBe(`layer 0 (${layout.layerDigests[0].slice(0, 19)}): ${layout.dir}: blob ${layout.layerDigests[0]} is ${64 * 2 ** 30} bytes, its descriptor says ${LEGIT.length}`);
    } finally {
      rmSync(file);
    }
  });

  it("refuses a manifest larger than its descriptor says, and an index.json over the cap", async () => {
    const layout = writeHandLayout([{ blob: LEGIT }], { indexJson: (m) => ({ schemaVersion: 2, manifests: [{ ...m, size: 10 }] }) });
    expect(await errorOf(layout.dir)).toBe(`${layout.dir}: blob ${layout.manifestDigest} is larger than 10 bytes`);
    const big = writeHandLayout([{ blob: LEGIT }]);
    writeFileSync(join(big.dir, "index.json"), " ".repeat(5 << 20) + "{}");
    expect(await errorOf(big.dir)).toBe(`${big.dir}: index.json is larger than ${4 << 20} bytes`);
  });
});

describe("memory and time bounded by the input", () => {
  it("walks nested indexes that share children once per digest (16 children a level, 8 levels)", async () => {
    const layout = writeHandLayout([{ blob: LEGIT }]);
    const manifest = JSON.parse(readFileSync(join(layout.dir, "index.json"), "utf8")).manifests[0] as object;
    let level: object = manifest;
    for (let i = 0; i < 8; i++) {
      level = putDocument(layout, "application/vnd.oci.image.index.v1+json", { schemaVersion: 2, manifests: Array.from({ length: 16 }, () => level) });
    }
    writeFileSync(join(layout.dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests: [level] }));
    const outcome = await outcomeOf(() => analyzeReference(layout.dir));
    expect(outcome.kind).toBe("result");
  });

  it("refuses more manifests or layers than the limits, in one line", async () => {
    const layout = writeHandLayout([{ blob: LEGIT }]);
    const manifest = JSON.parse(readFileSync(join(layout.dir, "index.json"), "utf8")).manifests[0] as { digest: string };
    const wide = Array.from({ length: 5_001 }, () => manifest);
    const a = putDocument(layout, "application/vnd.oci.image.index.v1+json", { schemaVersion: 2, manifests: wide });
    const b = putDocument(layout, "application/vnd.oci.image.index.v1+json", { schemaVersion: 2, manifests: [...wide, { ...manifest, digest: digestOf(Buffer.from("other")) }] });
    writeFileSync(join(layout.dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests: [a, b] }));
    expect(await errorOf(layout.dir)).toBe(`${layout.dir}: more than ${MAX_MANIFESTS} manifests and indexes`);
    const many = writeHandLayout(Array.from({ length: 10_001 }, () => ({ blob: LEGIT })));
    expect(await errorOf(many.dir)).toBe(`${many.dir}: manifest ${many.manifestDigest}: more than 10000 layers (10001)`);
  });

  it("refuses a path so deep that the directories it implies would cost quadratic memory; analyses a deep one", async () => {
    const deep = (levels: number) => rawTar([{ pax: { path: "a/".repeat(levels) + "f" } }, rawFile("f", "x")]);
    const refused = await writeRawImage([deep(16_000)], { format: "oci-layout" });
    expect(await errorOf(refused.path)).toMatch(/^layer 0: directories nested too deeply \(the parents that \/a\/a\/a.*… implies exceed 64 MiB of path names\)$/);
    const kept = await writeRawImage([deep(2_000)], { format: "oci-layout" });
    const outcome = await outcomeOf(() => analyzeReference(kept.path));
    expect(outcome.kind === "result" ? outcome.analysis.summary.image.fileCount : outcome.message).toBe(2_001);
  });

  it("refuses a pax linkpath longer than a name may be", async () => {
    const tar = rawTar([{ pax: { linkpath: "t".repeat(40_000) } }, { header: { name: "l", typeflag: "2" } }]);
    const built = await writeRawImage([tar], { format: "oci-layout" });
    expect(await errorOf(built.path)).toBe(`layer 0 (${built.images[0].layers[0].digest.slice(0, 19)}): link target too long (40000 characters, at most 32768)`);
  });

  it("keeps no extended attribute value: a layer of many 64 KiB attributes is analysed", async () => {
    const records = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`SCHILY.xattr.user.k${i}`, "v".repeat(60_000)]));
    const tar = rawTar(Array.from({ length: 8 }, (_, i) => [{ pax: records }, rawFile(`f${i}`, "x")]).flat());
    const built = await writeRawImage([tar], { format: "oci-layout" });
    const outcome = await outcomeOf(() => analyzeReference(built.path));
    expect(outcome.kind === "result" ? outcome.analysis.summary.image.fileCount : outcome.message).toBe(8);
  });
});

describe("a gzipped docker archive", () => {
  it("is inflated about once: ranges in archive order continue on one cursor, an earlier range opens another", async () => {
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
    let opened = 0;
    const cursors = new ArchiveCursors(async () => {
      opened++;
      return Readable.from([data.subarray(0, 30_000), data.subarray(30_000, 70_000), data.subarray(70_000)]);
    }, "test.tar.gz");
    const read = async (start: number, length: number) => {
      const chunks: Buffer[] = [];
      for await (const chunk of cursors.range(start, length)) chunks.push(chunk);
      return Buffer.concat(chunks);
    };
    for (let start = 0; start < 100_000; start += 10_000) expect(await read(start + 100, 5_000)).toEqual(data.subarray(start + 100, start + 5_100));
    expect(opened).toBe(1);
    expect(await read(50, 10)).toEqual(data.subarray(50, 60));
    expect(opened).toBe(2);
    await expect(read(99_990, 20)).rejects.toThrow("archive test.tar.gz: truncated archive");
    cursors.close();
  });

  it("gives the same analysis as the plain archive, 40 layers", async () => {
    const layers = Array.from({ length: 40 }, (_, i) => rawTar([rawFile(`l${i}/f`, Buffer.alloc(1000 + i, i))]));
    const plain = await writeRawImage(layers, { format: "docker-archive" });
    const gzipped = plain.path.replace(/\.tar$/, ".tar.gz");
    writeFileSync(gzipped, gzipSync(readFileSync(plain.path)));
    const [a, b] = await Promise.all([analyzeReference(plain.path), analyzeReference(gzipped)]);
    expect(formatLsLines(b.tree.treeAt(39))).toEqual(formatLsLines(a.tree.treeAt(39)));
    expect(b.summary.image.totalBytes).toBe(a.summary.image.totalBytes);
  });

  it("caps the JSON documents it buffers, in total", async () => {
    const members = Array.from({ length: 70 }, (_, i) => ({ name: `junk${i}.json`, content: Buffer.alloc(1 << 20, 0x20) }));
    const path = await writeArchive(members);
    writeFileSync(path + ".gz", gzipSync(readFileSync(path)));
    expect(await errorOf(path + ".gz")).toBe(`${path}.gz: more than ${MAX_METADATA_BYTES} bytes of JSON documents and small blobs`);
  });
});
