import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-figures.js";
import { realImage } from "../helpers/realimages.js";

interface Side {
  layers: number;
  sizeBytes: number;
  wastedBytes: number;
  packages: number;
  packageBytes: number;
}
interface Report {
  image: { totalBytes: number; wastedBytes: number; base: { evidence: string; name?: string; inheritedLayers: number; detail: string; yours: Side; inherited: Side } };
  layers: { sizeBytes: number; inherited?: boolean }[];
  packages: { layer: number; bytes: number }[];
  rules: { name: string; status: string; message: string }[];
}

const REALIMAGES = resolve(process.cwd(), "../shared/realimages");
const report = (args: string[], cwd?: string): Report => {
  const result = runCli([...args, "--json", "-"], cwd ? { PWD: cwd } : {});
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as Report;
};

/** Both sides add up to the image, layer by layer and package by package. */
function expectConsistentSplit(json: Report): void {
  const { base } = json.image;
  const inheritedLayers = json.layers.filter((layer) => layer.inherited);
  expect(inheritedLayers.length).toBe(base.inheritedLayers);
  expect(json.layers.slice(0, base.inheritedLayers).every((layer) => layer.inherited)).toBe(true);
  expect(base.yours.sizeBytes + base.inherited.sizeBytes).toBe(json.layers.reduce((sum, layer) => sum + layer.sizeBytes, 0));
  expect(base.inherited.sizeBytes).toBe(inheritedLayers.reduce((sum, layer) => sum + layer.sizeBytes, 0));
  expect(base.yours.wastedBytes + base.inherited.wastedBytes).toBe(json.image.wastedBytes);
  expect(base.yours.packages + base.inherited.packages).toBe(json.packages.length);
  const inheritedPackageBytes = json.packages.filter((pkg) => pkg.layer < base.inheritedLayers).reduce((sum, pkg) => sum + pkg.bytes, 0);
  expect(base.inherited.packageBytes).toBe(inheritedPackageBytes);
}

describe("base image attribution on the real images", () => {
  it("matches the base image's layers when --base names it (multistage FROM base)", () => {
    const json = report([realImage("multistage", "oci"), "--base", `oci:${realImage("base", "oci")}`]);
    expect(json.image.base).toMatchObject({ evidence: "base-image", inheritedLayers: 1 });
    expect(json.layers.map((layer) => layer.inherited === true)).toEqual([true, false, false, false]);
    expectConsistentSplit(json);
    expect(json.image.base.inherited.packages).toBeGreaterThan(50); // Debian's minbase
    expect(json.image.base.yours.packages).toBe(0); // COPY and a symlink only
  });

  it("falls back to the history's FROM marker when the base is not read, and says the base was not compared", () => {
    const json = report([realImage("apt-cleanup", "oci")]);
    expect(json.image.base).toMatchObject({ evidence: "history", inheritedLayers: 1, name: "localhost/lab/base:latest" });
    expect(json.image.base.detail).toMatch(/not compared \(--base reads it\)/);
    expectConsistentSplit(json);
    expect(json.image.base.yours.packages).toBeGreaterThan(0); // curl and its libraries
  });

  it("reads the Dockerfile's FROM from the image's own containers-storage", () => {
    const store = "/tmp/realimages/storage/overlay";
    const reference = `containers-storage:[overlay@${store}/root+${store}/run]localhost/lab/apt-cleanup:latest`;
    realImage("apt-cleanup", "oci"); // builds the image when it is missing
    const json = report([reference, "--dockerfile", join(REALIMAGES, "images/apt-cleanup/Dockerfile")]);
    expect(json.image.base).toMatchObject({ evidence: "base-image", inheritedLayers: 1, name: "localhost/lab/base:bookworm" });
  });

  it("records FROM scratch from the manifest annotation: nothing inherited", () => {
    const json = report([realImage("tiny", "oci")]);
    expect(json.image.base).toMatchObject({ evidence: "annotation", inheritedLayers: 0 });
    expect(json.image.base.inherited.sizeBytes).toBe(0);
  });

  it("applies the rules to the image's own layers with --ignore-base or base.ignore in the config", () => {
    const image = realImage("apt-cleanup", "oci");
    const dive = ["--highestUserWastedPercent", "0.1"]; // Dive's rule set
    const whole = runCli([image, "--ci", "--no-color", ...dive]);
    expect(whole.status).toBe(1); // the base's shadowed files count against Dive's user wasted percent
    const own = runCli([image, "--ci", "--no-color", "--ignore-base", ...dive]);
    expect(own.stdout).toMatch(/PASS\s+highestUserWastedPercent: .*\(your layers\)/);
    expect(own.status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "layerscope-base-"));
    writeFileSync(join(dir, "layerscope.yaml"), "ci:\n  rule-set: dive\nbase:\n  ignore: true\n");
    expect(runCli([image, "--ci", "--config", join(dir, "layerscope.yaml")]).status).toBe(0);
    writeFileSync(join(dir, "bad.yaml"), "base:\n  ignore: yes please\n");
    const bad = runCli([image, "--ci", "--config", join(dir, "bad.yaml")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/base.ignore in .* must be true or false/);
  });

  it("shows the split in the text, Markdown and HTML reports", () => {
    const image = realImage("apt-cleanup", "oci");
    const text = runCli([image, "--no-color"]).stdout;
    expect(text).toMatch(/^Base: localhost\/lab\/base:latest, 1 inherited layer \(by history\)$/m);
    expect(text).toMatch(/^ {2}yours {6}1 layer /m);
    expect(text).toMatch(/^ {2}0 .*\[base\] debootstrap/m);
    const dir = mkdtempSync(join(tmpdir(), "layerscope-base-"));
    expect(runCli([image, "--markdown", join(dir, "r.md"), "--html", join(dir, "r.html")]).status).toBe(0);
    expect(readFileSync(join(dir, "r.md"), "utf8")).toMatch(/\| Base image \| localhost\/lab\/base:latest, 1 inherited layer \(by history\) \|/);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    expect(html).toContain('"inherited":true');
    expect(html).toContain("yoursWastedBytes");
  });
});
