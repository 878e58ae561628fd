import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { realImage } from "../helpers/realimages.js";

const BIN = resolve("bin/layerscope.js");

function run(args: string[], cwd = process.cwd()): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd, env: { ...process.env, CI: "" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("hints and --baseline on the main command", () => {
  it("puts the hints in the JSON report, with the layer responsible", () => {
    const { status, stdout } = run([resolve("fixtures/demo/demo-image.tar"), "--json", "-"]);
    expect(status).toBe(0);
    const hints = JSON.parse(stdout).hints as Array<{ id: string; layer: number; bytes: number }>;
    expect(hints.find((h) => h.id === "metadata-reemit")).toMatchObject({ layer: 4 });
    expect(hints.find((h) => h.id === "deleted-later")).toMatchObject({ layer: 2 });
    expect(hints.find((h) => h.id === "apt-lists")).toMatchObject({ layer: 1 });
  });

  it("fails in CI when the image regresses beyond the diff limits against its baseline", () => {
    const dir = mkdtempSync(join(tmpdir(), "layerscope-baseline-"));
    writeFileSync(join(dir, ".layerscope.yaml"), "diff:\n  max-size-increase: 5%\n");
    const rules = ["--lowestEfficiency", "off", "--highestUserWastedPercent", "off"];
    const base = realImage("apt-cleanup", "docker-archive");
    const head = realImage("apt-split-cleanup", "docker-archive");
    const worse = run([head, "--baseline", base, "--ci", ...rules], dir);
    expect(worse.status).toBe(1);
    expect(worse.stdout).toMatch(/FAIL\s+max-size-increase/);
    // the rules pass, the limits do not: the last line says so, not only the rules' Result line above the diff
    expect(worse.stdout).toMatch(/\nResult: FAIL: the rules pass, the change from the baseline fails max-size-increase\n$/);
    const same = run([base, "--baseline", base, "--ci", ...rules], dir);
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(/\nResult: PASS\n$/);
  });
});
