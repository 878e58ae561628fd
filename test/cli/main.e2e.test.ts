import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/layerscope.js");
const FIXTURES = resolve(ROOT, "../shared/fixtures/dive");
const DIVE_IMAGE = join(FIXTURES, "test-docker-image.tar");

interface DiveExpected {
  layers: number;
  dive: { efficiencyScore: number; sizeBytes: number; userSizeBytes: number; inefficientBytes: number; userWastedPercent: number };
}
const expected = (JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as Record<string, DiveExpected>)["test-docker-image.tar"];

function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", ...options.env };
  if (!options.env || !("CI" in options.env)) delete env.CI;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let workDir = "";

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "layerscope-cli-"));
});

describe("layerscope --ci on Dive's fixture", () => {
  it("judges with layerscope's rule set by default, and says so", () => {
    const { status, stdout, stderr } = run([DIVE_IMAGE, "--ci"], { cwd: workDir });
    expect(stderr).toBe("");
    expect(stdout).toContain("Rules: layerscope's rule set (the default)");
    expect(stdout).toMatch(/PASS\s+min-efficiency: efficiency 0\.9685 >= 0\.9/);
    expect(stdout).toMatch(/PASS\s+max-wasted-bytes/);
    expect(stdout).toMatch(/PASS\s+max-junk-bytes/);
    expect(stdout).toMatch(/PASS\s+hints: no hint fails the gate \(fail-on: error\)/);
    expect(stdout).not.toMatch(/lowestEfficiency|highestUserWastedPercent/);
    expect(status).toBe(0);
  });

  it("fails highestUserWastedPercent with Dive's default rules when a Dive flag asks for them: exit 1", () => {
    const { status, stdout, stderr } = run([DIVE_IMAGE, "--ci", "--lowestEfficiency", "0.9"], { cwd: workDir });
    expect(stderr).toBe("");
    expect(status).toBe(1);
    expect(stdout).toContain("Rules: Dive's rule set (chosen by --lowestEfficiency)");
    expect(stdout).toMatch(/PASS\s+lowestEfficiency/);
    expect(stdout).toMatch(/SKIP\s+highestWastedBytes/);
    expect(stdout).toMatch(/FAIL\s+highestUserWastedPercent/);
    expect(stdout).not.toMatch(/min-efficiency/);
  });

  it("takes CI=true as --ci, and passes when the rules are loosened", () => {
    const dive = ["--highestUserWastedPercent", "0.1"];
    expect(run([DIVE_IMAGE, ...dive], { cwd: workDir, env: { CI: "true" } }).status).toBe(1);
    expect(run([DIVE_IMAGE, ...dive], { cwd: workDir, env: { CI: "false" } }).status).toBe(0);
    expect(run([DIVE_IMAGE, "--ci", "--highestUserWastedPercent", "disabled"], { cwd: workDir }).status).toBe(0);
  });

  it("compares highestWastedBytes strictly, in decimal units", () => {
    const bytes = expected.dive.inefficientBytes;
    expect(run([DIVE_IMAGE, "--ci", "--highestUserWastedPercent", "off", "--highestWastedBytes", String(bytes)]).status).toBe(0);
    expect(run([DIVE_IMAGE, "--ci", "--highestUserWastedPercent", "off", "--highestWastedBytes", String(bytes - 1)]).status).toBe(1);
    expect(run([DIVE_IMAGE, "--ci", "--highestUserWastedPercent", "off", "--highestWastedBytes", "32KB"]).status).toBe(1);
  });

  it("reads .dive-ci from the working directory (Dive's rule set) and .layerscope.yaml rules", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-cli-rules-"));
    await writeFile(join(dir, ".dive-ci"), "rules:\n  highestUserWastedPercent: 0.5\n");
    const loose = run([DIVE_IMAGE, "--ci"], { cwd: dir });
    expect(loose.stdout).toContain("Rules: Dive's rule set (chosen by .dive-ci)");
    expect(loose.status).toBe(0);
    await writeFile(join(dir, ".layerscope.yaml"), `rules:\n  max-layers: ${expected.layers - 1}\n  forbid-paths: ["/root/.data/**"]\n`);
    const { status, stdout } = run([DIVE_IMAGE, "--ci"], { cwd: dir });
    expect(status).toBe(1);
    expect(stdout).toMatch(/PASS\s+highestUserWastedPercent/);
    expect(stdout).toMatch(/FAIL\s+max-layers/);
    expect(stdout).toMatch(/FAIL\s+forbid-paths: .*\/root\/\.data\/saved\.again2\.txt/);
    expect(stdout).not.toMatch(/min-efficiency/); // layerscope's defaults are not added to Dive's rule set
  });

  it("ci.rule-set in .layerscope.yaml chooses Dive's rules, or keeps layerscope's over a .dive-ci", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-cli-ruleset-"));
    await writeFile(join(dir, ".layerscope.yaml"), "ci:\n  rule-set: dive\n");
    const dive = run([DIVE_IMAGE, "--ci"], { cwd: dir });
    expect(dive.stdout).toContain("Rules: Dive's rule set (chosen by ci.rule-set in .layerscope.yaml)");
    expect(dive.status).toBe(1);
    await writeFile(join(dir, ".layerscope.yaml"), "ci:\n  rule-set: layerscope\n");
    await writeFile(join(dir, ".dive-ci"), "rules:\n  lowestEfficiency: 0.99\n");
    const own = run([DIVE_IMAGE, "--ci"], { cwd: dir });
    expect(own.stdout).toContain("Rules: layerscope's rule set (chosen by ci.rule-set in .layerscope.yaml)");
    expect(own.status).toBe(0);
  });
});

