import { describe, expect, it } from "vitest";
import { makeEntry } from "../../src/tar/plain-entry.js";

describe("makeEntry", () => {
  it("reads the same fields whether they are the entry's own or its prototype's", () => {
    const plain = makeEntry("etc/passwd", "file", 0o644, 0, 0, 3, 1_700_000_000, "", 0, 0, 1536);
    const owned = makeEntry("etc/passwd", "file", 0o644, 1000, 0, 3, 1_700_000_000, "", 0, 0, 1536);
    expect(Object.keys(plain)).toEqual(["path", "type", "mode", "size", "mtime", "dataOffset"]);
    expect(Object.keys(owned)).toHaveLength(11);
    const fields = (e: typeof plain) => [e.path, e.type, e.mode, e.uid, e.gid, e.size, e.mtime, e.linkname, e.devmajor, e.devminor, e.dataOffset];
    expect(fields(plain)).toEqual(["etc/passwd", "file", 0o644, 0, 0, 3, 1_700_000_000, "", 0, 0, 1536]);
    expect(fields(owned)).toEqual(["etc/passwd", "file", 0o644, 1000, 0, 3, 1_700_000_000, "", 0, 0, 1536]);
  });

  it("keeps all fields of an entry with a link target or device numbers", () => {
    expect(makeEntry("bin/sh", "symlink", 0o777, 0, 0, 0, 1, "busybox", 0, 0, 0)).toMatchObject({ linkname: "busybox" });
    expect(Object.keys(makeEntry("dev/null", "char", 0o666, 0, 0, 0, 1, "", 1, 3, 0))).toContain("devminor");
  });

  it("lets a field given to one plain entry stay that entry's own", () => {
    const a = makeEntry("a", "file", 0o644, 0, 0, 0, 1, "", 0, 0, 0);
    const b = makeEntry("b", "file", 0o644, 0, 0, 0, 1, "", 0, 0, 0);
    a.linkname = "x";
    a.uid = 7;
    expect([a.linkname, a.uid, b.linkname, b.uid]).toEqual(["x", 7, "", 0]);
  });
});
