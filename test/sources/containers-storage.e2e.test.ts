import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveFigures, figures, oneLineError, runCli } from "../helpers/cli-figures.js";
import { realImage } from "../helpers/realimages.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// buildah/podman stores read with no daemon: the realimages set's own stores (buildah, overlay and vfs), and a
// private store that `podman load` filled.

/** Real images read several times on a busy machine */
const SLOW = 300_000;
const temp = tempDirs();
/** $LAB_CACHE/storage/<driver>/root, where realimages' build-images.sh keeps the images it builds */
const labStore = (driver: string) => join(dirname(dirname(dirname(realImage("tiny", "docker-archive")))), "storage", driver, "root");
let podmanRoot: string;
let podmanRun: string;

const podman = (args: string[]) =>
  execFileSync("podman", ["--root", podmanRoot, "--runroot", podmanRun, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

beforeAll(() => {
  const dir = temp("layerscope-podman-");
  podmanRoot = join(dir, "root");
  podmanRun = join(dir, "run");
  podman(["load", "-q", "-i", realImage("multistage", "docker-archive")]);
  podman(["load", "-q", "-i", realImage("tiny", "docker-archive")]);
}, 120_000);
// The overlay driver bind-mounts its home under the root; unmounted before tempDirs removes the dir (after hooks
// run last-registered first).
afterAll(() => {
  if (podmanRoot) execFileSync("sh", ["-c", `grep -o " ${podmanRoot}[^ ]*" /proc/mounts | xargs -r -n1 umount -l`]);
});

describe("containers-storage:REF", () => {
  it("reads buildah's images from realimages' store, with the figures of the archive form", () => {
    const overlay = labStore("overlay");
    const driver = existsSync(overlay) ? "overlay" : "vfs";
    const result = runCli(["containers-storage:localhost/lab/features:latest", "--storage-root", labStore(driver), "--json", "-", "--no-cache"]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).image.format).toBe("containers-storage");
    expect(figures(result.stdout)).toEqual(archiveFigures("features"));
  }, SLOW);

  it("takes a [driver@root+runroot] store in the reference: the vfs store of realimages", () => {
    const vfs = labStore("vfs");
    const spec = `[vfs@${vfs}+${join(dirname(vfs), "run")}]`;
    const fromVfs = runCli([`containers-storage:${spec}localhost/lab/features-vfs:latest`, "--json", "-", "--no-cache"]);
    expect(fromVfs.stderr).toBe("");
    expect(figures(fromVfs.stdout)).toEqual(archiveFigures("features-vfs"));
  }, SLOW);

  it("reads what podman load put in a private store, with --source containers-storage and a short name", () => {
    const result = runCli(["lab/multistage", "--source", "containers-storage", "--storage-root", podmanRoot, "--json", "-", "--no-cache"]);
    expect(result.stderr).toBe("");
    expect(figures(result.stdout)).toEqual(archiveFigures("multistage"));
  }, SLOW);
});

describe("containers-storage errors, one line each", () => {
  it("names an image the store does not have", () => {
    expect(oneLineError(["containers-storage:lab/nope:1", "--storage-root", podmanRoot])).toMatch(
      new RegExp(`^layerscope: lab/nope:1: no such image in the containers-storage at ${podmanRoot}`),
    );
  }, SLOW);

  it("names a store that is not there, without creating it", () => {
    const root = join(temp("layerscope-nostore-"), "storage");
    expect(oneLineError(["containers-storage:lab/tiny", "--storage-root", root])).toMatch(/^layerscope: no containers-storage at .*storage$/m);
    expect(existsSync(root)).toBe(false);
  }, SLOW);

  it("reports a layer whose files in the store were changed", () => {
    const images = JSON.parse(readFileSync(join(podmanRoot, "overlay-images", "images.json"), "utf8")) as Array<{ names?: string[]; layer: string }>;
    const tiny = images.find((i) => i.names?.some((n) => n.includes("lab/tiny")));
    expect(tiny).toBeDefined();
    const diff = join(podmanRoot, "overlay", tiny?.layer ?? "", "diff");
    const file = findFile(diff);
    const data = readFileSync(file);
    data[0] ^= 0xff;
    writeFileSync(file, data);
    expect(oneLineError(["containers-storage:docker.io/lab/tiny:latest", "--storage-root", podmanRoot])).toMatch(/checksum failed|digest mismatch/);
  }, SLOW);
});

/** The first non-empty regular file under a directory. */
function findFile(dir: string): string {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    if (info.isFile() && info.size > 0) return path;
    if (info.isDirectory()) {
      const found = findFile(path);
      if (found) return found;
    }
  }
  return "";
}