describe("reports", () => {
  it("--json - prints only JSON with Dive's figures equal to expected.json", () => {
    const { status, stdout, stderr } = run([DIVE_IMAGE, "--json", "-"], { cwd: workDir });
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout) as {
      schemaVersion: number;
      image: { layerCount: number; dive: DiveExpected["dive"] };
      rules: { name: string; status: string }[];
    };
    expect(report.schemaVersion).toBe(1);
    expect(report.image.layerCount).toBe(expected.layers);
    for (const key of ["efficiencyScore", "sizeBytes", "userSizeBytes", "inefficientBytes", "userWastedPercent"] as const) {
      expect(report.image.dive[key]).toBe(expected.dive[key]);
    }
    expect(report.rules.map((rule) => [rule.name, rule.status])).toEqual([
      ["min-efficiency", "pass"],
      ["max-wasted-bytes", "pass"],
      ["max-junk-bytes", "pass"],
      ["hints", "pass"],
    ]);
    expect(report).toHaveProperty("ruleSet", { name: "layerscope", chosenBy: "default" });
  });

  it("writes --json, --junit and --markdown files beside the text report", async () => {
    const json = join(workDir, "r.json");
    const junit = join(workDir, "r.xml");
    const markdown = join(workDir, "r.md");
    const { status, stdout } = run([DIVE_IMAGE, "--ci", "--json", json, "--junit", junit, "--markdown", markdown, "--highestUserWastedPercent", "0.1"]);
    expect(status).toBe(1);
    expect(stdout).toContain("Result: FAIL");
    expect(JSON.parse(await readFile(json, "utf8"))).toHaveProperty("schemaVersion", 1);
    const xml = await readFile(junit, "utf8");
    expect(xml.match(/<testcase /g)).toHaveLength(4); // Dive's three, and the hint gate
    expect(xml).toContain('<testcase classname="layerscope.rules" name="hints"/>');
    expect(xml).toMatch(/name="highestUserWastedPercent">\s*<failure/);
    const md = await readFile(markdown, "utf8");
    expect(md.split("\n")[0]).toContain("FAIL");
    expect(md).toContain("Decided by Dive's rule set (chosen by --highestUserWastedPercent).");
  });
});

describe("ls", () => {
  it("prints the last layer's tree by default and a chosen layer's with --layer", () => {
    const last = run(["ls", DIVE_IMAGE]);
    expect(last.status).toBe(0);
    expect(last.stdout).toMatch(/^f 6405 0755 0:0 \/root\/saved\.txt$/m);
    const second = run(["ls", DIVE_IMAGE, "--layer", "1"]);
    expect(second.status).toBe(0);
    expect(second.stdout).not.toContain("/root/saved.txt");
    expect(second.stdout.split("\n").length).toBeLessThan(last.stdout.split("\n").length);
  });

  it("names the valid range for a bad --layer", () => {
    const { status, stderr } = run(["ls", DIVE_IMAGE, "--layer", String(expected.layers)]);
    expect(status).toBe(2);
    expect(stderr).toBe(`layerscope: --layer ${expected.layers}: ${DIVE_IMAGE} has layers 0 to ${expected.layers - 1}\n`);
  });
});

