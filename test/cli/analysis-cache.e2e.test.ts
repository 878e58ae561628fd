/**
 * The analysis cache of the shipped CLI (bin/layerscope.js, whose bundle has a build id): a warm rerun of the same
 * image with the same inputs reads the report model from $XDG_CACHE_HOME/layerscope/analyses-v2/ and gives every
 * report byte for byte as the cold run and a run without any cache; anything that decides the report makes
 * another entry; --no-cache and --verify bypass it; a damaged entry is reported and replaced.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { realImage } from "../helpers/realimages.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const BIN = resolve("bin/layerscope.js");
const tempDir = tempDirs();
const REPORTS = ["json", "markdown", "sarif", "html", "junit"] as const;
/** The entries of one model: rules and hints, the figures, the JSON report, the HTML page's data */
const PARTS = 4;

interface Run {
  status: number | null;
  stderr: string;
  /** The text report (stdout), then each report file */
  outputs: Record<string, string>;
}

/** One run writing every report to files of `out` and the text report to stdout. */
function runAll(image: string, home: string, extra: string[] = []): Run {
  const out = tempDir("lsac-out-");
  const args = [image, "--ci", ...REPORTS.flatMap((report) => [`--${report}`, join(out, report)]), ...extra];
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
    env: { ...process.env, CI: "", NO_COLOR: "1", XDG_CACHE_HOME: home, LAYERSCOPE_CACHE_MAX: "", LAYERSCOPE_CODE_CACHE: "" },
  });
  const outputs: Record<string, string> = { text: result.stdout };
  for (const report of REPORTS) outputs[report] = existsSync(join(out, report)) ? readFileSync(join(out, report), "utf8") : "(none)";
  return { status: result.status, stderr: result.stderr, outputs };
}

const entriesDir = (home: string): string => join(home, "layerscope", "analyses-v2");
const entries = (home: string): string[] => (existsSync(entriesDir(home)) ? readdirSync(entriesDir(home)).sort() : []);
const sameRun = (a: Run, b: Run): void => {
  expect(b.status).toBe(a.status);
  for (const name of Object.keys(a.outputs)) expect({ name, text: b.outputs[name] }).toEqual({ name, text: a.outputs[name] });
};

/** Entry files with an mtime an hour back: a read touches its entry, a rewrite replaces the file (a new inode). */
function ageEntries(home: string): Map<string, number> {
  const inodes = new Map<string, number>();
  const past = new Date(Date.now() - 3600_000);
  for (const name of entries(home)) {
    const file = join(entriesDir(home), name);
    utimesSync(file, past, past);
    inodes.set(name, statSync(file).ino);
  }
  return inodes;
}
const wasRead = (home: string, name: string, inodes: Map<string, number>): boolean => {
  const info = statSync(join(entriesDir(home), name));
  return info.ino === inodes.get(name) && Date.now() - info.mtimeMs < 600_000;
};

