import { describe, expect, it } from "vitest";
import { computeHints } from "../../src/analysis/hints/compute-hints.js";
import type { Analysis } from "../../src/analysis/types.js";
import type { PackageInfo } from "../../src/packages/types.js";
import { analyzePair as analyzeOnce, pairImage } from "../analysis/hints/pair-images.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { dpkgInstalled, listSums, unpackRootfs } from "./unpacked-rootfs.js";

const tempDir = tempDirs();
/** Unpacking and walking a root filesystem takes long on a loaded machine */
const SLOW = 600_000;

const analyses = new Map<string, Promise<Analysis>>();
function analyzePair(name: string): Promise<Analysis> {
  let analysis = analyses.get(name);
  if (!analysis) analyses.set(name, (analysis = analyzeOnce(name)));
  return analysis;
}

function debs(analysis: Analysis): PackageInfo[] {
  return (analysis.summary.packages?.packages ?? []).filter((p) => p.ecosystem === "deb");
}

/** The order in which packages claim shared files: installing layer, then name (as docs/packages.md says) */
function claimOrder(packages: PackageInfo[]): PackageInfo[] {
  return [...packages].sort((a, b) => a.layer - b.layer || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

describe.each(["pkg-apt-rec", "pkg-apt-norec"])("dpkg packages of %s against the unpacked root filesystem", (name) => {
  it("lists the installed packages with the bytes of their .list files, and the rest as unowned", async () => {
    const analysis = await analyzePair(name);
    const report = analysis.summary.packages!;
    expect(report.warnings).toEqual([]);
    const rootfs = unpackRootfs(pairImage(name, "oci"), tempDir);
    const installed = dpkgInstalled(rootfs);
    const packages = debs(analysis);
    expect(new Set(packages.map((p) => p.name))).toEqual(new Set(installed.keys()));
    for (const p of packages) expect(p.version).toBe(installed.get(p.name)!.version);

    const sums = listSums(rootfs, claimOrder(packages).map((p) => ({ name: p.name, id: installed.get(p.name)!.id })));
    const mismatches = packages.filter((p) => p.bytes !== sums.bytes.get(p.name)).map((p) => `${p.name}: ${p.bytes} vs ${sums.bytes.get(p.name)}`);
    expect(mismatches).toEqual([]);
    expect(report.ownedBytes).toBe(sums.owned);
    expect(sums.total).toBe(analysis.summary.image.finalBytes);
    expect(report.unownedBytes).toBe(sums.total - sums.owned);
    expect(report.unownedBytes).toBeGreaterThan(0);
  }, SLOW);

  it("names the layer that installed each package, the build tools, and the package the last layer removed", async () => {
    const analysis = await analyzePair(name);
    const byName = new Map(debs(analysis).map((p) => [p.name, p]));
    expect(byName.get("bash")!.layer).toBe(0);
    expect(byName.get("curl")).toMatchObject({ layer: 1, reason: "requested", buildTool: false });
    expect(byName.get("libcurl4")).toMatchObject({ layer: 1, reason: "dependency", pulledBy: ["curl"] });
    expect(byName.get("make")).toMatchObject({ layer: 2, reason: "requested", buildTool: true });
    expect(byName.get("libssl-dev")).toMatchObject({ layer: 2, buildTool: true });
    expect(byName.has("less")).toBe(false);
    expect(analysis.summary.packages!.removed).toEqual([
      expect.objectContaining({ ecosystem: "deb", name: "less", layer: 2, removedLayer: 3 }),
    ]);
  });
});

describe("recommended-only packages", () => {
  it("are exactly the packages the image built with recommends has and its --no-install-recommends twin lacks", async () => {
    const withRecommends = debs(await analyzePair("pkg-apt-rec"));
    const without = new Set(debs(await analyzePair("pkg-apt-norec")).map((p) => p.name));
    const recommended = withRecommends.filter((p) => p.reason === "recommended").map((p) => p.name).sort();
    const extra = withRecommends.filter((p) => !without.has(p.name)).map((p) => p.name).sort();
    expect(recommended.length).toBeGreaterThan(0);
    expect(recommended).toEqual(extra);
  });
});

describe("hints from the package databases", () => {
  it("apt-recommends names the recommended-only packages of the layer and their bytes; the twin gets none", async () => {
    const analysis = await analyzePair("pkg-apt-rec");
    const recommended = debs(analysis).filter((p) => p.reason === "recommended");
    const hints = computeHints(analysis).filter((hint) => hint.id === "apt-recommends");
    expect(hints.map((hint) => [hint.layer, hint.bytes])).toEqual([[1, recommended.reduce((sum, p) => sum + p.bytes, 0)]]);
    expect(hints[0].message).toContain(`${recommended.length} packages only recommended`);
    expect(hints[0].message).toContain([...recommended].sort((a, b) => b.bytes - a.bytes)[0].name);
    expect(computeHints(await analyzePair("pkg-apt-norec")).some((hint) => hint.id === "apt-recommends")).toBe(false);
  });

  it("build-tools names the build-tool packages of the layer that installed them, with their bytes", async () => {
    const analysis = await analyzePair("pkg-apt-norec");
    const tools = debs(analysis).filter((p) => p.buildTool);
    expect(tools.map((p) => p.name).sort()).toEqual(expect.arrayContaining(["libssl-dev", "make"]));
    const hints = computeHints(analysis).filter((hint) => hint.id === "build-tools");
    expect(hints.map((hint) => hint.layer)).toEqual([2]);
    expect(hints[0].bytes).toBeGreaterThanOrEqual(tools.reduce((sum, p) => sum + p.bytes, 0));
    expect(hints[0].message).toMatch(/packages .*libssl-dev \(/);
  });
});
