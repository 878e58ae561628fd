import { describe, expect, it } from "vitest";
import type { FileBytes } from "../../../src/tui/content-view.js";
import { confirmKey, lookAction, type LookHost } from "../../../src/tui/state/look-actions.js";
import type { TreeRow } from "../../../src/tui/state/tree-rows.js";
import { diffViewLines, hexLine, textLines } from "../../../src/tui/state/viewer-lines.js";
import { wasteWithDuplicates } from "../../../src/tui/state/waste-rows.js";
import type { FileNode } from "../../../src/tree/types.js";

const file = (path: string, text: string, layer = 0): FileBytes => ({
  path,
  layer,
  bytes: Buffer.from(text),
  size: text.length,
  binary: false,
  member: `${layer}:0`,
});

describe("the viewer's lines", () => {
  it("escapes what could drive the terminal and expands tabs", () => {
    expect(textLines(Buffer.from("a\tb\n\u001b[2Jx\u202e\r\n"))).toEqual(["a       b", "\\x1b[2Jx\\u202e"]);
  });

  it("writes hex rows with offsets and printable ASCII", () => {
    const bytes = Buffer.from("\u007fELF\u0000\u0001abcdefghijklmnopq");
    expect(hexLine(bytes, 0)).toBe("00000000  7f 45 4c 46 00 01 61 62  63 64 65 66 67 68 69 6a  |.ELF..abcdefghij|");
    expect(hexLine(bytes, 1)).toBe("00000010  6b 6c 6d 6e 6f 70 71                              |klmnopq|");
  });

  it("diffs two versions, with trailing whitespace set apart, and names binary ones", async () => {
    const lines = await diffViewLines(file("/etc/a", "x=1\ny=2\n", 0), file("/etc/a", "x=1\ny=3  \n", 1));
    expect(lines.map((line) => [line.kind, line.text, line.trailing])).toEqual([
      ["file", "--- a/etc/a (layer 0)", undefined],
      ["file", "+++ b/etc/a (layer 1)", undefined],
      ["hunk", "@@ -1,2 +1,2 @@", undefined],
      ["text", " x=1", undefined],
      ["del", "-y=2", undefined],
      ["add", "+y=3", "  "],
    ]);
    const added = await diffViewLines(undefined, file("/new", "n\n", 2));
    expect(added[0].text).toBe("--- /dev/null");
    expect(await diffViewLines(undefined, { ...file("/bin/x", "\u0000"), binary: true })).toEqual([
      { kind: "note", text: "Binary files differ (0 → 1 bytes)" },
    ]);
  });

  it("says when the layer did not change the file, and never calls equal bytes different", async () => {
    const notes = async (base: FileBytes | undefined, head: FileBytes | undefined): Promise<string[]> =>
      (await diffViewLines(base, head)).filter((line) => line.kind === "note").map((line) => line.text);
    const readme = file("/etc/README", "read me\n", 1);
    expect(await notes(readme, { ...readme, layer: 2 })).toEqual(["Not changed by layer 2: the same file as after layer 1"]);
    expect(await notes(readme, file("/etc/README", "read me\n", 2))).toEqual(["The two versions hold the same bytes (metadata changed only)"]);
    const binary = (layer: number, size: number, content = "\u0000\u0001"): FileBytes => ({ ...file("/bin/x", content, layer), size, binary: true });
    expect(await notes(binary(1, 2), binary(2, 2))).toEqual(["The two versions hold the same bytes (metadata changed only)"]);
    expect(await notes(binary(1, 2), binary(2, 2, "\u0000\u0002"))).toEqual(["Binary files differ (2 → 2 bytes)"]);
    // only the first bytes of a large file are read: equal ones prove nothing about the rest, unless the hashes do
    expect(await notes(binary(1, 5000), binary(2, 5000))).toEqual(["The first 2 B of both versions are the same; the rest was not read (size cap)"]);
    expect(await notes({ ...binary(1, 5000), hash: "a" }, { ...binary(2, 5000), hash: "b" })).toEqual(["Binary files differ (5000 → 5000 bytes)"]);
    expect(await notes({ ...file("/log", "a\n", 1), size: 5000 }, { ...file("/log", "a\n", 2), size: 5000 })).toEqual([
      "The first 2 B of both versions are the same; the rest was not read (size cap)",
    ]);
    expect(await notes(undefined, file("/empty", "", 3))).toEqual(["A new empty file"]);
  });
});

