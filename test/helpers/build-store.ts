import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pairImage } from "../analysis/hints/pair-images.js";
import { realImage } from "./realimages.js";

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a user runs it. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string; input?: string } = {}): RunResult {
  const bin = resolve(process.cwd(), "bin/layerscope.js");
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env, cwd: options.cwd, input: options.input ?? "" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A private containers-storage for buildah and podman, holding the lab's base image, with its storage.conf. */
export interface PrivateStore {
  driver: string;
  root: string;
  runroot: string;
  conf: string;
  /** `containers-storage:[driver@root+runroot]NAME`, for skopeo */
  ref(name: string): string;
  /** Removes the containers and images (which unmounts the store), then the directory */
  dispose(): void;
}

export function makePrivateStore(): PrivateStore {
  const dir = mkdtempSync(join(tmpdir(), "layerscope-build-store-"));
  const labCache = process.env.LAB_CACHE ?? "/tmp/realimages";
  const driver = process.env.LAB_DRIVER ?? (existsSync(join(labCache, "storage", "overlay", "root")) ? "overlay" : "vfs");
  const root = join(dir, "root");
  const runroot = join(dir, "run");
  const conf = join(dir, "storage.conf");
  writeFileSync(conf, `[storage]\ndriver = "${driver}"\ngraphroot = "${root}"\nrunroot = "${runroot}"\n`);
  const ref = (name: string) => `containers-storage:[${driver}@${root}+${runroot}]${name}`;
  // the base every Dockerfile of test/images starts from, as realimages built it
  const base = realImage("base", "oci");
  execFileSync("skopeo", ["--insecure-policy", "copy", "-q", `oci:${base}:latest`, ref("localhost/lab/base:bookworm")], { stdio: "pipe" });
  const dispose = () => {
    const flags = ["--root", root, "--runroot", runroot, "--storage-driver", driver];
    spawnSync("buildah", [...flags, "rm", "--all"], { stdio: "ignore" });
    spawnSync("buildah", [...flags, "rmi", "--all", "--force"], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  return { driver, root, runroot, conf, ref, dispose };
}

/** The figures of a JSON report that do not depend on how the image was stored or named. */
export function figures(json: string): unknown {
  const report = JSON.parse(json);
  // the blobs (sizes, media types, compression) depend on how the image is stored, not on what it holds
  // the base attribution says where the base was found (the build's store, or only the history for an archive)
  const { reference: _r, format: _f, name: _n, manifestDigest: _m, configDigest: _c, compressedBytes: _z, base: _base, ...image } = report.image;
  const layers = report.layers.map(
    ({ digest: _d, diffId: _i, blobSize: _b, mediaType: _t, compression: _k, ...layer }: Record<string, unknown>) => layer,
  );
  const hints = report.hints.map(({ line: _l, ...hint }: Record<string, unknown>) => hint);
  return { image, layers, waste: report.waste, rules: report.rules, hints };
}

/** The JSON report of a test/images image read from its docker-archive export. */
export function archiveReport(name: string, env: NodeJS.ProcessEnv): string {
  const result = runCli([pairImage(name, "docker-archive"), "--json", "-"], env);
  if (result.status !== 0) throw new Error(`layerscope on the ${name} archive: ${result.stderr}`);
  return result.stdout;
}

/** 1-based line of the first Dockerfile line that starts with `prefix`. */
export function lineOf(dockerfile: string, prefix: string): number {
  const index = readFileSync(dockerfile, "utf8").split("\n").findIndex((line) => line.startsWith(prefix));
  if (index < 0) throw new Error(`no line starting with ${prefix} in ${dockerfile}`);
  return index + 1;
}
