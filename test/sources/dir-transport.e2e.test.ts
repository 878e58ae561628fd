import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { archiveFigures, figures, oneLineError, runCli } from "../helpers/cli-figures.js";
import { realImage } from "../helpers/realimages.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// skopeo's dir: transport, as a user fetches an image without Docker: `skopeo copy … dir:./img`.

/** Real images read several times on a busy machine */
const SLOW = 300_000;
const temp = tempDirs();
let dir: string;

function skopeoCopy(args: string[], from: string, to: string): string {
  execFileSync("skopeo", ["--insecure-policy", "copy", "-q", ...args, from, `dir:${to}`], { stdio: ["ignore", "ignore", "pipe"] });
  return to;
}

/** A fresh dir: copy of the tiny image, to break. */
function tinyCopy(name: string): string {
  return skopeoCopy([], `oci:${realImage("tiny", "oci")}:latest`, join(dir, name));
}

/** The layer blobs of a dir: copy, bottom first. */
function layerFiles(copy: string): string[] {
  const manifest = JSON.parse(readFileSync(join(copy, "manifest.json"), "utf8")) as { layers: Array<{ digest: string }> };
  return manifest.layers.map((l) => join(copy, l.digest.split(":")[1]));
}

beforeAll(() => {
  dir = temp("layerscope-dir-");
}, 60_000);

describe("dir: copies of real images", () => {
  it("gives the figures of the archive form: gzip, zstd and Docker schema 2 copies, with and without the prefix", () => {
    const features = `oci:${realImage("features", "oci")}:latest`;
    const expected = archiveFigures("features");
    const plain = skopeoCopy([], features, join(dir, "features"));
    const zstd = skopeoCopy(["--dest-compress", "--dest-compress-format", "zstd"], features, join(dir, "features-zstd"));
    const v2s2 = skopeoCopy(["--format", "v2s2"], features, join(dir, "features-v2s2"));
    const zstdManifest = readFileSync(join(zstd, "manifest.json"), "utf8");
    expect(zstdManifest).toContain("tar+zstd");
    expect(readFileSync(join(v2s2, "manifest.json"), "utf8")).toContain("application/vnd.docker.distribution.manifest.v2+json");
    for (const reference of [plain, `dir:${zstd}`, v2s2]) {
      const result = runCli([reference, "--json", "-", "--no-cache"]);
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout).image.format).toBe("dir");
      expect(figures(result.stdout)).toEqual(expected);
    }
  }, SLOW);

  it("reads a copied manifest list, picking the host's platform or the one asked for", () => {
    const copy = skopeoCopy(["--all"], `oci:${realImage("multiarch", "oci")}:latest`, join(dir, "multiarch"));
    const host = runCli([`dir:${copy}`, "--json", "-"]);
    expect(host.stderr).toBe("");
    expect(figures(host.stdout)).toEqual(archiveFigures("apt-cleanup"));
    const arm = runCli([copy, "--platform", "linux/arm64", "--json", "-"]);
    expect(arm.stderr).toBe("");
    expect(figures(arm.stdout)).toEqual(archiveFigures("base-arm64"));
  }, SLOW);
});

describe("dir: errors, one line each", () => {
  it("names an unknown version", () => {
    const copy = tinyCopy("version");
    writeFileSync(join(copy, "version"), "Directory Transport Version: 9.0\n");
    expect(oneLineError([copy])).toMatch(/unknown dir transport version "Directory Transport Version: 9\.0"/);
  }, SLOW);

  it("names a missing layer blob", () => {
    const copy = tinyCopy("missing");
    const [first] = layerFiles(copy);
    unlinkSync(first);
    expect(oneLineError([`dir:${copy}`])).toMatch(/layer 0 \(sha256:[a-f0-9]{12}\): missing blob in /);
  }, SLOW);

  it("catches a layer blob that does not match its digest while streaming it", () => {
    const copy = tinyCopy("corrupt");
    const last = layerFiles(copy).at(-1) ?? "";
    const data = readFileSync(last);
    // Same length and still a valid gzip stream start: only the digest check can tell.
    data[data.length - 9] ^= 0xff;
    writeFileSync(last, data);
    expect(statSync(last).size).toBe(data.length);
    expect(oneLineError([`dir:${copy}`])).toMatch(/layer 1 \(sha256:[a-f0-9]{12}\): digest mismatch/);
  }, SLOW);

  it("names a manifest list whose images were not copied", () => {
    const copy = skopeoCopy(["--multi-arch", "index-only"], `oci:${realImage("multiarch", "oci")}:latest`, join(dir, "index-only"));
    expect(readdirSync(copy).filter((f) => f.endsWith(".manifest.json"))).toHaveLength(0);
    expect(oneLineError([copy])).toMatch(/a list of 2 images but none was copied \(copy with skopeo copy --all\)/);
  }, SLOW);

  it("tells a directory that is no image apart", () => {
    expect(oneLineError([temp("layerscope-empty-")])).toMatch(/not an image directory \(no oci-layout file, nor the version and manifest\.json of a dir: copy\)/);
  }, SLOW);
});
