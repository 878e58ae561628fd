import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import type { PackageInfo } from "../../src/packages/types.js";
import { analyzePair, pairImage, truthFiles } from "../analysis/hints/pair-images.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { unpackRootfs } from "./unpacked-rootfs.js";

const tempDir = tempDirs();
const SLOW = 600_000;

function byName(packages: PackageInfo[], ecosystem: string): Map<string, PackageInfo> {
  return new Map(packages.filter((p) => p.ecosystem === ecosystem).map((p) => [p.name, p]));
}

describe("a Python app installed with pip (pkg-python)", () => {
  it("reads each dist-info and counts the files its RECORD lists, as the unpacked root has them", async () => {
    const analysis = await analyzePair("pkg-python");
    const report = analysis.summary.packages!;
    expect(report.warnings).toEqual([]);
    expect(report.ecosystems).toEqual(["deb", "python"]);
    const python = byName(report.packages, "python");
    expect(python.get("myapp")).toMatchObject({ version: "0.3.1", reason: "requested", layer: 3 });
    expect(python.get("mylib")).toMatchObject({ version: "1.2.0", layer: 3 });
    expect(python.get("setuptools")).toMatchObject({ installedBy: "deb:python3-setuptools", bytes: 0 });

    const rootfs = unpackRootfs(pairImage("pkg-python", "oci"), tempDir);
    const site = "/usr/local/lib/python3.11/dist-packages";
    for (const name of ["myapp", "mylib"]) {
      const distInfo = readdirSync(join(rootfs, site)).find((entry) => entry.startsWith(`${name}-`) && entry.endsWith(".dist-info"))!;
      const record = readFileSync(join(rootfs, site, distInfo, "RECORD"), "utf8");
      let bytes = 0;
      let files = 0;
      for (const line of record.split("\n").filter(Boolean)) {
        const path = join(rootfs, normalize(join(site, line.split(",")[0])));
        if (!existsSync(path) || !lstatSync(path).isFile()) continue;
        bytes += lstatSync(path).size;
        files++;
      }
      expect(python.get(name)).toMatchObject({ bytes, files });
      expect(bytes).toBeGreaterThan(0);
    }
    expect(dirname(site)).toBe("/usr/local/lib/python3.11");
  }, SLOW);
});

describe("a Node app with npm dependencies (pkg-npm)", () => {
  it("reads each node_modules package and counts its folder (nested node_modules apart), as the truth lists it", async () => {
    const analysis = await analyzePair("pkg-npm");
    const report = analysis.summary.packages!;
    expect(report.warnings).toEqual([]);
    expect(report.ecosystems).toEqual(["deb", "npm"]);
    const npm = byName(report.packages, "npm");
    expect([...npm.keys()].sort()).toEqual(["debug", "lru-cache", "ms", "semver", "yallist"]);
    expect(npm.get("debug")).toMatchObject({ version: "4.3.4", reason: "requested", layer: 2 });
    expect(npm.get("semver")).toMatchObject({ version: "7.6.0", reason: "requested" });
    expect(npm.get("ms")).toMatchObject({ reason: "dependency", pulledBy: ["debug"] });
    expect(npm.get("yallist")).toMatchObject({ reason: "dependency", pulledBy: ["semver"] });

    const truth = truthFiles("pkg-npm");
    for (const [name, pkg] of npm) {
      const dir = `/app/node_modules/${name}/`;
      let bytes = 0;
      let files = 0;
      for (const [path, size] of truth) {
        if (!path.startsWith(dir) || path.slice(dir.length).split("/").includes("node_modules")) continue;
        bytes += size;
        files++;
      }
      expect([name, pkg.bytes, pkg.files]).toEqual([name, bytes, files]);
    }
    // Debian's nodejs is a deb; the app's own files belong to no package
    expect(byName(report.packages, "deb").get("nodejs")?.bytes).toBeGreaterThan(0);
    expect(analysis.packageFiles?.has("/app/index.js")).toBe(false);
  });
});
