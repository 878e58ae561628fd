import { describe, expect, it } from "vitest";
import { analyzeBuiltLayers } from "../helpers/analyze-built.js";
import { rangeChanges } from "../../src/tree/range.js";
import { runInProcess } from "../helpers/cli-io.js";
import { buildImage } from "../helpers/build-image.js";

const LAYERS = [
  [
    { path: "etc/keep", content: "k" },
    { path: "etc/old", content: "old!" },
    { path: "etc/conf", content: "1" },
  ],
  [
    { path: "build/tmp.o", content: "x".repeat(100) },
    { path: "etc/conf", content: "22" },
    { path: "app/bin", content: "b".repeat(10) },
  ],
  [{ path: ".wh.build" }, { path: "etc/.wh.old" }, { path: "app/lib", content: "l".repeat(20) }],
  [{ path: "app/late", content: "z" }],
];

describe("the net changes of a layer range", () => {
  it("compares the tree after the range with the tree before it: a path added and removed inside is no change", async () => {
    const analysis = await analyzeBuiltLayers(LAYERS);
    const range = rangeChanges(analysis.tree, 1, 2, (layer) => analysis.summary.layers[layer].sizeBytes);
    expect(range.changes.map((change) => [change.kind, change.path, change.size])).toEqual([
      ["added", "/app", 0],
      ["added", "/app/bin", 10],
      ["added", "/app/lib", 20],
      ["modified", "/etc/conf", 2],
      ["removed", "/etc/old", 4],
    ]);
    expect(range.totals).toEqual({
      added: 3,
      modified: 1,
      removed: 1,
      addedBytes: 30,
      modifiedBytes: 2,
      removedBytes: 4,
      netBytes: 32,
      storedBytes: 100 + 2 + 10 + 20,
    });
    // from layer 0, everything in the tree after the range is added
    expect(rangeChanges(analysis.tree, 0, 0, () => 0).changes.map((change) => change.kind)).toEqual(["added", "added", "added", "added"]);
  });

  it("ls --layers N..M prints the changes and a totals line, or JSON with the same", async () => {
    const built = await buildImage({ layers: LAYERS }, { format: "docker-archive" });
    const text = (await runInProcess(["ls", built.path, "--layers", "1..2"])).stdout.toString().split("\n");
    expect(text).toEqual([
      "+ d 0 0755 0:0 /app",
      "+ f 10 0644 0:0 /app/bin",
      "+ f 20 0644 0:0 /app/lib",
      "~ f 2 0644 0:0 /etc/conf",
      "- f 4 0644 0:0 /etc/old",
      "# layers 1..2: +3 ~1 -1; net 32 B (added 30 B, modified 2 B), removed 4 B; the layers store 132 B",
      "",
    ]);
    const json = JSON.parse((await runInProcess(["ls", built.path, "--layers", "1..", "--json"])).stdout.toString()) as {
      from: number;
      to: number;
      totals: { added: number };
    };
    expect([json.from, json.to, json.totals.added]).toEqual([1, 3, 4]);
    const bad = await runInProcess(["ls", built.path, "--layers", "2..9"]);
    expect([bad.status, bad.stderr]).toEqual([2, `layerscope: --layers 2..9: give N..M with 0 ≤ N ≤ M ≤ 3 (${built.path} has layers 0 to 3)\n`]);
  });

  it("ls --layers --json gives a symlink the size and mode its line shows: its target's length, 0777", async () => {
    const built = await buildImage(
      { layers: [[{ path: "etc/conf", content: "1" }], [{ path: "etc/link", type: "symlink", linkname: "conf.d/target", mode: 0o755 }]] },
      { format: "docker-archive" },
    );
    const text = (await runInProcess(["ls", built.path, "--layers", "1..1"])).stdout.toString();
    expect(text.split("\n")[0]).toBe("+ l 13 0777 0:0 /etc/link -> conf.d/target");
    const json = JSON.parse((await runInProcess(["ls", built.path, "--layers", "1..1", "--json"])).stdout.toString()) as {
      changes: Array<{ path: string; size: number; mode: string; linkTarget?: string }>;
    };
    expect(json.changes).toMatchObject([{ path: "/etc/link", size: 13, mode: "0777", linkTarget: "conf.d/target" }]);
  });
});