describe("errors: exit 2 and one line on stderr", () => {
  it.each([
    ["a missing file", [join(tmpdir(), "no-such-image.tar")], /^layerscope: .*no-such-image\.tar.*\n$/],
    ["no image", [], /^layerscope: no image given/],
    ["an unknown option", [DIVE_IMAGE, "--frobnicate"], /^layerscope: unknown option '--frobnicate'\n$/],
    ["a bad rule value", [DIVE_IMAGE, "--lowestEfficiency", "high"], /^layerscope: --lowestEfficiency: "high"/],
  ])("%s", (_name, args, message) => {
    const { status, stdout, stderr } = run(args, { cwd: workDir });
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("a bad config key", async () => {
    const file = join(workDir, "bad.yaml");
    await writeFile(file, "rules:\n  max-layerz: 3\n");
    const { status, stderr } = run([DIVE_IMAGE, "--ci", "--config", file]);
    expect(status).toBe(2);
    expect(stderr).toBe(`layerscope: bad config key "rules.max-layerz" in ${file} (did you mean rules.max-layers?)\n`);
  });

  it.each([
    [
      "a ratio written as a percentage",
      "rules:\n  min-efficiency: 90\n",
      /rules\.min-efficiency in \S+: 90 is more than 1: it is a fraction from 0 to 1 \(for 90%, write 0\.9 or "90%"\)$/,
    ],
    [
      "an unknown hint id",
      "hints:\n  silence: [apt-no-recommends]\n",
      /hints\.silence in \S+: no hint "apt-no-recommends" \(did you mean apt-recommends\?\); hint ids: apt-lists, /,
    ],
    ["an unknown hint id in hints.fail", "hints:\n  fail: [secrets]\n", /hints\.fail in \S+: no hint "secrets"/],
    ["a bad fail-on", "hints:\n  fail-on: critical\n", /hints\.fail-on in \S+ must be one of info, warning, error, never, not "critical"$/],
    ["a bad rule set", "ci:\n  rule-set: grype\n", /ci\.rule-set in \S+ must be one of layerscope, dive, not "grype"$/],
    [
      "an unknown key",
      "keys:\n  quit: [Hyper+Q]\n",
      /^layerscope: keys\.quit in \S+: unknown key "Hyper\+Q" \(use a character, ctrl\+<letter>, ctrl\+space, or one of up, /,
    ],
    ["an unknown action", "keys:\n  toggle-tree: [t]\n", /^layerscope: keys\.toggle-tree in \S+: no such action \(actions: quit, /],
    [
      "a key two actions answer",
      "keys:\n  quit: [q, j]\n",
      /^layerscope: keys\.quit in \S+: j is also the key of down \(its default; give down other keys in keys: too\), and both answer in every view; choose a key no other action there uses$/,
    ],
    [
      "two rebound actions on one key",
      "keys:\n  toggle-waste: [x]\n  toggle-packages: [x]\n",
      /^layerscope: keys\.toggle-waste in \S+: x is also the key of toggle-packages, and both answer in every view/,
    ],
  ])("%s in .layerscope.yaml: one line, before the image is read", async (_name, yaml, message) => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-cli-config-"));
    await writeFile(join(dir, ".layerscope.yaml"), yaml);
    // the image does not exist: the config's mistake is reported first
    const { status, stdout, stderr } = run([join(dir, "no-such-image.tar"), "--ci"], { cwd: dir });
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(message);
  });

  it("layerscope build: a config mistake fails before the builder runs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-cli-build-config-"));
    await writeFile(join(dir, "Dockerfile"), "FROM scratch\nCOPY Dockerfile /\n");
    await writeFile(join(dir, ".layerscope.yaml"), "rules:\n  max-wasted-percent: 15\n");
    const { status, stdout, stderr } = run(["build", ".", "--ci", "--builder", "buildah"], { cwd: dir });
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^layerscope: rules\.max-wasted-percent in \S+: 15 is more than 1: it is a fraction from 0 to 1 \(for 15%, write 0\.15 or "15%"\)\n$/,
    );
  });

  it.each([
    [["--lowestEfficiency", "95"], 'layerscope: --lowestEfficiency: 95 is more than 1: it is a fraction from 0 to 1 (for 95%, write 0.95 or "95%")\n'],
    [["--highestUserWastedPercent", "150%"], "layerscope: --highestUserWastedPercent: 150% is more than 1: it is a fraction from 0 to 1\n"],
  ])("Dive's flag %j out of range: one line, before the image is read", (flags, message) => {
    const { status, stderr } = run([join(workDir, "no-such-image.tar"), "--ci", ...flags], { cwd: workDir });
    expect(status).toBe(2);
    expect(stderr).toBe(message);
  });

  it("a file that is not an image", async () => {
    const file = join(workDir, "not-an-image.tar");
    await writeFile(file, "hello, this is not a tar archive\n".repeat(40));
    const { status, stderr } = run([file, "--ci"]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^layerscope: [^\n]+\n$/);
    expect(stderr).not.toContain("internal error");
  });
});
