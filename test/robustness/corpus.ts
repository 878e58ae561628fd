/**
 * Broken and hostile images, each with the exact outcome layerscope must give: the one-line error, or checks on
 * a (consistent) result. Built at test time; nothing binary is committed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Analysis } from "../../src/analysis/types.js";
import { formatLsLines } from "../../src/tree/ls.js";
import type { FileNode } from "../../src/tree/types.js";
import type { BuiltImage, ImageFormat } from "../helpers/build-image.js";
import { compress, hexOf, sha256 } from "../helpers/build-tar.js";
import { paxRecord, rawFile, rawTar, type RawMember } from "./raw-tar.js";
import { writeArchive, writeRawImage } from "./raw-image.js";

type Expected = { error: string } | { check: (analysis: Analysis) => void };

export interface CorpusCase {
  name: string;
  /** Writes the image under `dir`; returns its path and the expected outcome (messages name the path) */
  build(dir: string): Promise<{ path: string; expected: Expected }>;
}

/** A layer's label in messages: docker archives name layers by diff id, OCI layouts by blob digest. */
function label(built: BuiltImage, format: ImageFormat, index = 0): string {
  const layer = built.images[0].layers[index];
  return `layer ${index} (${(format.startsWith("docker") ? layer.diffId : layer.digest).slice(0, 19)})`;
}

function lsOf(analysis: Analysis): string[] {
  return formatLsLines(analysis.tree.treeAt(analysis.tree.layerCount - 1));
}

function fail(message: string): never {
  throw new Error(message);
}

function expectLs(analysis: Analysis, expected: string[]): void {
  const actual = lsOf(analysis);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) fail(`ls:\n${actual.join("\n")}\nexpected:\n${expected.join("\n")}`);
}

function expectFigures(
  analysis: Analysis,
  figures: Partial<Record<"totalBytes" | "finalBytes" | "shadowedBytes" | "deletedBytes" | "fileCount", number>>,
): void {
  const image = analysis.summary.image;
  for (const [key, value] of Object.entries(figures)) {
    const actual = image[key as keyof typeof figures];
    if (actual !== value) fail(`${key} = ${actual}, expected ${value}`);
  }
}

function depthOf(root: FileNode): number {
  let deepest = 0;
  const stack: Array<[FileNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of node.children ?? []) stack.push([child, depth + 1]);
  }
  return deepest;
}

// A valid layer: dir etc/ at 0, etc/a (600 bytes) header at 512 and content at 1024, etc/b header at 2048 and
// content at 2560, the end marker at 3072.
const VALID_MEMBERS: RawMember[] = [
  { header: { name: "etc/", typeflag: "5", mode: 0o755 } },
  rawFile("etc/a", Buffer.alloc(600, 0x61)),
  rawFile("etc/b", "0123456789"),
];
const VALID = rawTar(VALID_MEMBERS);

/** The same broken layer tar in a docker archive (read in place) and in an OCI layout (gzip, streamed). */
function layerCase(name: string, tar: Buffer, expect: (label: string) => Expected): CorpusCase[] {
  return (
    [
      ["docker-archive", "none"],
      ["oci-layout", "gzip"],
    ] as const
  ).map(([format, compression]) => ({
    name: `${name} (${format})`,
    async build(dir: string) {
      const built = await writeRawImage([tar], { format, compression, dir });
      return { path: built.path, expected: expect(label(built, format)) };
    },
  }));
}

function layerError(name: string, tar: Buffer, message: string): CorpusCase[] {
  return layerCase(name, tar, (l) => ({ error: `${l}: ${message}` }));
}

function layerResult(name: string, tar: Buffer, check: (analysis: Analysis) => void): CorpusCase[] {
  return layerCase(name, tar, () => ({ check }));
}

