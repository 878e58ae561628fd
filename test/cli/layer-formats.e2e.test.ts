import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonFileChange } from "../../src/report/json.js";
import { realImage } from "../helpers/realimages.js";
import { startFaultProxy } from "../helpers/fault-proxy.js";
import { LAB_PLAIN, useLabRegistries } from "../helpers/registry.js";

// --json-files, and the layers' media type, compression and compressed size, on real images in every format.

const BIN = resolve("bin/layerscope.js");
const runAsync = promisify(execFile);

interface Layer {
  digest: string;
  added: number;
  modified: number;
  removed: number;
  blobSize?: number;
  mediaType?: string;
  compression?: string;
  changes?: JsonFileChange[];
}
interface Report {
  image: { compressedBytes?: number; layerCount: number; pull?: { baseline: string; sharedLayers: number; bytes: number } };
  layers: Layer[];
}

function run(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    maxBuffer: 256 << 20,
    env: { ...process.env, CI: "", XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "layerscope-xdg-")), ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The subdirectories of the cache home of one cache (`layers-v…`, `analyses-v…`; one per format version) */
function cacheDirs(cacheHome: string, prefix: string): string[] {
  const home = join(cacheHome, "layerscope");
  return existsSync(home)
    ? readdirSync(home)
        .filter((name) => name.startsWith(prefix))
        .map((name) => join(home, name))
    : [];
}

/** The layer cache's entries (one file of scanned entries per layer), sorted */
function layerCacheEntries(cacheHome: string): string[] {
  return cacheDirs(cacheHome, "layers-v")
    .flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)))
    .filter((file) => file.endsWith(".lsl"))
    .sort();
}

function report(args: string[], env: Record<string, string> = {}): Report {
  const { status, stdout, stderr } = run([...args, "--json", "-"], env);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  return JSON.parse(stdout) as Report;
}

/** `report` without blocking this process (which may serve the CLI's requests) */
async function reportAsync(args: string[], env: Record<string, string>): Promise<Report> {
  const { stdout, stderr } = await runAsync(process.execPath, [BIN, ...args, "--json", "-"], {
    encoding: "utf8",
    maxBuffer: 256 << 20,
    env: { ...process.env, CI: "", ...env },
  });
  expect(stderr).toBe("");
  return JSON.parse(stdout) as Report;
}

/** path → [type, mode, uid, gid, size] of the image's merged filesystem, from its ground truth (umoci unpack) */
function truth(name: string): Map<string, string[]> {
  const kinds: Record<string, string> = { f: "file", d: "dir", l: "symlink", c: "char", b: "block", p: "fifo" };
  const files = new Map<string, string[]>();
  for (const line of readFileSync(realImage(name, "truth"), "utf8").split("\n")) {
    const [path, type, mode, uid, gid, size] = line.split("\t");
    if (path) files.set(path, [kinds[type] ?? type, mode, uid, gid, type === "f" ? size : "0"]);
  }
  return files;
}

describe("--json-files", () => {
  it.each(["docker-archive", "oci"])("features (%s): each layer's changes add up to its counts, and replayed give the truth", (format) => {
    const { layers } = report([realImage("features", format), "--json-files"]);
    const final = new Map<string, JsonFileChange>();
    for (const layer of layers) {
      const changes = layer.changes ?? [];
      const count = (kind: string) => changes.filter((change) => change.change === kind).length;
      expect([count("added"), count("modified"), count("removed")]).toEqual([layer.added, layer.modified, layer.removed]);
      expect(changes.map((change) => change.path)).toEqual(changes.map((change) => change.path).sort());
      for (const change of changes) {
        if (change.change === "removed") {
          for (const path of final.keys()) if (path === change.path || path.startsWith(change.path + "/")) final.delete(path);
        } else final.set(change.path, change);
      }
    }
    expect(layers.some((layer) => layer.removed > 0) && layers.some((layer) => layer.modified > 0)).toBe(true);
    // hardlinks are files in the truth; their link target is the path they share content with
    const seen = new Map(
      [...final].map(([path, c]) => [path, [c.type === "hardlink" ? "file" : c.type, c.mode, String(c.uid), String(c.gid), String(c.size)]]),
    );
    const expected = truth("features");
    for (const [path, fields] of expected) if (path !== "/") expect([path, seen.get(path)]).toEqual([path, fields]);
    for (const change of final.values()) {
      if (change.type === "symlink") expect(typeof change.linkTarget).toBe("string");
      else if (change.type !== "hardlink") expect(change).not.toHaveProperty("linkTarget");
    }
  });

  it("is opt-in, and asks for --json", () => {
    const { layers } = report([realImage("tiny", "oci")]);
    expect(layers.every((layer) => layer.changes === undefined)).toBe(true);
    const alone = run([realImage("tiny", "oci"), "--json-files"]);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/^layerscope: --json-files .*--json/);
  });
});

