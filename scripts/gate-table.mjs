// Measures the default CI gate on the real test images: runs `layerscope IMAGE --ci --json -` twice per image,
// once with layerscope's default rule set and once with Dive's (`--lowestEfficiency 0.9`, Dive's own defaults),
// from an empty working directory (no config file found), and prints a Markdown table of the figures and verdicts
// (docs/ci-gate.md). Usage: node scripts/gate-table.mjs [NAME...]   (default: every image of images.sh list, the
// project's test/images included; `big` only with BIG=1). Needs `npm run build` first.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const imagesSh = resolve(root, "../shared/realimages/images.sh");
const env = { ...process.env, LAB_IMAGES_DIR: resolve(root, "test/images"), CI: "", NO_COLOR: "1" };

const names = process.argv.length > 2
  ? process.argv.slice(2)
  : execFileSync(imagesSh, ["list"], { env, encoding: "utf8" }).split("\n").filter((name) => name !== "" && (name !== "big" || process.env.BIG === "1"));

const cwd = mkdtempSync(join(tmpdir(), "layerscope-gate-table-"));
const mb = (bytes) => (bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1);
const pct = (fraction) => `${(fraction * 100).toFixed(2)}%`;

function run(path, extra) {
  const result = spawnSync(process.execPath, [join(root, "bin/layerscope.js"), path, "--ci", "--json", "-", ...extra], { cwd, env, encoding: "utf8", maxBuffer: 1 << 28 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${path}: exit ${result.status}: ${result.stderr.trim()}`);
  return { status: result.status, report: JSON.parse(result.stdout) };
}

function verdict({ status, report }) {
  const failed = report.rules.filter((rule) => rule.status === "fail").map((rule) => rule.name);
  return status === 0 ? "pass" : `**FAIL** (${failed.join(", ")})`;
}

console.log("| image | layers | total MB | efficiency | wasted MB | junk MB | ERROR hints | Dive efficiency | Dive user wasted | default gate | Dive's rules |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
try {
  for (const name of names) {
    // the path is the last line (a build on the way may print its listing first)
    const path = execFileSync(imagesSh, ["path", name, name === "multiarch" ? "oci" : "docker-archive"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split("\n").at(-1);
    const own = run(path, []);
    const dive = run(path, ["--lowestEfficiency", "0.9"]);
    const { image, hints } = own.report;
    const errors = hints.filter((hint) => hint.severity === "error").length;
    console.log(
      `| ${name} | ${image.layerCount} | ${mb(image.totalBytes)} | ${pct(image.efficiency)} | ${mb(image.wastedBytes)} | ${mb(image.junkBytes)} | ${errors} | ` +
        `${pct(image.dive.efficiencyScore)} | ${pct(image.dive.userWastedPercent)} | ${verdict(own)} | ${verdict(dive)} |`,
    );
  }
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