const truncations: CorpusCase[] = [
  ...layerError("empty layer", Buffer.alloc(0), "truncated tar: no end-of-archive marker"),
  ...layerError("cut inside the first header", VALID.subarray(0, 100), "truncated tar: header at offset 0 is cut short"),
  ...layerError("cut inside a later header", VALID.subarray(0, 712), "truncated tar: header at offset 512 is cut short"),
  ...layerError("cut inside content", VALID.subarray(0, 1324), "truncated tar: content of etc/a is cut short"),
  ...layerError("cut inside padding", VALID.subarray(0, 1634), "truncated tar: archive ends inside padding"),
  ...layerError("cut before the end marker", VALID.subarray(0, 3072), "truncated tar: no end-of-archive marker"),
  ...layerError("cut inside the end marker", VALID.subarray(0, 3172), "truncated tar: header at offset 3072 is cut short"),
  ...layerResult("one zero block as end marker", VALID.subarray(0, 3584), (a) =>
    expectLs(a, ["d 0 0755 0:0 /etc", "f 600 0644 0:0 /etc/a", "f 10 0644 0:0 /etc/b"]),
  ),
  ...layerError("not a tar", Buffer.from("this is not a tar archive\n".repeat(40)), "invalid tar header at offset 0 (bad checksum)"),
  ...layerError("a header with a bad checksum", rawTar([{ header: { name: "x", badChecksum: true } }]), "invalid tar header at offset 0 (bad checksum)"),
  ...layerError(
    "a size field larger than the file",
    rawTar([{ header: { name: "big", size: 1_000_000 }, content: Buffer.from("ten bytes!") }], { end: false }),
    "truncated tar: content of big is cut short",
  ),
  ...layerError(
    "a GNU base-256 size beyond 2^53",
    rawTar([{ header: { name: "huge", sizeField: Buffer.from([0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) } }]),
    "number too large in tar header at offset 0",
  ),
  ...layerError(
    "a negative GNU base-256 size",
    rawTar([{ header: { name: "neg", sizeField: Buffer.alloc(12, 0xff) } }]),
    "negative number in tar header at offset 0",
  ),
];

const XATTRS_300 = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`SCHILY.xattr.user.k${i}`, "v"]));

const paxCases: CorpusCase[] = [
  ...layerError(
    "a pax size far beyond the data",
    rawTar([{ pax: { size: "99999999999999" } }, rawFile("f", "tiny")]),
    "truncated tar: content of f is cut short",
  ),
  ...layerError("a pax size that is not a number", rawTar([{ pax: { size: "12abc" } }, rawFile("f", "x")]), 'invalid pax size "12abc" for f'),
  ...layerError("a pax record claiming a huge length", rawTar([{ pax: "99999999 path=x\n" }, rawFile("f")]), "invalid pax header at offset 0"),
  ...layerError("a pax record without =", rawTar([{ pax: "8 pathx\n" }, rawFile("f")]), "invalid pax record at offset 0"),
  ...layerError(
    "a pax header whose size field claims 8 GiB",
    rawTar([{ header: { name: "PaxHeader", typeflag: "x", size: 0o77777777777 } }]),
    "tar metadata record at offset 0 is too large (8589934591 bytes)",
  ),
  ...layerError("300 extended attributes in one pax header", rawTar([{ pax: XATTRS_300 }, rawFile("f")]), "pax header at offset 0: more than 256 records"),
  ...layerResult(
    "300 global pax headers of one attribute each (read and ignored, as Docker does)",
    rawTar([...Array.from({ length: 300 }, (_, i): RawMember => ({ pax: { [`SCHILY.xattr.user.k${i}`]: "v" }, global: true })), rawFile("f", "x")]),
    (a) => expectFigures(a, { fileCount: 1, totalBytes: 1 }),
  ),
  ...layerResult(
    "a global pax header naming a path (ignored, as Docker does)",
    rawTar([{ pax: { path: "evil/elsewhere" }, global: true }, rawFile("f", "x")]),
    (a) => expectFigures(a, { fileCount: 1, totalBytes: 1 }),
  ),
  ...layerError(
    "an extended attribute larger than Linux allows",
    rawTar([{ pax: { "SCHILY.xattr.user.big": "v".repeat(70_000) } }, rawFile("f")]),
    "pax header at offset 0: extended attribute larger than 65536 bytes",
  ),
  ...layerResult(
    "a global pax header of 100,000 unused records before 2,000 files",
    rawTar([
      { pax: Array.from({ length: 100_000 }, (_, i) => paxRecord(`comment${i}`, "x")).join(""), global: true },
      ...Array.from({ length: 2000 }, (_, i) => rawFile(`f${i}`, "x")),
    ]),
    (a) => expectFigures(a, { fileCount: 2000, totalBytes: 2000 }),
  ),
  ...layerResult("pax keys that name Object.prototype members", rawTar([{ pax: "18 __proto__=evil\n20 constructor=evil\n" }, rawFile("plain", "p")]), (a) =>
    expectLs(a, ["f 1 0644 0:0 /plain"]),
  ),
];

const longName = "n".repeat(200);
const deepPath = "d/".repeat(8_000) + "leaf";

