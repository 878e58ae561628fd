import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TarFormatError } from "../../src/tar/header.js";
import { applyPax, MAX_PAX_RECORDS, mergePax, parsePax } from "../../src/tar/pax.js";
import type { TarEntry } from "../../src/tar/types.js";
import { cleanPath, MAX_PATH_LENGTH } from "../../src/tar/path.js";
import { Readable } from "node:stream";
import { streamByteReader } from "../../src/tar/byte-reader.js";
import { readTar } from "../../src/tar/read-tar.js";
import { paxRecord, rawTar } from "./raw-tar.js";
import { printable } from "../../src/text/escape.js";

/** An entry of all eleven fields, owned by root, empty: what pax records are applied to */
const bareEntry = (path: string, type: TarEntry["type"], mode: number): TarEntry => ({
  path,
  type,
  mode,
  uid: 0,
  gid: 0,
  size: 0,
  mtime: 0,
  linkname: "",
  devmajor: 0,
  devminor: 0,
  dataOffset: 0,
});

describe("pax records", () => {
  it("keeps the keys layerscope uses, of attributes only their size and hash, and nothing else", () => {
    const binary = Buffer.concat([Buffer.from("27 SCHILY.xattr.user.b="), Buffer.from([0xff, 0x00, 0x80]), Buffer.from("\n")]);
    const data = Buffer.concat([Buffer.from(paxRecord("path", "a/b") + paxRecord("comment", "dropped") + paxRecord("uname", "root")), binary]);
    const hash = createHash("sha256")
      .update(Buffer.from([0xff, 0x00, 0x80]))
      .digest("hex");
    expect({ ...parsePax(data, 0) }).toEqual({ path: "a/b", "SCHILY.xattr.user.b": `3:${hash}` });
  });

  it("sums up an entry's extended attributes: count, bytes and a hash that tells a change apart, never a value", () => {
    const summary = (records: Record<string, string>) => {
      const entry = bareEntry("f", "file", 0o644);
      applyPax(
        entry,
        parsePax(
          Buffer.from(
            Object.entries(records)
              .map(([k, v]) => paxRecord(k, v))
              .join(""),
          ),
          0,
        ),
      );
      return entry.xattrs!;
    };
    const big = "v".repeat(60_000);
    const one = summary({ "SCHILY.xattr.user.a": big, "SCHILY.xattr.security.capability": "xyz" });
    expect({ count: one.count, bytes: one.bytes }).toEqual({ count: 2, bytes: 60_003 });
    expect(JSON.stringify(one).length).toBeLessThan(200);
    expect(summary({ "SCHILY.xattr.security.capability": "xyz", "SCHILY.xattr.user.a": big }).hash).toBe(one.hash);
    expect(summary({ "SCHILY.xattr.user.a": big, "SCHILY.xattr.security.capability": "xyw" }).hash).not.toBe(one.hash);
  });

  it("gives records a map without a prototype", () => {
    const records = parsePax(Buffer.from(paxRecord("size", "5")), 0);
    expect(Object.getPrototypeOf(records)).toBeNull();
    expect("toString" in records).toBe(false);
  });

  it("keeps an extended attribute named __proto__ as data", () => {
    const entry = bareEntry("f", "file", 0o644);
    applyPax(entry, parsePax(Buffer.from(paxRecord("SCHILY.xattr.__proto__", "x")), 0));
    expect(entry.xattrs?.count).toBe(1);
    expect(Object.getPrototypeOf(entry)).toBe(Object.prototype);
  });

  it("refuses a record whose length does not end on its newline", () => {
    expect(() => parsePax(Buffer.from("10 path=ab\n"), 512)).toThrow(new TarFormatError("invalid pax header at offset 512"));
  });

  it("refuses to merge past the record limit", () => {
    const many = Object.fromEntries(Array.from({ length: MAX_PAX_RECORDS }, (_, i) => [`SCHILY.xattr.k${i}`, "00"]));
    expect(mergePax(many, { "SCHILY.xattr.k0": "11" }, 0)["SCHILY.xattr.k0"]).toBe("11");
    expect(() => mergePax(many, { path: "p" }, 1024)).toThrow(new TarFormatError(`pax headers before offset 1024: more than ${MAX_PAX_RECORDS} records`));
  });
});

describe("member names", () => {
  it("refuses link targets longer than the name limit, from a pax linkpath or a GNU long link", async () => {
    const entry = bareEntry("l", "symlink", 0o777);
    applyPax(entry, { linkpath: "t".repeat(MAX_PATH_LENGTH) });
    expect(entry.linkname).toHaveLength(MAX_PATH_LENGTH);
    expect(() => applyPax(entry, { linkpath: "t".repeat(MAX_PATH_LENGTH + 1) })).toThrow(
      new TarFormatError(`link target too long (${MAX_PATH_LENGTH + 1} characters, at most ${MAX_PATH_LENGTH})`),
    );
    const gnu = rawTar([
      { header: { name: "././@LongLink", typeflag: "K", size: 40_001 }, content: Buffer.alloc(40_001, 0x74) },
      { header: { name: "l", typeflag: "2" } },
    ]);
    const reader = await streamByteReader(Readable.from([gnu]));
    await expect(readTar(reader, { onEntry: () => undefined })).rejects.toThrow("link target too long (40001 characters");
  });

  it("refuses names longer than the limit and keeps names at it", () => {
    expect(cleanPath("a".repeat(MAX_PATH_LENGTH))).toHaveLength(MAX_PATH_LENGTH);
    expect(() => cleanPath("a".repeat(MAX_PATH_LENGTH + 1))).toThrow(TarFormatError);
  });

  it("prints control characters escaped, other text as it is", () => {
    expect(printable("ok/ünï\tx\u001b[0m\u0085\u2028")).toBe("ok/ünï\\x09x\\x1b[0m\\x85\\u2028");
  });
});
