import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeLayer, encodeLayer, FORMAT_VERSION } from "../../src/cache/layer-codec.js";
import type { EntryType } from "../../src/tar/types.js";
import type { LayerEntry } from "../../src/tree/types.js";

const DIGEST = "sha256:" + "ab".repeat(32);
const TYPES: EntryType[] = ["file", "dir", "symlink", "hardlink", "char", "block", "fifo"];

const entryArb: fc.Arbitrary<LayerEntry> = fc
  .record({
    path: fc.string({ unit: "grapheme", maxLength: 40 }),
    type: fc.constantFrom(...TYPES),
    mode: fc.integer({ min: 0, max: 0o7777 }),
    uid: fc.integer({ min: 0, max: 2 ** 40 }),
    gid: fc.integer({ min: 0, max: 2 ** 31 }),
    size: fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.constant(Number.MAX_SAFE_INTEGER)),
    mtime: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    linkname: fc.string({ maxLength: 20 }),
    devmajor: fc.nat(),
    devminor: fc.nat(),
    dataOffset: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    xattrs: fc.option(fc.record({ count: fc.integer({ min: 1, max: 256 }), bytes: fc.nat(), hash: fc.stringMatching(/^[0-9a-f]{64}$/) }), { nil: undefined }),
    hash: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: undefined }),
    content: fc.option(
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      { nil: undefined },
    ),
    contentOverCap: fc.option(fc.constant(true as const), { nil: undefined }),
  })
  .map((e) => {
    const entry: LayerEntry = { ...e };
    if (entry.xattrs === undefined) delete entry.xattrs;
    if (entry.hash === undefined) delete entry.hash;
    if (entry.content === undefined) delete entry.content;
    if (entry.contentOverCap === undefined) delete entry.contentOverCap;
    return entry;
  });

const sample: LayerEntry[] = [
  { path: "etc", type: "dir", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 1, linkname: "", devmajor: 0, devminor: 0, dataOffset: 512 },
  {
    path: "etc/passwd",
    type: "file",
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: 3,
    mtime: 1_700_000_000,
    linkname: "",
    devmajor: 0,
    devminor: 0,
    dataOffset: 1536,
    hash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  },
];

describe("layer codec", () => {
  it("gives back exactly the entries it encoded", () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), (entries) => {
        expect(decodeLayer(DIGEST, encodeLayer(DIGEST, entries))).toEqual(entries);
      }),
    );
  });

  it("refuses an entry stored under another digest", () => {
    expect(decodeLayer("sha256:" + "cd".repeat(32), encodeLayer(DIGEST, sample))).toBeUndefined();
  });

  it("refuses every truncated copy and every copy with a flipped byte", () => {
    const data = encodeLayer(DIGEST, sample);
    for (let cut = 0; cut < data.length; cut++) expect(decodeLayer(DIGEST, data.subarray(0, cut))).toBeUndefined();
    for (let at = 0; at < data.length; at++) {
      const bad = Buffer.from(data);
      bad[at] ^= 0x01;
      expect(decodeLayer(DIGEST, bad), `byte ${at}`).toBeUndefined();
    }
    expect(decodeLayer(DIGEST, Buffer.concat([data, Buffer.from([0])]))).toBeUndefined();
  });

  it("refuses another format version", () => {
    const data = Buffer.from(encodeLayer(DIGEST, sample));
    data.writeUInt32BE(FORMAT_VERSION + 1, 4);
    expect(decodeLayer(DIGEST, data)).toBeUndefined();
  });
});