const hostileEntries: CorpusCase[] = [
  ...layerResult(
    "../ and absolute paths stay inside the image",
    rawTar([rawFile("../../etc/passwd", "p"), rawFile("/abs/file", "a"), rawFile("a/../../../b", "b"), rawFile("./../c", "c")]),
    (a) => expectLs(a, ["d 0 0755 0:0 /abs", "f 1 0644 0:0 /abs/file", "f 1 0644 0:0 /b", "f 1 0644 0:0 /c", "d 0 0755 0:0 /etc", "f 1 0644 0:0 /etc/passwd"]),
  ),
  ...layerResult(
    "a pax path and a hardlink target with ../",
    rawTar([{ pax: { path: "../../../../tmp/evil" } }, rawFile("ignored", "e"), { header: { name: "h", typeflag: "1", linkname: "../../tmp/evil" } }]),
    (a) => expectLs(a, ["h 1 0644 0:0 /h -> /tmp/evil", "d 0 0755 0:0 /tmp", "f 1 0644 0:0 /tmp/evil"]),
  ),
  ...layerResult(
    "a path through a symlink replaces the link by a directory",
    rawTar([{ header: { name: "lnk", typeflag: "2", linkname: "/etc" } }, rawFile("lnk/passwd", "x")]),
    (a) => expectLs(a, ["d 0 0755 0:0 /lnk", "f 1 0644 0:0 /lnk/passwd"]),
  ),
  ...layerResult(
    "a symlink loop",
    rawTar([
      { header: { name: "a", typeflag: "2", linkname: "b" } },
      { header: { name: "b", typeflag: "2", linkname: "a" } },
      { header: { name: "self", typeflag: "2", linkname: "self" } },
      { header: { name: "up", typeflag: "2", linkname: "../../../../.." } },
    ]),
    (a) => expectLs(a, ["l 1 0777 0:0 /a -> b", "l 1 0777 0:0 /b -> a", "l 4 0777 0:0 /self -> self", "l 14 0777 0:0 /up -> ../../../../.."]),
  ),
  ...layerResult(
    "a hardlink to a missing path, to a directory and to itself",
    rawTar([
      { header: { name: "dir/", typeflag: "5", mode: 0o755 } },
      { header: { name: "h1", typeflag: "1", linkname: "nothere" } },
      { header: { name: "h2", typeflag: "1", linkname: "dir" } },
      { header: { name: "h3", typeflag: "1", linkname: "h3" } },
    ]),
    (a) => {
      expectLs(a, ["d 0 0755 0:0 /dir", "h 0 0644 0:0 /h1 -> /nothere", "h 0 0644 0:0 /h2 -> /dir", "h 0 0644 0:0 /h3 -> /h3"]);
      expectFigures(a, { totalBytes: 0 });
    },
  ),
  ...layerResult(
    "duplicate entries in one layer",
    rawTar([rawFile("dup", "first version"), rawFile("dup", "second"), { header: { name: "dup2/", typeflag: "5" } }, rawFile("dup2", "now a file")]),
    (a) => {
      expectLs(a, ["f 6 0644 0:0 /dup", "f 10 0644 0:0 /dup2"]);
      expectFigures(a, { totalBytes: 29, finalBytes: 16, shadowedBytes: 13, deletedBytes: 0 });
    },
  ),
  ...layerResult(
    "names with NUL, newline, escape and invalid UTF-8",
    rawTar([
      { pax: { path: "nul\u0000inside" } },
      rawFile("x", "1"),
      rawFile("line\nbreak\u001b[31m", "2"),
      rawFile(Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe]), "3"),
    ]),
    (a) => {
      const names = a.tree.treeAt(0).children!.map((c) => c.name);
      const expected = ["bad\ufffd\ufffd", "line\nbreak\u001b[31m", "nul\u0000inside"];
      if (JSON.stringify(names) !== JSON.stringify(expected)) fail(`names ${JSON.stringify(names)}`);
    },
  ),
  ...layerResult(
    "long names: ustar prefix, pax path and GNU long name",
    rawTar([
      { header: { name: "n".repeat(100), prefix: "p".repeat(150) }, content: Buffer.from("u") },
      { pax: { path: `pax/${longName}/${longName}` } },
      rawFile("short", "p"),
      { header: { name: "././@LongLink", typeflag: "L", size: 3001 }, content: Buffer.from("g".repeat(3000) + "\0") },
      rawFile("cut", "g"),
    ]),
    (a) =>
      expectLs(
        a,
        [
          `f 1 0644 0:0 /${"g".repeat(3000)}`,
          `f 1 0644 0:0 /${"p".repeat(150)}/${"n".repeat(100)}`,
          `d 0 0755 0:0 /${"p".repeat(150)}`,
          "d 0 0755 0:0 /pax",
          `d 0 0755 0:0 /pax/${longName}`,
          `f 1 0644 0:0 /pax/${longName}/${longName}`,
        ].sort((x, y) => Buffer.compare(Buffer.from(x.slice(x.indexOf("/"))), Buffer.from(y.slice(y.indexOf("/"))))),
      ),
  ),
  ...layerResult("8,000 levels of directories", rawTar([{ pax: { path: deepPath } }, rawFile("x", "deep")]), (a) => {
    const depth = depthOf(a.tree.treeAt(0));
    if (depth !== 8_001) fail(`depth ${depth}`);
    expectFigures(a, { fileCount: 8_001, totalBytes: 4, finalBytes: 4 });
  }),
  ...layerError(
    "a name longer than 32 KiB",
    rawTar([{ pax: { path: "x".repeat(40_000) } }, rawFile("x")]),
    "member name too long (40000 characters, at most 32768)",
  ),
  ...layerResult(
    "whiteouts aimed outside the image, at the root and at ..",
    rawTar([rawFile("../.wh.etc"), rawFile(".wh..."), rawFile("a/.wh.."), rawFile(".wh..wh..opq"), rawFile("kept", "k")]),
    (a) => expectLs(a, ["f 1 0644 0:0 /kept"]),
  ),
  ...layerError(
    "a truncation message names the member with its control characters escaped",
    rawTar([{ header: { name: "evil\n\u001b[2J", size: 100 } }], { end: false }),
    "truncated tar: content of evil\\x0a\\x1b[2J is cut short",
  ),
];

