import { readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FileAnalysisCache, encodeEntry } from "../../src/cache/analysis-cache.js";
import { openAnalysisCache } from "../../src/cache/open-cache.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const key = (n: number): string => n.toString(16).padStart(64, "0");
const newCache = (maxBytes = 1 << 30): FileAnalysisCache => new FileAnalysisCache({ dir: tempDir("lsanalysis-"), maxBytes });

describe("FileAnalysisCache", () => {
  it("gives back what was stored, as it was: undefined properties, -0, NaN, Buffers and Maps included", async () => {
    const cache = newCache();
    const value = { a: undefined, zero: -0, nan: NaN, bytes: Buffer.from("db"), owners: new Map([["/bin/sh", 3]]), list: [1, "x", null] };
    await cache.put(key(1), value);
    const read = await cache.get(key(1));
    expect(read && "value" in read).toBe(true);
    const back = (read as { value: typeof value }).value;
    expect(back).toEqual(value);
    expect(Object.keys(back)).toEqual(Object.keys(value));
    expect(Object.is(back.zero, -0)).toBe(true);
    expect(await cache.get(key(2))).toBeUndefined();
  });

  it("keeps a Buffer as its bytes (a report as written), and gives the same bytes back", async () => {
    const cache = newCache();
    const report = Buffer.from('{\n  "schemaVersion": 1\n}\n');
    await cache.put(key(1), report);
    const read = await cache.get(key(1));
    expect(read && "value" in read && Buffer.isBuffer(read.value) && read.value.equals(report)).toBe(true);
    expect(readFileSync(cache.fileOf(key(1))).includes(report)).toBe(true);
  });

  it("reports a damaged or cut entry as corrupt, removes it, and takes a new one", async () => {
    const cache = newCache();
    await cache.put(key(1), { figures: [1, 2, 3] });
    const file = cache.fileOf(key(1));
    const data = readFileSync(file);
    const flipped = Buffer.from(data);
    flipped[flipped.length - 2] ^= 0xff;
    for (const bad of [flipped, data.subarray(0, data.length - 5), Buffer.from("not an entry")]) {
      writeFileSync(file, bad);
      expect(await cache.get(key(1))).toEqual({ corrupt: file });
      expect(readdirSync(cache.dir)).toEqual([]);
    }
    await cache.put(key(1), { figures: [4] });
    expect(await cache.get(key(1))).toEqual({ value: { figures: [4] } });
  });

  it("never gives an entry stored under another key, even when its file is renamed to this key's name", async () => {
    const cache = newCache();
    await cache.put(key(2), { figures: [2] });
    writeFileSync(cache.fileOf(key(1)), readFileSync(cache.fileOf(key(2))));
    expect(await cache.get(key(1))).toEqual({ corrupt: cache.fileOf(key(1)) });
    expect(await cache.get(key(2))).toEqual({ value: { figures: [2] } });
  });

  it("keeps within its byte budget by removing the least recently used entries", async () => {
    const payload = (n: number) => ({ n, fill: "x".repeat(10_000) });
    const size = encodeEntry(key(1), payload(1)).reduce((sum, part) => sum + part.length, 0);
    const cache = newCache(size * 3 + 100);
    for (const n of [1, 2, 3]) {
      await cache.put(key(n), payload(n));
      // mtimes a second apart, oldest first (a read touches its entry)
      const at = new Date(Date.now() - (10 - n) * 1000);
      utimesSync(cache.fileOf(key(n)), at, at);
    }
    expect(await cache.get(key(1))).toBeDefined(); // now the most recent
    await cache.put(key(4), payload(4));
    expect(await cache.get(key(2))).toBeUndefined();
    for (const n of [1, 3, 4]) expect(await cache.get(key(n))).toEqual({ value: payload(n) });
  });

  it("does not store an entry larger than its whole budget", async () => {
    const cache = newCache(1000);
    await cache.put(key(1), { fill: "x".repeat(5000) });
    expect(await cache.get(key(1))).toBeUndefined();
  });

  it("takes only keys that are sha256 digests in hex", () => {
    expect(() => newCache().fileOf("../../etc/passwd")).toThrow(RangeError);
  });
});

describe("openAnalysisCache", () => {
  it("keeps an eighth of LAYERSCOPE_CACHE_MAX beside the layer cache, and is off with it at 0", () => {
    const cache = openAnalysisCache({ XDG_CACHE_HOME: "/var/cache/ci", LAYERSCOPE_CACHE_MAX: "800MB" });
    expect(cache && cache.dir).toMatch(/^\/var\/cache\/ci\/layerscope\/analyses-v\d+$/);
    expect(cache && cache.maxBytes).toBe(100e6);
    expect(openAnalysisCache({ LAYERSCOPE_CACHE_MAX: "0" })).toBe(false);
    expect(() => openAnalysisCache({ LAYERSCOPE_CACHE_MAX: "lots" })).toThrow(/LAYERSCOPE_CACHE_MAX/);
  });
});
