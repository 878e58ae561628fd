import { describe, expect, it } from "vitest";
import { resolvePath } from "../../src/content/resolve-path.js";
import { analyzeBuiltLayers } from "../helpers/analyze-built.js";

async function finalTree() {
  const analysis = await analyzeBuiltLayers([
    [
      { path: "etc/passwd", content: "root\n" },
      { path: "usr/bin/tool", content: "tool\n" },
      { path: "bin", type: "symlink", linkname: "usr/bin" },
      { path: "conf", type: "symlink", linkname: "/etc/passwd" },
    ],
  ]);
  return analysis.tree.treeAt(0);
}

describe("resolving a path as the kernel would", () => {
  it("wants a directory where the path ends with a slash, or goes on with . or .. after a file", async () => {
    const root = await finalTree();
    const where = (path: string, follow = false): string => {
      const resolved = resolvePath(root, path, follow);
      return resolved.kind === "found" ? `found ${resolved.path}` : `${resolved.kind} ${resolved.path}`;
    };
    expect(where("/etc/passwd")).toBe("found /etc/passwd");
    expect(where("/etc/passwd/")).toBe("not-dir /etc/passwd");
    expect(where("/etc/passwd/.")).toBe("not-dir /etc/passwd");
    expect(where("/etc/passwd/../passwd")).toBe("not-dir /etc/passwd");
    expect(where("/conf/")).toBe("not-dir /etc/passwd");
    // a slash at the end follows the last symlink even without followLast, as `ls /bin/` lists /usr/bin
    expect(where("/bin")).toBe("found /bin");
    expect(where("/bin/")).toBe("found /usr/bin");
    expect(where("/etc/")).toBe("found /etc");
    expect(where("/etc/./passwd")).toBe("found /etc/passwd");
    expect(where("/")).toBe("found /");
  });
});
