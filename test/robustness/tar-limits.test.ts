import { describe, expect, it } from "vitest";
import { TarFormatError } from "../../src/tar/header.js";
import { applyPax, MAX_PAX_RECORDS, mergePax, parsePax } from "../../src/tar/pax.js";
import type { TarEntry } from "../../src/tar/types.js";
import { cleanPath, MAX_PATH_LENGTH, printable } from "../../src/tar/path.js";
import { paxRecord } from "./raw-tar.js";

describe("pax records", () => {
  it("keeps the keys layerscope uses, attributes as hex of their raw bytes, and nothing else", () => {
    const binary = Buffer.concat([Buffer.from("27 SCHILY.xattr.user.b="), Buffer.from([0xff, 0x00, 0x80]), Buffer.from("\n")]);
    const data = Buffer.concat([Buffer.from(paxRecord("path", "a/b") + paxRecord("comment", "dropped") + paxRecord("uname", "root")), binary]);
    expect({ ...parsePax(data, 0) }).toEqual({ path: "a/b", "SCHILY.xattr.user.b": "ff0080" });
  });

  it("gives records a map without a prototype", () => {
    const records = parsePax(Buffer.from(paxRecord("size", "5")), 0);
    expect(Object.getPrototypeOf(records)).toBeNull();
    expect("toString" in records).toBe(false);
  });

  it("keeps an extended attribute named __proto__ as data", () => {
    const entry: TarEntry = { path: "f", type: "file", mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0, linkname: "", devmajor: 0, devminor: 0, dataOffset: 0 };
    applyPax(entry, parsePax(Buffer.from(paxRecord("SCHILY.xattr.__proto__", "x")), 0));
    expect(Object.entries(entry.xattrs!)).toEqual([["__proto__", "78"]]);
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
  it("refuses names longer than the limit and keeps names at it", () => {
    expect(cleanPath("a".repeat(MAX_PATH_LENGTH))).toHaveLength(MAX_PATH_LENGTH);
    expect(() => cleanPath("a".repeat(MAX_PATH_LENGTH + 1))).toThrow(TarFormatError);
  });

  it("prints control characters escaped, other text as it is", () => {
    expect(printable("ok/ünï\tx\u001b[0m\u0085\u2028")).toBe("ok/ünï\\x09x\\x1b[0m\\x85\\u2028");
  });
});
