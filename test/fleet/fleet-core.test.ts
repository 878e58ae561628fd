import { describe, expect, it } from "vitest";
import { fleetReport } from "../../src/fleet/fleet-report.js";
import { encodeLayer } from "../../src/cache/layer-codec.js";
import { FleetLayerTable } from "../../src/fleet/layer-table.js";
import { inShard, parseShard } from "../../src/fleet/shard.js";
import { fleetTrend } from "../../src/fleet/trend.js";
import type { FleetImage, FleetLayer } from "../../src/fleet/types.js";
import type { LayerEntry } from "../../src/tree/types.js";

const digest = (name: string): string => `sha256:${Buffer.from(name).toString("hex").padEnd(64, "0").slice(0, 64)}`;
const layer = (name: string, size: number, junk = 0): FleetLayer => ({
  digest: digest(`blob-${name}`),
  diffId: digest(name),
  blobSize: Math.round(size / 2),
  sizeBytes: size,
  shadowedBytes: 0,
  deletedBytes: 0,
  junkBytes: junk,
  packages: 0,
  packageBytes: 0,
});
const row = (reference: string, config: string, layers: FleetLayer[], extra: Partial<FleetImage> = {}): FleetImage => {
  const total = layers.reduce((sum, l) => sum + l.sizeBytes, 0);
  const wasted = layers.reduce((sum, l) => sum + l.junkBytes, 0);
  return {
    reference,
    status: "ok",
    configDigest: digest(config),
    totalBytes: total,
    wastedBytes: wasted,
    efficiency: 1 - wasted / total,
    layers,
    base: { evidence: "none", inheritedLayers: 0 },
    hints: [],
    packages: [],
    verdict: "pass",
    failedRules: [],
    ...extra,
  };
};

const base = row("reg/base:1", "base", [layer("b0", 1000)]);
const app = row("reg/app:1", "app", [layer("b0", 1000), layer("a1", 300, 100)]);
const appAgain = row("reg/app:latest", "app", [layer("b0", 1000), layer("a1", 300, 100)]);
const other = row("reg/other:1", "other", [layer("o0", 500)]);
const broken: FleetImage = { reference: "reg/broken:1", status: "error", error: "manifest not found" };

describe("fleet report", () => {
  it("counts an image named twice once, finds bases within the fleet and counts each shared blob once", () => {
    const { images, summary } = fleetReport([app, other, base, appAgain, broken], { ignoreBase: false });
    expect(images.map((image) => image.reference)).toEqual(["reg/app:1", "reg/app:latest", "reg/base:1", "reg/broken:1", "reg/other:1"]);
    expect(images[1].sameAs).toBe("reg/app:1");
    expect(images[0].base).toMatchObject({ evidence: "base-image", fleetImage: "reg/base:1", inheritedLayers: 1 });
    expect(summary).toMatchObject({ references: 5, images: 3, failed: 1, totalBytes: 2800, wastedBytes: 100 });
    expect(summary.yours).toEqual({ sizeBytes: 1800, wastedBytes: 100 });
    expect(summary.inherited).toEqual({ sizeBytes: 1000, wastedBytes: 0 });
    expect(summary.pull).toMatchObject({ distinctLayers: 3, layers: 4, sharedBytes: 900, perImageBytes: 1400 });
    expect(summary.bases.find((b) => b.name === "reg/base:1")).toMatchObject({ evidence: "fleet", images: 1, inheritedBytes: 1000 });
  });

  it("depends on the set of rows, not their order (a merge of shards equals one run)", () => {
    const one = JSON.stringify(fleetReport([app, other, base, appAgain, broken], { ignoreBase: false }));
    const other2 = JSON.stringify(fleetReport([broken, appAgain, base, other, app], { ignoreBase: false }));
    expect(other2).toBe(one);
  });

  it("sees regressions against a previous report", () => {
    const worse = { ...app, totalBytes: 3300, wastedBytes: 2100, efficiency: 1 - 2100 / 3300, verdict: "fail" as const, failedRules: ["lowestEfficiency"] };
    const trend = fleetTrend([app, base, other], [worse, base, broken], "old.json", {});
    expect(trend.verdict).toBe("fail");
    expect(trend.regressions).toBe(1);
    expect(trend.changed.map((c) => `${c.reference} ${c.change}`)).toEqual(["reg/app:1 failing", "reg/broken:1 new", "reg/other:1 gone"]);
    expect(trend.changed[0].reasons.join("; ")).toMatch(/rules fail: lowestEfficiency; efficiency dropped/);
    expect(fleetTrend([app], [app], "old.json", {}).changed).toEqual([]);
  });

  it("as diff does, does not count an efficiency drop without more waste: the same waste in a smaller image", () => {
    const big = { ...app, totalBytes: 100_000, wastedBytes: 1000, efficiency: 0.99 };
    const smaller = { ...app, totalBytes: 10_000, wastedBytes: 1000, efficiency: 0.9 };
    const trend = fleetTrend([big], [smaller], "old.json", { maxEfficiencyDrop: 0.01 });
    expect([trend.verdict, trend.regressions]).toEqual(["pass", 0]);
    expect(trend.changed).toMatchObject([{ reference: "reg/app:1", change: "better", reasons: [], sizeDelta: -90_000 }]);
    const wasteful = { ...smaller, wastedBytes: 2500, efficiency: 0.75 };
    expect(fleetTrend([big], [wasteful], "old.json", {}).changed[0]).toMatchObject({
      change: "worse",
      reasons: ["efficiency dropped 24.00 points (limit 1.00)"],
    });
  });
});

