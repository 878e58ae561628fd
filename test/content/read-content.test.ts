import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { ContentLocator, type FileContent } from "../../src/content/locate.js";
import { readFiles } from "../../src/content/read-files.js";
import { resolvePath } from "../../src/content/resolve-path.js";
import { readMemberContents } from "../../src/sources/content.js";
import { openImage } from "../../src/sources/open.js";
import type { ImageSource } from "../../src/sources/types.js";
import type { Analysis } from "../../src/analysis/types.js";
import { buildImage, type BuildOptions, type ImageSpec } from "../helpers/build-image.js";

const big = randomBytes(3 << 20);
const spec: ImageSpec = {
  layers: [
    [
      { path: "etc", type: "dir" },
      { path: "etc/os-release", content: "NAME=test\n" },
      { path: "etc/motd", content: "first\n" },
      { path: "usr/bin/tool", content: big, mode: 0o755 },
      { path: "usr/bin/tool-link", type: "hardlink", linkname: "usr/bin/tool" },
      { path: "lib", type: "symlink", linkname: "usr/lib" },
      { path: "usr/lib/libx.so", content: "libx" },
      { path: "empty", content: "" },
    ],
    [
      { path: "etc/motd", content: "second\n" },
      { path: "usr/bin/old-link", type: "hardlink", linkname: "usr/bin/tool" },
      { path: "loop-a", type: "symlink", linkname: "loop-b" },
      { path: "loop-b", type: "symlink", linkname: "/loop-a" },
      { path: "rel", type: "symlink", linkname: "../../etc/./motd" },
    ],
    [{ path: "etc/.wh.os-release" }, { path: "usr/bin/tool", content: "replaced\n" }],
  ],
};

const FORMATS: Array<[string, BuildOptions]> = [
  ["docker-archive (seekable)", { format: "docker-archive" }],
  ["docker-archive, gzip layers", { format: "docker-archive", compression: "gzip" }],
  ["gzip'd docker-archive", { format: "docker-archive", gzipArchive: true }],
  ["oci-layout, gzip", { format: "oci-layout" }],
  ["oci-layout, uncompressed (seekable)", { format: "oci-layout", compression: "none" }],
  ["oci-layout, zstd", { format: "oci-layout", compression: "zstd" }],
  ["oci-archive, uncompressed (seekable)", { format: "oci-archive", compression: "none" }],
];

async function withImage<T>(options: BuildOptions, use: (source: ImageSource, analysis: Analysis) => Promise<T>): Promise<T> {
  const built = await buildImage(spec, options);
  const source = await openImage(built.path);
  try {
    return await use(source, await analyzeImage(source));
  } finally {
    await source.close();
  }
}

async function cat(source: ImageSource, analysis: Analysis, layer: number, path: string, follow = true): Promise<Buffer | string> {
  const resolved = resolvePath(analysis.tree.treeAt(layer), path, follow);
  if (resolved.kind !== "found") return resolved.kind;
  const content = new ContentLocator(analysis.tree).locate(resolved.node);
  if (!content) return resolved.node.type;
  const parts: Buffer[] = [];
  await readFiles(source, [content], { chunk: (_f, bytes) => void parts.push(Buffer.from(bytes)) });
  return Buffer.concat(parts);
}

describe.each(FORMATS)("one file's bytes from %s", (_name, options) => {
  it("reads files as they are after each layer, through symlinks and hardlinks", async () => {
    await withImage(options, async (source, analysis) => {
      const text = async (layer: number, path: string, follow = true) => {
        const got = await cat(source, analysis, layer, path, follow);
        return typeof got === "string" ? got : got.toString();
      };
      expect(await text(0, "/etc/motd")).toBe("first\n");
      expect(await text(2, "/etc/motd")).toBe("second\n");
      expect(await text(0, "/etc/os-release")).toBe("NAME=test\n");
      expect(await text(2, "/etc/os-release")).toBe("missing");
      expect(await text(0, "/lib/libx.so")).toBe("libx");
      expect(await text(1, "/rel")).toBe("second\n");
      expect(await text(1, "/rel", false)).toBe("symlink");
      expect(await text(1, "/loop-a")).toBe("loop");
      expect(await text(0, "/etc/motd/x")).toBe("not-dir");
      expect(await text(0, "/etc")).toBe("dir");
      expect(await text(0, "/empty")).toBe("");
      expect(await text(2, "/usr/bin/tool")).toBe("replaced\n");
      expect(Buffer.compare((await cat(source, analysis, 0, "/usr/bin/tool")) as Buffer, big)).toBe(0);
      // a hardlink keeps the bytes it was written with, in its own layer or to a target an earlier layer wrote
      expect(Buffer.compare((await cat(source, analysis, 2, "/usr/bin/tool-link")) as Buffer, big)).toBe(0);
      expect(Buffer.compare((await cat(source, analysis, 2, "/usr/bin/old-link")) as Buffer, big)).toBe(0);
    });
  });
});

describe("reading members", () => {
  it("refuses an offset whose tar header is not the file's", async () => {
    await withImage({ format: "docker-archive" }, async (source, analysis) => {
      const node = resolvePath(analysis.tree.treeAt(0), "/etc/motd", true);
      if (node.kind !== "found") throw new Error("no /etc/motd");
      const content = new ContentLocator(analysis.tree).locate(node.node)!;
      const stale: FileContent = { ...content, dataOffset: content.dataOffset + 512 };
      await expect(readMemberContents(source.layers[0], [stale], { chunk: () => {} })).rejects.toThrow(/not this file's|no valid tar header/);
    });
  });

  it("reads several files of a compressed layer in one pass, in tar order, each once", async () => {
    await withImage({ format: "oci-layout" }, async (source, analysis) => {
      const tree = analysis.tree.treeAt(0);
      const locator = new ContentLocator(analysis.tree);
      const files = ["/usr/lib/libx.so", "/etc/motd", "/usr/bin/tool-link", "/usr/bin/tool"].map((path) => {
        const found = resolvePath(tree, path, true);
        if (found.kind !== "found") throw new Error(path);
        return locator.locate(found.node)!;
      });
      const seen: string[] = [];
      const sizes = new Map<string, number>();
      let opens = 0;
      const layer = source.layers[0];
      const counted = { ...layer, open: (o?: Parameters<typeof layer.open>[0]) => (opens++, layer.open(o)) };
      await readMemberContents(counted, files, {
        begin: (file) => void seen.push(file.shownAs),
        chunk: (file, bytes) => void sizes.set(file.shownAs, (sizes.get(file.shownAs) ?? 0) + bytes.length),
      });
      expect(opens).toBe(1);
      // files at the same offset (a hardlink and its target) come in the order asked
      expect(seen).toEqual(["/etc/motd", "/usr/bin/tool-link", "/usr/bin/tool", "/usr/lib/libx.so"]);
      expect(sizes.get("/usr/bin/tool-link")).toBe(big.length);
    });
  });
});
