import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { computeHints } from "../../../src/analysis/hints/compute-hints.js";
import { removableBytes } from "../../../src/analysis/hints/removable.js";
import { SEVERITY_RANK } from "../../../src/analysis/hints/types.js";
import { analyzePair, dockerfileOf } from "./pair-images.js";

const OWN_IMAGES = readdirSync(resolve(process.cwd(), "test/images")).sort();

describe("removable by the hints, on every image of test/images", () => {
  it.each(OWN_IMAGES)("%s: the total is at most the image, at least the largest hint, and each hint alone is its own figure", async (name) => {
    const analysis = await analyzePair(name);
    const hints = computeHints(analysis, { dockerfile: dockerfileOf(name) });
    const removable = removableBytes(analysis, hints);
    expect(removable).toBeLessThanOrEqual(analysis.summary.image.totalBytes);
    expect(removable).toBeGreaterThanOrEqual(Math.max(0, ...hints.map((hint) => hint.bytes)));
    for (const hint of hints) expect(removableBytes(analysis, [hint]), hint.id).toBe(hint.bytes);
    // most severe first, largest first within a severity
    for (let i = 1; i < hints.length; i++) {
      const [a, b] = [hints[i - 1], hints[i]];
      const order = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.bytes - b.bytes;
      expect(order, `${a.id} before ${b.id}`).toBeGreaterThanOrEqual(0);
    }
  });
});
