/**
 * The shipped entry point (bin/layerscope.js → the esbuild bundle in dist/bundle/) against the reference path
 * (main() of tsc's dist/cli/main.js, module for module what src/ says): the same reports, to the byte, on real
 * images in several forms. Both are built by the test run's global setup.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { realImage } from "../helpers/realimages.js";

const env = { ...process.env, CI: "", NO_COLOR: "1" };

const root = process.cwd();

function shipped(args: string[], cwd = root): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(root, "bin/layerscope.js"), ...args], { encoding: "utf8", env, cwd });
}

function reference(args: string[], cwd = root): { status: number | null; stdout: string; stderr: string } {
  const main = JSON.stringify(join(root, "dist/cli/main.js"));
  const script = `const { main } = await import(${main}); process.exitCode = await main(["node", "layerscope", ...${JSON.stringify(args)}]);`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env, cwd });
}

function same(args: string[], cwd = root): string {
  const a = shipped(args, cwd);
  const b = reference(args, cwd);
  expect(a.stderr).toBe(b.stderr);
  expect(a.status).toBe(b.status);
  expect(a.stdout).toBe(b.stdout);
  return a.stdout;
}

describe("the bundled CLI against tsc's build", () => {
  it("has both builds to compare", () => {
    expect(existsSync("dist/bundle/cli.cjs"), "run npm run build").toBe(true);
    expect(existsSync("dist/cli/main.js"), "run npm run build").toBe(true);
  });

  it.each([
    ["tiny", "docker-archive"],
    ["features", "docker-archive"],
    ["features", "oci-zstd"],
    ["multistage", "oci-archive"],
    ["apt-split-cleanup", "oci"],
  ])("gives the same JSON report (--ci, hints, rules) on %s as %s", (name, format) => {
    const image = realImage(name, format);
    const json = JSON.parse(same([image, "--ci", "--json", "-", "--no-cache"])) as { image: { totalBytes: number } };
    expect(json.image.totalBytes).toBeGreaterThan(0);
  });

  it("gives the same text report, diff and ls output", () => {
    const [tiny, features] = [realImage("tiny"), realImage("features")];
    expect(same([features, "--no-cache"])).toMatch(/efficiency/i);
    expect(JSON.parse(same(["diff", tiny, features, "--json", "-", "--no-cache"]))).toHaveProperty("verdict");
    expect(same(["ls", features, "--layer", "0"]).split("\n").length).toBeGreaterThan(10);
  });

  it("reads .dive-ci and .layerscope.yaml the same way (yaml is a lazily loaded chunk in the bundle)", () => {
    const dir = mkdtempSync(join(tmpdir(), "layerscope-shipped-"));
    writeFileSync(join(dir, ".dive-ci"), "rules:\n  highestUserWastedPercent: 0.6\n");
    writeFileSync(join(dir, ".layerscope.yaml"), "rules:\n  max-layers: 1\n");
    const text = same([realImage("features"), "--ci", "--no-cache"], dir);
    expect(text).toMatch(/max-layers/);
    writeFileSync(join(dir, ".layerscope.yaml"), "rules:\n  max-layerz: 1\n");
    expect(same([realImage("tiny"), "--ci"], dir)).toBe("");
  });

  it("gives the same one-line errors and help", () => {
    expect(same(["/nonexistent/image.tar"])).toBe("");
    expect(same(["--help"])).toContain("Usage: layerscope");
    expect(shipped(["--version"]).stdout).toBe(reference(["--version"]).stdout);
  });
});