describe("shards", () => {
  it("parses I/N from 1 and splits keys so that every key is in exactly one shard", () => {
    expect(parseShard("2/3")).toEqual({ index: 1, count: 3 });
    for (const bad of ["0/3", "4/3", "1/0", "a/b", "1"]) expect(parseShard(bad)).toBeUndefined();
    const keys = Array.from({ length: 200 }, (_, i) => digest(`image-${i}`));
    const counts = [0, 1, 2].map((index) => keys.filter((key) => inShard(key, { index, count: 3 })).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(200);
    expect(Math.min(...counts)).toBeGreaterThan(40);
  });
});

describe("FleetLayerTable", () => {
  const entries = (count: number): LayerEntry[] =>
    Array.from(
      { length: count },
      (_, i) =>
        ({
          path: `f${i}`,
          type: "file",
          size: i,
          mode: 0o644,
          uid: 0,
          gid: 0,
          mtime: 0,
          linkname: "",
          devmajor: 0,
          devminor: 0,
          dataOffset: 0,
        }) satisfies LayerEntry,
    );

  it("lets one image at a time read a layer; the others wait, then find it in the table", async () => {
    const table = new FleetLayerTable(undefined, 1 << 20);
    const releaseA = await table.claim(["sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64)]);
    let bClaimed = false;
    const waiting = table.claim(["sha256:" + "b".repeat(64)]).then((release) => {
      bClaimed = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bClaimed).toBe(false);
    await table.put("sha256:" + "b".repeat(64), entries(3));
    releaseA();
    const releaseB = await waiting;
    expect(bClaimed).toBe(true);
    expect((await table.get("sha256:" + "b".repeat(64)))?.length).toBe(3);
    releaseB();
    expect(table.stats).toEqual({ stored: 1, reused: 1 });
  });

  it("keeps at most its byte budget in memory, dropping the least recently used", async () => {
    const one = encodeLayer(`sha256:${"c".repeat(64)}`, entries(40)).length;
    const table = new FleetLayerTable(undefined, Math.floor(one * 2.5));
    for (const name of ["c", "d", "e"]) await table.put(`sha256:${name.repeat(64)}`, entries(40));
    expect(await table.get(`sha256:${"c".repeat(64)}`)).toBeUndefined();
    expect((await table.get(`sha256:${"e".repeat(64)}`))?.length).toBe(40);
  });
});
