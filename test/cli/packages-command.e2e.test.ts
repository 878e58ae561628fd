import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { PackageInfo } from "../../src/packages/types.js";
import { pairImage } from "../analysis/hints/pair-images.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/layerscope.js");
/** Each run reads a real image of 300 MB; a loaded machine makes that slow */
const SLOW = 600_000;

function run(args: string[]) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
  delete env.CI;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("layerscope packages", () => {
  it("--json lists the packages with bytes; --layer and --ecosystem filter, --sort name orders", { timeout: SLOW }, () => {
    const image = pairImage("pkg-apt-rec");
    const all = run(["packages", image, "--json"]);
    expect(all.stderr).toBe("");
    expect(all.status).toBe(0);
    const report = JSON.parse(all.stdout) as { packages: PackageInfo[]; unownedBytes: number; ownedBytes: number };
    expect(report.packages.length).toBeGreaterThan(100);
    expect(report.packages.map((p) => p.bytes)).toEqual([...report.packages.map((p) => p.bytes)].sort((a, b) => b - a));

    const layer2 = JSON.parse(run(["packages", image, "--json", "--layer", "2", "--sort", "name"]).stdout) as { packages: PackageInfo[] };
    expect(layer2.packages.map((p) => p.name)).toEqual(
      report.packages
        .filter((p) => p.layer === 2 || p.upgradedLayer === 2)
        .map((p) => p.name)
        .sort(),
    );
    expect(layer2.packages.map((p) => p.name)).toContain("make");
    expect(JSON.parse(run(["packages", image, "--json", "--ecosystem", "npm"]).stdout).packages).toEqual([]);
  });

  it(
    "prints a table with totals, the Dockerfile line of each package's layer, and the removed package",
    () => {
      const image = pairImage("pkg-apt-rec");
      const dockerfile = join(ROOT, "test/images/pkg-apt-rec/Dockerfile");
      const { status, stdout } = run(["packages", image, "--layer", "2", "--dockerfile", dockerfile]);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^\d+ deb packages own .* belong to no package$/m);
      expect(stdout).toMatch(/^\s+[\d.]+ [kM]B\s+\d+\s+2 \(line 5\)\s+deb:make\s+\S+\s+requested, build tool$/m);
      expect(stdout).not.toContain("deb:bash");
      expect(run(["packages", image, "--layer", "3"]).stdout).toMatch(/removed: deb:less .* \(installed by layer 2, removed by layer 3\)/);
    },
    SLOW,
  );

  it("bad arguments: one line, exit 2", () => {
    const image = pairImage("pkg-apt-rec");
    for (const args of [
      ["--ecosystem", "gem"],
      ["--sort", "size"],
      ["--layer", "9"],
    ]) {
      const { status, stderr, stdout } = run(["packages", image, ...args]);
      expect(status).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/^layerscope: .+\n$/);
    }
  });

  it("an image without a package database says so", () => {
    const { status, stdout } = run(["packages", pairImage("tiny")]);
    expect(status).toBe(0);
    expect(stdout).toContain("no package database found (dpkg, apk, rpm, Python or npm)");
  });
});

describe("layerscope diff: packages", () => {
  it(
    "the twin images differ by the recommended-only packages, in text, Markdown and JSON",
    () => {
      const base = pairImage("pkg-apt-norec");
      const head = pairImage("pkg-apt-rec");
      const dir = mkdtempSync(join(tmpdir(), "layerscope-pkgdiff-"));
      // one run writes all three: JSON and Markdown to files, the text to stdout
      const text = run(["diff", base, head, "--json", join(dir, "diff.json"), "--markdown", join(dir, "diff.md")]).stdout;
      const json = JSON.parse(readFileSync(join(dir, "diff.json"), "utf8")) as {
        packages: { added: Array<{ name: string; delta: number }>; removed: unknown[]; bytes: { delta: number } };
      };
      const headPackages = JSON.parse(run(["packages", head, "--json"]).stdout) as { packages: PackageInfo[] };
      const recommended = headPackages.packages.filter((p) => p.reason === "recommended");
      expect(json.packages.added.map((p) => p.name).sort()).toEqual(recommended.map((p) => p.name).sort());
      expect(json.packages.removed).toEqual([]);
      expect(text).toMatch(new RegExp(`^Packages: ${recommended.length} added, 0 removed`, "m"));
      expect(text).toMatch(/^\s+\+[\d.]+ [kM]B\s+deb:openssl /m);
      const markdown = readFileSync(join(dir, "diff.md"), "utf8");
      expect(markdown).toContain("#### Packages");
      expect(markdown).toMatch(/\| added \| deb:openssl \|/);
    },
    SLOW,
  );
});