function jsonArchive(name: string, manifest: string, expected: (path: string) => string, extra: Array<{ name: string; content: Buffer }> = []): CorpusCase {
  return {
    name,
    async build(dir) {
      const path = await writeArchive([{ name: "manifest.json", content: Buffer.from(manifest) }, ...extra], dir);
      return { path, expected: { error: expected(path) } };
    },
  };
}

const CONFIG = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } }));

const documents: CorpusCase[] = [
  {
    name: "an empty file",
    async build(dir) {
      const path = join(dir, "empty.tar");
      writeFileSync(path, "");
      return { path, expected: { error: `${path}: empty file (0 bytes), not an image archive` } };
    },
  },
  {
    name: "an empty tar",
    async build(dir) {
      const path = await writeArchive([], dir);
      return { path, expected: { error: `${path}: not an image archive (no manifest.json or index.json in it)` } };
    },
  },
  {
    name: "a gzip file that is not an archive",
    async build(dir) {
      const path = join(dir, "image.tar.gz");
      writeFileSync(path, gzipSync(Buffer.from("hello, not a tar\n".repeat(100))));
      return { path, expected: { error: `${path}: not an image archive (invalid tar header at offset 0 (bad checksum))` } };
    },
  },
  jsonArchive("manifest.json that is not JSON", "{not json", (p) => `${p}: manifest.json: invalid JSON at position 1`),
  jsonArchive("manifest.json that is not a list", "{}", (p) => `${p}: manifest.json: expected a non-empty list of images`),
  jsonArchive("manifest.json without Config", '[{"Layers":[]}]', (p) => `${p}: manifest.json: entry 0 has no Config or Layers`),
  jsonArchive("a manifest naming a missing config", '[{"Config":"cfg.json","Layers":[]}]', (p) => `${p}: config cfg.json: missing from the archive`),
  jsonArchive("a config that is not JSON", '[{"Config":"cfg.json","Layers":[]}]', (p) => `${p}: config cfg.json: invalid JSON`, [
    { name: "cfg.json", content: Buffer.from("nope") },
  ]),
  jsonArchive(
    "a manifest naming a missing layer",
    '[{"Config":"cfg.json","Layers":["abc/layer.tar"]}]',
    (p) => `layer 0 (layer-0): missing blob (abc/layer.tar is not in ${p})`,
    [{ name: "cfg.json", content: CONFIG }],
  ),
  {
    name: "an OCI layout whose index.json is not JSON",
    async build(dir) {
      const built = await writeRawImage([VALID], { format: "oci-layout", dir });
      writeFileSync(join(built.path, "index.json"), "[");
      return { path: built.path, expected: { error: `${built.path}: index.json: invalid JSON: unexpected end` } };
    },
  },
  {
    name: "an OCI layout whose index.json has no manifests",
    async build(dir) {
      const built = await writeRawImage([VALID], { format: "oci-layout", dir });
      writeFileSync(join(built.path, "index.json"), '{"schemaVersion":2}');
      return { path: built.path, expected: { error: `${built.path}: index.json: not an image index` } };
    },
  },
  {
    name: "an OCI layout naming a missing manifest",
    async build(dir) {
      const built = await writeRawImage([VALID], { format: "oci-layout", dir });
      const missing = sha256("nothing");
      writeFileSync(
        join(built.path, "index.json"),
        JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: missing, size: 7 }] }),
      );
      return { path: built.path, expected: { error: `${built.path}: missing blob ${missing}` } };
    },
  },
  {
    name: "an OCI manifest without layers",
    async build(dir) {
      const built = await writeRawImage([VALID], { format: "oci-layout", dir });
      const manifest = Buffer.from('{"schemaVersion":2,"config":{}}');
      const digest = sha256(manifest);
      writeFileSync(join(built.path, "blobs/sha256", hexOf(digest)), manifest);
      writeFileSync(
        join(built.path, "index.json"),
        JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest, size: manifest.length }] }),
      );
      return { path: built.path, expected: { error: `${built.path}: manifest ${digest}: not an image manifest` } };
    },
  },
  {
    name: "an OCI config blob that does not match its digest",
    async build(dir) {
      const built = await writeRawImage([VALID], { format: "oci-layout", dir });
      const digest = built.images[0].configDigest;
      const file = join(built.path, "blobs/sha256", hexOf(digest));
      const tampered = Buffer.from(readFileSync(file).toString().replace("amd64", "arm64"));
      writeFileSync(file, tampered);
      return { path: built.path, expected: { error: `${built.path}: blob ${digest} does not match its digest (got ${sha256(tampered)})` } };
    },
  },
  {
    name: "an OCI layer blob that is missing",
    async build(dir) {
      const built = await writeRawImage([VALID], { format: "oci-layout", dir });
      const { rmSync } = await import("node:fs");
      rmSync(join(built.path, built.images[0].layers[0].member));
      return { path: built.path, expected: { error: `${label(built, "oci-layout")}: missing blob in ${built.path}` } };
    },
  },
  {
    name: "an OCI layer blob that does not match its digest",
    async build(dir) {
      const built = await writeRawImage([VALID], { format: "oci-layout", compression: "none", dir });
      const layer = built.images[0].layers[0];
      const file = join(built.path, layer.member);
      const tampered = Buffer.from(readFileSync(file));
      tampered[2560] ^= 1; // a content byte of etc/b: the tar still reads, only the digest tells
      writeFileSync(file, tampered);
      return { path: built.path, expected: { error: `${label(built, "oci-layout")}: digest mismatch: expected ${layer.digest}, got ${sha256(tampered)}` } };
    },
  },
  ...(["gzip", "zstd"] as const).flatMap((compression): CorpusCase[] => {
    const blob = compress(VALID, compression);
    const corrupt = Buffer.from(blob);
    for (let i = 12; i < corrupt.length - 12; i += 7) corrupt[i] ^= 0x5a;
    return [
      {
        name: `a corrupt ${compression} layer`,
        async build(dir) {
          const built = await writeRawImage([corrupt], { format: "oci-layout", compression, asBlobs: true, dir });
          return { path: built.path, expected: { error: `${label(built, "oci-layout")}: ${CORRUPT[compression]}` } };
        },
      },
      {
        name: `a truncated ${compression} layer`,
        async build(dir) {
          const built = await writeRawImage([blob.subarray(0, blob.length >> 1)], { format: "oci-layout", compression, asBlobs: true, dir });
          return { path: built.path, expected: { error: `${label(built, "oci-layout")}: truncated ${compression} stream` } };
        },
      },
    ];
  }),
];

// Regression: a blob shorter than the 4 bytes sniffed for compression failed with "stream.unshift() after end event".
function tinyBlob(name: string, blob: Buffer, compression: "none" | "gzip", message: string): CorpusCase {
  return {
    name,
    async build(dir) {
      const built = await writeRawImage([blob], { format: "oci-layout", compression, asBlobs: true, dir });
      return { path: built.path, expected: { error: `${label(built, "oci-layout")}: ${message}` } };
    },
  };
}

const tinyBlobs: CorpusCase[] = [
  tinyBlob("a 3-byte layer blob", Buffer.from("abc"), "none", "truncated tar: header at offset 0 is cut short"),
  tinyBlob("a layer blob of just the gzip magic", Buffer.from([0x1f, 0x8b]), "gzip", "truncated gzip stream"),
];

const CORRUPT: Record<"gzip" | "zstd", string> = {
  gzip: "corrupt gzip data (invalid code lengths set)",
  zstd: "corrupt zstd data (Decoding error (36) : Data corruption detected)",
};

export const CORPUS: CorpusCase[] = [...truncations, ...paxCases, ...hostileEntries, ...documents, ...tinyBlobs];