describe("the look keys", () => {
  const node = (path: string, type: FileNode["type"]): FileNode => ({
    name: path.slice(path.lastIndexOf("/") + 1),
    path,
    type,
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: 0,
    linkname: "",
    size: 3,
    layer: 1,
    totalSize: 3,
  });
  const row = (path: string, type: FileNode["type"], change?: TreeRow["change"]): TreeRow => ({
    node: node(path, type),
    depth: 1,
    parent: -1,
    last: true,
    collapsed: false,
    hasChildren: type === "dir",
    ...(change ? { change } : {}),
  });
  const state: LookHost = { overlay: "none", focus: "tree", layer: 2 };
  const ctx = { overlayPage: 10, viewerLines: 25 };

  it("opens the viewer on a file (a removed one as the layer below had it, its diff as the removal), and leaves a directory to the fold", () => {
    expect(lookAction(state, "view-file", ctx, () => row("/etc/motd", "file"))?.viewer).toEqual({ path: "/etc/motd", layer: 2, mode: "file", scroll: 0 });
    const viewed = lookAction(state, "view-file", ctx, () => row("/etc/old", "file", "removed"))!;
    expect(viewed.viewer).toEqual({ path: "/etc/old", layer: 1, mode: "file", scroll: 0, removedIn: 2 });
    const diffed = lookAction(state, "diff-file", ctx, () => row("/etc/old", "file", "removed"))!;
    expect(diffed.viewer).toEqual({ path: "/etc/old", layer: 2, mode: "diff", scroll: 0, removedIn: 2 });
    // D in the viewer of a removed file shows the removal, as D in the tree does; and back to the file below
    const toggled = lookAction(viewed, "viewer-diff", ctx, () => undefined)!;
    expect(toggled.viewer).toMatchObject({ layer: 2, mode: "diff" });
    expect(lookAction(toggled, "viewer-diff", ctx, () => undefined)!.viewer).toMatchObject({ layer: 1, mode: "file" });
    // a file this layer did not remove keeps its layer either way
    const motd = lookAction(state, "view-file", ctx, () => row("/etc/motd", "file"))!;
    expect(lookAction(motd, "viewer-diff", ctx, () => undefined)!.viewer).toMatchObject({ layer: 2, mode: "diff" });
    expect(lookAction(state, "view-file", ctx, () => row("/etc", "dir"))).toBeUndefined();
  });

  it("scrolls the viewer within its lines, and closes it with esc", () => {
    let viewing = lookAction(state, "view-file", ctx, () => row("/etc/motd", "file"))!;
    viewing = lookAction(viewing, "last", ctx, () => undefined)!;
    expect(viewing.viewer?.scroll).toBe(15);
    viewing = lookAction(viewing, "page-down", ctx, () => undefined)!;
    expect(viewing.viewer?.scroll).toBe(15);
    expect(lookAction(viewing, "close", ctx, () => undefined)).toMatchObject({ overlay: "none", viewer: undefined });
  });

  it("asks before extracting, marks a range at both ends, and copies the selected path", () => {
    const asked = lookAction(state, "extract-path", ctx, () => row("/srv", "dir"))!;
    expect(asked.confirm).toEqual({ kind: "extract", path: "/srv", layer: 2 });
    expect(confirmKey(asked, "n")).toMatchObject({ confirm: undefined, message: "extract cancelled" });
    expect(confirmKey(asked, "y").effect).toEqual({ kind: "extract", path: "/srv", layer: 2 });
    expect(lookAction(state, "mark-range", { ...ctx, layerCount: 0 }, () => undefined)).toMatchObject({
      message: "the image has no layers: no range to mark",
      overlay: "none",
    });
    expect(lookAction(state, "extract-path", ctx, () => row("/etc/old", "file", "removed"))).toMatchObject({
      message: "/etc/old: removed, not in the tree after layer 2: nothing to extract",
    });
    const marked = lookAction({ ...state, focus: "layers", layer: 3 }, "mark-range", ctx, () => undefined)!;
    expect(marked.rangeStart).toBe(3);
    expect(lookAction({ ...marked, layer: 1 }, "mark-range", ctx, () => undefined)).toMatchObject({ overlay: "range", range: { from: 1, to: 3 } });
    expect(lookAction(state, "copy-path", ctx, () => row("/etc/motd", "file"))?.effect).toEqual({ kind: "copy", path: "/etc/motd", layer: 2 });
  });
});

describe("identical files in the UI's waste list", () => {
  it("adds every copy but the first of each group, largest first", () => {
    const rows = wasteWithDuplicates([{ path: "/var/cache/", kind: "junk", addedBy: 1, bytes: 500, files: 3, largest: "/var/cache/a", rule: "apt-cache" }], {
      minSize: 1024,
      candidates: 3,
      hashedFiles: 3,
      hashedBytes: 3000,
      savedBytes: 2000,
      groups: [
        {
          hash: "h",
          size: 1000,
          savedBytes: 2000,
          copies: [
            { path: "/a", layer: 0 },
            { path: "/b", layer: 0 },
            { path: "/c", layer: 2 },
          ],
        },
      ],
    });
    expect(rows.map((row) => [row.kind, row.path, row.bytes, row.copyOf])).toEqual([
      ["duplicate", "/b", 1000, "/a"],
      ["duplicate", "/c", 1000, "/a"],
      ["junk", "/var/cache/", 500, undefined],
    ]);
  });
});
