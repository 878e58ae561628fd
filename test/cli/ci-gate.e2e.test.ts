import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { pairImage } from "../analysis/hints/pair-images.js";

// The default CI gate on real images (docs/ci-gate.md): clean images pass, wasteful ones and one with secrets fail;
// Dive's rules, when asked for, give their own verdicts on the same images.

const BIN = resolve("bin/layerscope.js");
const cwd = mkdtempSync(join(tmpdir(), "layerscope-gate-")); // no config file to find

interface Report {
  ruleSet: { name: string; chosenBy: string };
  rules: { name: string; status: string }[];
}

function gate(name: string, extra: string[] = [], dir = cwd): { status: number | null; report: Report } {
  const result = spawnSync(process.execPath, [BIN, pairImage(name), "--ci", "--json", "-", ...extra], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CI: "", NO_COLOR: "1" },
    maxBuffer: 1 << 26,
  });
  expect(result.stderr).toBe("");
  return { status: result.status, report: JSON.parse(result.stdout) as Report };
}

const failed = (report: Report) => report.rules.filter((rule) => rule.status === "fail").map((rule) => rule.name);

describe("the default gate: layerscope's rules", () => {
  it.each([
    ["base", []],
    ["apt-cleanup", []],
    ["copy-single", []],
    ["multistage", []],
    ["hint-chmod-run", []],
    ["hint-copy-git", []],
    ["apt-nocleanup", ["min-efficiency", "max-wasted-bytes", "max-junk-bytes"]],
    ["apt-split-cleanup", ["min-efficiency", "max-wasted-bytes"]],
    ["pkg-npm", ["min-efficiency", "max-wasted-bytes", "max-junk-bytes"]],
    ["features", ["min-efficiency", "max-wasted-bytes"]],
    ["hint-secrets", ["hints"]],
  ])("%s fails %j", (name, rules) => {
    const { status, report } = gate(name);
    expect(report.ruleSet).toEqual({ name: "layerscope", chosenBy: "default" });
    expect(report.rules.map((rule) => rule.name)).toEqual(["min-efficiency", "max-wasted-bytes", "max-junk-bytes", "hints"]);
    expect(failed(report)).toEqual(rules);
    expect(status).toBe(rules.length > 0 ? 1 : 0);
  });
});

describe("Dive's rules, when asked for", () => {
  it.each([
    ["apt-nocleanup", []],
    ["apt-cleanup", ["highestUserWastedPercent"]],
    ["hint-chmod-run", ["highestUserWastedPercent"]],
    ["hint-secrets", ["hints"]], // the hint gate applies to both rule sets
  ])("%s fails %j", (name, rules) => {
    const { status, report } = gate(name, ["--lowestEfficiency", "0.9"]);
    expect(report.ruleSet).toEqual({ name: "dive", chosenBy: "--lowestEfficiency" });
    expect(failed(report)).toEqual(rules);
    expect(status).toBe(rules.length > 0 ? 1 : 0);
  });
});

describe("the hint gate's settings", () => {
  it("hints.allow lets the secrets through, hints.fail-on: warning fails on a warning", () => {
    const dir = mkdtempSync(join(tmpdir(), "layerscope-gate-hints-"));
    writeFileSync(join(dir, ".layerscope.yaml"), "hints:\n  allow: [secret-env, secret-label, secret-build-arg, secret-file]\n");
    expect(gate("hint-secrets", [], dir).status).toBe(0);
    writeFileSync(join(dir, ".layerscope.yaml"), "hints:\n  fail-on: warning\n");
    // hint-copy-git passes the default gate; its .git and editor leftovers are WARN hints
    const strict = gate("hint-copy-git", [], dir);
    expect(failed(strict.report)).toEqual(["hints"]);
    expect(strict.status).toBe(1);
  });
});
