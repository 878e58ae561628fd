import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileLayerCache } from "../../src/cache/file-cache.js";
import { defaultCacheDir, openLayerCache } from "../../src/cache/open-cache.js";
import { makeEntry } from "../../src/tar/plain-entry.js";
import type { LayerEntry } from "../../src/tree/types.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

const digest = (n: number): string => "sha256:" + n.toString(16).padStart(64, "0");

/** Entries as the tar reader makes them: most owned by root (the plain shape), every seventh by another user. */
function entries(count: number, tag = "f"): LayerEntry[] {
  return Array.from({ length: count }, (_, i) =>
    makeEntry(`dir/${tag}${i}`, "file", 0o644, i % 7 === 3 ? 1000 : 0, 0, i, 1_700_000_000, "", 0, 0, 512 * (2 * i + 1)),
  );
}

function newCache(maxBytes = 1 << 30): FileLayerCache {
  return new FileLayerCache({ dir: tempDir("lscache-"), maxBytes });
}

describe("FileLayerCache", () => {
  it("returns what was stored, and nothing for an unknown digest", async () => {
    const cache = newCache();
    await cache.put(digest(1), entries(50));
    expect(await cache.get(digest(1))).toEqual(entries(50));
    expect(await cache.get(digest(2))).toBeUndefined();
  });

  it("ignores a corrupt or partial entry, removes it, and stores a new one over it", async () => {
    const cache = newCache();
    await cache.put(digest(1), entries(50));
    const file = cache.fileOf(digest(1));
    const data = readFileSync(file);
    writeFileSync(file, data.subarray(0, data.length - 7));
    expect(await cache.get(digest(1))).toBeUndefined();
    expect(() => statSync(file)).toThrow();

    await cache.put(digest(1), entries(50));
    const bad = readFileSync(file);
    bad[bad.length - 3] ^= 0xff;
    writeFileSync(file, bad);
    expect(await cache.get(digest(1))).toBeUndefined();

    await cache.put(digest(1), entries(50));
    expect(await cache.get(digest(1))).toEqual(entries(50));
  });

  it("never shows a mix of concurrent writes: readers see nothing or one whole version", async () => {
    const cache = newCache();
    const versions = [entries(400, "a"), entries(300, "b"), entries(500, "c")];
    const seen: Array<LayerEntry[] | undefined> = [];
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => cache.put(digest(7), versions[i % 3])),
      ...Array.from({ length: 30 }, async () => seen.push(await cache.get(digest(7)))),
    ]);
    for (const got of [...seen, await cache.get(digest(7))]) {
      if (got !== undefined) expect(versions).toContainEqual(got);
    }
    expect(await cache.get(digest(7))).toBeDefined();
    expect(readdirSync(cache.dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("evicts the least recently used entries beyond its size, keeping the one just written", async () => {
    const probe = newCache();
    await probe.put(digest(99), entries(200));
    const size = statSync(probe.fileOf(digest(99))).size;

    const cache = newCache(Math.floor(size * 3.5));
    for (let n = 1; n <= 3; n++) await cache.put(digest(n), entries(200));
    const hour = 3600;
    const now = Date.now() / 1000;
    utimesSync(cache.fileOf(digest(1)), now - 3 * hour, now - 3 * hour);
    utimesSync(cache.fileOf(digest(2)), now - 2 * hour, now - 2 * hour);
    utimesSync(cache.fileOf(digest(3)), now - 1 * hour, now - 1 * hour);
    expect(await cache.get(digest(1))).toBeDefined(); // now the most recently used

    await cache.put(digest(4), entries(200));
    expect(await cache.get(digest(2))).toBeUndefined();
    expect(await cache.get(digest(1))).toBeDefined();
    expect(await cache.get(digest(3))).toBeDefined();
    expect(await cache.get(digest(4))).toBeDefined();
  });

  it("does not store a layer larger than the whole cache", async () => {
    const cache = newCache(100);
    await cache.put(digest(1), entries(50));
    expect(await cache.get(digest(1))).toBeUndefined();
  });

  it("removes temporary files left by killed writers, but not young ones", async () => {
    const cache = newCache();
    await cache.put(digest(1), entries(5));
    const old = join(cache.dir, "sha256-x.lsl.1-aaaa.tmp");
    const young = join(cache.dir, "sha256-y.lsl.2-bbbb.tmp");
    writeFileSync(old, "partial");
    writeFileSync(young, "partial");
    const then = Date.now() / 1000 - 2 * 3600;
    utimesSync(old, then, then);
    await cache.evict();
    expect(readdirSync(cache.dir).sort()).toEqual([young.split("/").pop(), cache.fileOf(digest(1)).split("/").pop()].sort());
  });

  it("remembers the blob file identities checked against a digest, and forgets them with its entry", async () => {
    const probe = newCache();
    await probe.put(digest(99), entries(200));
    const cache = newCache(Math.floor(statSync(probe.fileOf(digest(99))).size * 1.5));
    await cache.put(digest(1), entries(200));
    expect(await cache.isVerified(digest(1), "1:2:3:4:5")).toBe(false);
    await cache.markVerified(digest(1), "1:2:3:4:5");
    await cache.markVerified(digest(1), "1:9:3:4:5");
    expect(await cache.isVerified(digest(1), "1:2:3:4:5")).toBe(true);
    expect(await cache.isVerified(digest(1), "1:9:3:4:5")).toBe(true);
    expect(await cache.isVerified(digest(2), "1:2:3:4:5")).toBe(false);
    const then = Date.now() / 1000 - 3600;
    utimesSync(cache.fileOf(digest(1)), then, then);
    await cache.put(digest(2), entries(200)); // evicts digest 1, and what was known of its blob files
    expect(await cache.get(digest(1))).toBeUndefined();
    expect(await cache.isVerified(digest(1), "1:2:3:4:5")).toBe(false);
    expect(readdirSync(cache.dir).sort()).toEqual([cache.fileOf(digest(2)).split("/").pop()]);
  });

  it("names files safely whatever the digest looks like", async () => {
    const cache = newCache();
    await cache.put("../../etc/passwd", entries(3));
    expect(cache.fileOf("../../etc/passwd").startsWith(cache.dir + "/x-")).toBe(true);
    expect(await cache.get("../../etc/passwd")).toEqual(entries(3));
  });
});

describe("openLayerCache", () => {
  it("lives under $XDG_CACHE_HOME/layerscope, or ~/.cache/layerscope when it is unset or relative", () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/var/cache/ci" })).toBe("/var/cache/ci/layerscope");
    expect(defaultCacheDir({ XDG_CACHE_HOME: "relative" })).toMatch(/\/\.cache\/layerscope$/);
    expect(defaultCacheDir({})).toMatch(/\/\.cache\/layerscope$/);
    const cache = openLayerCache({ XDG_CACHE_HOME: "/var/cache/ci" });
    expect(cache && cache.dir.startsWith("/var/cache/ci/layerscope/")).toBe(true);
  });

  it("is bounded by LAYERSCOPE_CACHE_MAX, off at 0, and rejects a value that is not a size", () => {
    expect(openLayerCache({ LAYERSCOPE_CACHE_MAX: "0" })).toBe(false);
    expect(openLayerCache({ LAYERSCOPE_CACHE_MAX: "500MB" })).toBeInstanceOf(FileLayerCache);
    expect(() => openLayerCache({ LAYERSCOPE_CACHE_MAX: "lots" })).toThrow(/LAYERSCOPE_CACHE_MAX/);
  });
});
