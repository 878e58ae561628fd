import { describe, expect, it } from "vitest";
import { buildAnalysisPage } from "../../../src/report/html/analysis-page.js";
import { packDeltaTree } from "../../../src/report/html/diff-page.js";
import { addLeaf, countLeaves, groupSmallFiles, MAX_DEPTH, newDir, packDir } from "../../../src/report/html/pack-tree.js";
import { NodeKind, type PackedNode } from "../../../src/report/html/page-data.js";
import { formatHtmlReport, jsonForScript, readPageAsset } from "../../../src/report/html/write-html.js";
import { analyzeBuiltLayers as analyze } from "../../helpers/analyze-built.js";

/** Σ of the leaves' bytes by kind */
function bytesByKind(root: PackedNode): Map<number, number> {
  const sums = new Map<number, number>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node[4])) stack.push(...node[4]);
    else sums.set(node[3], (sums.get(node[3]) ?? 0) + node[1]);
  }
  return sums;
}

describe("HTML report data", () => {
  it("the tree's blocks add up to the image's final, junk, shadowed and deleted bytes, and so do the layers", async () => {
    const analysis = await analyze([
      [{ path: "app/a.bin", size: 5000 }, { path: "app/b.bin", size: 3000 }, { path: "var/cache/apt/archives/x.deb", size: 700 }, { path: "tmp/gone", size: 900 }],
      [{ path: "app/a.bin", size: 6000 }, { path: "tmp/.wh.gone" }],
    ]);
    const page = buildAnalysisPage(analysis, { rules: [], hints: [], generator: "test" });
    const { image } = page;
    const sums = bytesByKind(page.tree.root);
    expect((sums.get(NodeKind.final) ?? 0) + (sums.get(NodeKind.junk) ?? 0)).toBe(image.finalBytes);
    expect(sums.get(NodeKind.junk) ?? 0).toBe(image.junkBytes);
    expect(sums.get(NodeKind.shadowed)).toBe(image.shadowedBytes);
    expect(sums.get(NodeKind.deleted)).toBe(image.deletedBytes);
    expect(image.shadowedBytes).toBe(5000);
    expect(image.deletedBytes).toBe(900);
    const layerSum = (key: "finalBytes" | "junkBytes" | "shadowedBytes" | "deletedBytes"): number => page.layers.reduce((sum, layer) => sum + layer[key], 0);
    expect(layerSum("finalBytes") + layerSum("junkBytes")).toBe(image.finalBytes);
    expect(layerSum("shadowedBytes") + layerSum("deletedBytes")).toBe(image.shadowedBytes + image.deletedBytes);
    expect(page.layers.map((layer) => layer.finalBytes + layer.junkBytes + layer.shadowedBytes + layer.deletedBytes)).toEqual(analysis.summary.layers.map((layer) => layer.sizeBytes));
    expect("fileReference" in page.image.dive).toBe(false);
  });

  it("the delta tree holds one leaf per file that changed size", async () => {
    const base = await analyze([[{ path: "a", size: 10 }, { path: "b", size: 20 }, { path: "c", size: 30 }, { path: "same", size: 5 }]]);
    const head = await analyze([[{ path: "a", size: 15 }, { path: "b", size: 5 }, { path: "d", size: 40 }, { path: "same", size: 5 }]]);
    const delta = packDeltaTree(base.tree.treeAt(0), head.tree.treeAt(0));
    const leaves = (delta.root[4] as PackedNode[]).map((node) => [node[0], node[1], node[3], node[5]]);
    expect(leaves.sort()).toEqual([
      ["a", 5, NodeKind.grown, 10],
      ["b", 15, NodeKind.shrunk, 20],
      ["c", 30, NodeKind.removed, 30],
      ["d", 40, NodeKind.added, 0],
    ]);
  });

  it("a deep path nests at most MAX_DEPTH directories; many small files are grouped per directory, bytes kept", () => {
    const draft = newDir();
    addLeaf(draft, Array.from({ length: 200 }, (_, i) => `d${i}`).join("/") + "/f", [1, 0, NodeKind.final]);
    for (let i = 0; i < 50; i++) addLeaf(draft, `/many/f${i}`, [i + 1, 0, NodeKind.final]);
    const root = packDir("/", draft);
    let depth = 0;
    for (let node: PackedNode | undefined = root; node && Array.isArray(node[4]); node = node[4][0]) depth++;
    expect(depth).toBe(MAX_DEPTH + 1);
    const before = bytesByKind(root).get(NodeKind.final);
    const threshold = groupSmallFiles(root, 10);
    expect(threshold).toBeGreaterThan(1);
    expect(countLeaves(root)).toBeLessThanOrEqual(12);
    const sums = bytesByKind(root);
    expect((sums.get(NodeKind.final) ?? 0) + (sums.get(NodeKind.group) ?? 0)).toBe(before);
  });

  it("the data cannot close its script element, and the page allows only its own script", () => {
    const hostile = { name: "</script><script>alert(1)</script><!-- \u2028 &" };
    const json = jsonForScript(hostile);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(hostile);
    const html = formatHtmlReport(
      { page: "diff", generator: "t", diff: { base: { reference: "</title><script>", layerCount: 0 }, head: { reference: "b", layerCount: 0 } } } as never,
      { script: "console.log('</script>')", style: "body{}" },
    );
    expect(html).toContain("<title>layerscope diff: &#60;/title&#62;&#60;script&#62; → b</title>");
    expect(html).toContain("console.log('<\\/script>')");
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(() => readPageAsset("/")).toThrow(/run npm run build/);
  });
});