describe("layers: media type, compression, compressed size", () => {
  const expected: Record<string, [string, string | undefined]> = {
    "docker-archive": ["none", undefined],
    oci: ["gzip", "application/vnd.oci.image.layer.v1.tar+gzip"],
    "oci-zstd": ["zstd", "application/vnd.oci.image.layer.v1.tar+zstd"],
    "oci-uncompressed": ["none", "application/vnd.oci.image.layer.v1.tar"],
  };

  it.each(Object.keys(expected))("features (%s): as detected, on a first run and from the layer cache", (format) => {
    const path = realImage("features", format);
    const cache = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "layerscope-xdg-")) };
    const first = report([path], cache);
    const entries = layerCacheEntries(cache.XDG_CACHE_HOME);
    // a legacy docker save names its layers by unchecked diff ids: never cached (src/analysis/scan.ts)
    if (format === "docker-archive") expect(entries).toEqual([]);
    else expect(entries).toHaveLength(new Set(first.layers.map((layer) => layer.digest)).size);
    // the second run must read the layers from the layer cache: not served whole by the analysis cache, and each
    // entry's mtime set back, so that a read (which touches the entry in place) shows, as a rewrite (a new file) would
    for (const dir of cacheDirs(cache.XDG_CACHE_HOME, "analyses-v")) rmSync(dir, { recursive: true });
    const longAgo = new Date("2001-01-01T00:00:00Z");
    const before = entries.map((file) => {
      utimesSync(file, longAgo, longAgo);
      return statSync(file).ino;
    });
    const cached = report([path], cache);
    expect(layerCacheEntries(cache.XDG_CACHE_HOME)).toEqual(entries);
    for (const [i, file] of entries.entries()) {
      const after = statSync(file);
      expect(after.ino, `${file} rewritten`).toBe(before[i]);
      expect(after.mtimeMs, `${file} not read`).toBeGreaterThan(longAgo.getTime());
    }
    const [compression, mediaType] = expected[format];
    for (const { layers } of [first, cached]) {
      for (const layer of layers) {
        expect(layer.compression).toBe(compression);
        expect(layer.mediaType).toBe(mediaType);
      }
    }
    const sizes = first.layers.map((layer) => layer.blobSize!);
    expect(first.image.compressedBytes).toBe(sizes.reduce((a, b) => a + b, 0));
    if (format.startsWith("oci")) {
      // the OCI layout's blob files are the layers as stored
      const blobs = readdirSync(join(path, "blobs/sha256")).map((name) => statSync(join(path, "blobs/sha256", name)).size);
      for (const size of sizes) expect(blobs).toContain(size);
    }
    const text = run([path]).stdout;
    // plain tars (a docker save, an uncompressed layout) have no compressed size to show
    if (compression === "none") expect(text).not.toContain("Compressed:");
    else expect(text).toContain(`Compressed: `);
    expect(text).toMatch(new RegExp(`\\s${compression}\\s+\\+\\d+ ~\\d+ -\\d+`));
  });

  it("--baseline: a pull needs the layers the baseline lacks", () => {
    const head = realImage("apt-split-cleanup", "oci");
    const base = realImage("base", "oci");
    const { image, layers } = report([head, "--baseline", base]);
    const baseLayers = report([base]).layers;
    expect(image.pull?.sharedLayers).toBe(baseLayers.length);
    const notShared = layers.slice(baseLayers.length).reduce((sum, layer) => sum + layer.blobSize!, 0);
    expect(image.pull?.bytes).toBe(notShared);
    expect(run([head, "--baseline", base]).stdout).toMatch(/Pull with .* present: .* \(1 of \d+ layers shared\)/);
  });
});

describe("layers from a registry", () => {
  let stop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    stop = await useLabRegistries(["features"]);
  });
  afterAll(() => stop());

  it("a cached layer knows its compression from the manifest's media type; the second run reads no layer", async () => {
    // a proxy that logs each request in front of the registry: what a run downloads
    const proxy = await startFaultProxy(LAB_PLAIN);
    try {
      const cache = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "layerscope-xdg-")) };
      const reference = `docker://${proxy.address}/lab/features:oci`;
      const layerGets = (digests: string[]) => proxy.log.filter((line) => digests.some((digest) => line.startsWith(`GET /v2/lab/features/blobs/${digest}`)));
      const first = await reportAsync([reference], cache);
      const digests = first.layers.map((layer) => layer.digest);
      expect(layerGets(digests)).toHaveLength(digests.length);
      proxy.log.length = 0;
      const second = await reportAsync([reference], cache);
      expect(second.layers.map((layer) => layer.digest)).toEqual(digests);
      expect(proxy.log.some((line) => line.startsWith("GET /v2/lab/features/manifests/oci"))).toBe(true);
      expect(layerGets(digests)).toEqual([]);
      for (const { layers } of [first, second]) {
        expect(layers.map((layer) => layer.compression)).toEqual(layers.map(() => "gzip"));
      }
    } finally {
      await proxy.stop();
    }
  });
});