describe("the analysis cache", () => {
  for (const [name, form] of [
    ["apt-cleanup", "docker-archive"],
    ["features", "oci"],
  ] as const) {
    it(`serves a warm rerun of ${name} (${form}) with every report as the cold run and a run without cache give it`, () => {
      const image = realImage(name, form);
      const dockerfile = resolve("../shared/realimages/images", name, "Dockerfile");
      const home = tempDir("lsac-home-");
      const extra = ["--dockerfile", dockerfile];
      const uncached = runAll(image, home, [...extra, "--no-cache"]);
      expect(uncached.stderr).toBe("");
      expect(entries(home)).toEqual([]); // --no-cache writes none

      const cold = runAll(image, home, extra);
      sameRun(uncached, cold);
      expect(entries(home)).toHaveLength(PARTS);
      const inodes = ageEntries(home);

      const warm = runAll(image, home, extra);
      expect(warm.stderr).toBe("");
      sameRun(uncached, warm);
      for (const entry of entries(home)) expect(wasRead(home, entry, inodes)).toBe(true);
    });
  }

  it("keeps apart every input that decides a report, and is bypassed by --verify and --no-cache", () => {
    const image = realImage("apt-cleanup", "oci");
    const home = tempDir("lsac-home-");
    const dockerfileDir = tempDir("lsac-df-");
    const dockerfile = join(dockerfileDir, "Dockerfile");
    writeFileSync(dockerfile, readFileSync(resolve("../shared/realimages/images/apt-cleanup/Dockerfile")));
    const plain = runAll(image, home, ["--dockerfile", dockerfile]);
    expect(entries(home)).toHaveLength(PARTS);

    // another threshold, another Dockerfile text under the same name: other entries, each run as without cache
    const stricter = runAll(image, home, ["--dockerfile", dockerfile, "--lowestEfficiency", "0.999"]);
    expect(entries(home)).toHaveLength(2 * PARTS);
    sameRun(runAll(image, home, ["--dockerfile", dockerfile, "--lowestEfficiency", "0.999", "--no-cache"]), stricter);
    expect(stricter.status).toBe(1);
    expect(stricter.outputs.junit).not.toBe(plain.outputs.junit);
    writeFileSync(dockerfile, "FROM scratch\nRUN true\n");
    const otherDockerfile = runAll(image, home, ["--dockerfile", dockerfile]);
    expect(entries(home)).toHaveLength(3 * PARTS);
    sameRun(runAll(image, home, ["--dockerfile", dockerfile, "--no-cache"]), otherDockerfile);

    // --verify reads every byte again and writes the entries anew; --no-cache neither reads nor writes them
    const inodes = ageEntries(home);
    sameRun(otherDockerfile, runAll(image, home, ["--dockerfile", dockerfile, "--verify"]));
    const rewritten = entries(home).filter((entry) => statSync(join(entriesDir(home), entry)).ino !== inodes.get(entry));
    expect(rewritten).toHaveLength(PARTS);
    for (const entry of rewritten) expect(wasRead(home, entry, inodes)).toBe(false);
    const before = ageEntries(home);
    runAll(image, home, ["--dockerfile", dockerfile, "--no-cache"]);
    expect(entries(home)).toHaveLength(3 * PARTS);
    for (const entry of entries(home)) expect(wasRead(home, entry, before)).toBe(false);
  });

  it("reads only the parts a run prints, and analyses again for a part no run stored yet", () => {
    const image = realImage("features", "docker-archive");
    const home = tempDir("lsac-home-");
    const json = (extra: string[] = []) =>
      spawnSync(process.execPath, [BIN, image, "--ci", "--json", "-", ...extra], {
        encoding: "utf8",
        maxBuffer: 64 << 20,
        env: { ...process.env, CI: "", XDG_CACHE_HOME: home, LAYERSCOPE_CACHE_MAX: "" },
      });
    const uncached = json(["--no-cache"]);
    const cold = json();
    expect([cold.status, cold.stdout]).toEqual([uncached.status, uncached.stdout]);
    // rules and hints, the figures, the JSON report: no HTML page yet
    expect(entries(home)).toHaveLength(PARTS - 1);
    const inodes = ageEntries(home);
    const warm = json();
    expect([warm.status, warm.stdout, warm.stderr]).toEqual([uncached.status, uncached.stdout, ""]);
    // the figures were not needed: only the JSON report went out
    expect(entries(home).filter((entry) => wasRead(home, entry, inodes))).toHaveLength(2);

    const withPage = runAll(image, home);
    sameRun(runAll(image, tempDir("lsac-home-"), ["--no-cache"]), withPage);
    expect(entries(home)).toHaveLength(PARTS);
  });

  it("reports a damaged entry in one line, analyses again with the same reports, and replaces it", () => {
    const image = realImage("apt-cleanup", "docker-archive");
    const home = tempDir("lsac-home-");
    const cold = runAll(image, home);
    // any of the model's entries: a run that prints every report reads them all
    const [entry] = entries(home);
    const file = join(entriesDir(home), entry);
    const data = readFileSync(file);
    data[data.length >> 1] ^= 0x55;
    writeFileSync(file, data);
    const again = runAll(image, home);
    expect(again.stderr).toBe(`layerscope: warning: ignored a damaged analysis cache entry (${file})\n`);
    sameRun(cold, again);
    const inodes = ageEntries(home);
    const third = runAll(image, home);
    expect(third.stderr).toBe("");
    sameRun(cold, third);
    expect(wasRead(home, entry, inodes)).toBe(true);
  });

  it("analyses again once a layer file of a local layout is written, and never keeps a file written just now", async () => {
    const layout = join(tempDir("lsac-layout-"), "oci");
    cpSync(realImage("tiny", "oci"), layout, { recursive: true });
    const home = tempDir("lsac-home-");
    // a blob file written within the last seconds has no identity to trust yet
    runAll(layout, home);
    expect(entries(home)).toEqual([]);
    await new Promise((done) => setTimeout(done, 2500));
    const cold = runAll(layout, home);
    expect(entries(home)).toHaveLength(PARTS);

    const blobs = join(layout, "blobs", "sha256");
    const largest = readdirSync(blobs).sort((a, b) => statSync(join(blobs, b)).size - statSync(join(blobs, a)).size)[0];
    const bytes = readFileSync(join(blobs, largest));
    writeFileSync(join(blobs, largest), bytes); // the same bytes, written again
    await new Promise((done) => setTimeout(done, 2500));
    sameRun(cold, runAll(layout, home));
    expect(entries(home)).toHaveLength(2 * PARTS);
  });
});
