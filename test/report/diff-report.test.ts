import { describe, expect, it } from "vitest";
import type { Hint } from "../../src/analysis/hints/types.js";
import type { ImageDiff } from "../../src/diff/types.js";
import { assessDiff } from "../../src/diff/verdict.js";
import { formatDiffJson } from "../../src/report/diff-json.js";
import { formatDiffMarkdown } from "../../src/report/diff-markdown.js";
import { formatDiffText } from "../../src/report/diff-text.js";
import { formatHintsMarkdown } from "../../src/report/hints-markdown.js";
import { formatHintsText, layerHintLines } from "../../src/report/hints-text.js";

const HINT: Hint = {
  id: "apt-lists",
  severity: "warning",
  layer: 1,
  bytes: 82_910_775,
  message: "apt package lists left by this layer: 82.9 MB in 3 files under /var/lib/apt/lists",
  fix: "end the same RUN with `rm -rf /var/lib/apt/lists/*`",
  instruction: "RUN apt-get update && apt-get install -y curl | tee `log`",
  line: 3,
};

function sampleDiff(overrides: Partial<ImageDiff> = {}): ImageDiff {
  const diff = sampleFigures(overrides);
  return { ...diff, assessment: assessDiff(diff) };
}

function sampleFigures(overrides: Partial<ImageDiff>): Omit<ImageDiff, "assessment"> {
  const d = (base: number, head: number) => ({ base, head, delta: head - base });
  const none = { count: 0, bytes: 0, items: [] };
  return {
    base: { reference: "before.tar", layerCount: 2 },
    head: { reference: "after.tar", layerCount: 2 },
    size: { total: d(100_000_000, 150_000_000), final: d(90_000_000, 100_000_000), wasted: d(1_000_000, 50_000_000), dive: d(1, 2) },
    efficiency: { layerscope: d(0.99, 0.66), dive: d(0.95, 0.97), diveUserWastedPercent: d(0, 0) },
    layers: {
      shared: [{ diffId: "sha256:a", baseIndex: 0, headIndex: 0, sizeBytes: 90_000_000, command: "ADD rootfs /" }],
      onlyBase: [{ index: 1, diffId: "sha256:b", sizeBytes: 10_000_000, command: "RUN apt-get update && apt-get clean" }],
      onlyHead: [{ index: 1, diffId: "sha256:c", sizeBytes: 60_000_000, command: "RUN apt-get update" }],
    },
    waste: {
      new: { count: 1, bytes: 49_000_000, items: [{ path: "/var/lib/apt/lists/x", kind: "junk", rule: "apt-lists", bytes: 49_000_000, addedBy: 1 }] },
      gone: none,
    },
    hints: { new: [HINT], gone: [], removable: d(1_000_000, 82_910_775) },
    files: {
      added: { count: 1, bytes: 49_000_000, items: [{ path: "/var/lib/apt/lists/x", kind: "added", baseBytes: 0, headBytes: 49_000_000, delta: 49_000_000 }] },
      removed: none,
      grown: none,
      shrunk: none,
    },
    checks: [{ name: "max-size-increase", status: "fail", message: "size +50 MB (limit +10 MB)" }],
    verdict: "fail",
    ...overrides,
  };
}

describe("hints sections", () => {
  it("text: severity, id, layer and Dockerfile line, bytes, instruction, message and fix; nothing for no hints", () => {
    const text = formatHintsText([HINT]);
    expect(text.split("\n").slice(0, 2)).toEqual(["Hints (1)", "  WARN  apt-lists  layer 1, Dockerfile:3  82.9 MB"]);
    expect(text).toContain("fix: end the same RUN with `rm -rf /var/lib/apt/lists/*`");
    expect(formatHintsText([])).toBe("");
    const withTotal = formatHintsText([HINT], { removable: { bytes: 82_910_775, imageBytes: 150_000_000 } });
    expect(withTotal.split("\n")[1]).toBe("  Removable by the hints together: 82.9 MB of the image's 150 MB (a byte several hints name counts once)");
  });

  it("markdown: a table row per hint whose cells cannot break the table", () => {
    const markdown = formatHintsMarkdown([HINT]);
    const row = markdown.split("\n").find((line) => line.includes("apt-lists"))!;
    expect(row).toContain("`RUN apt-get update && apt-get install -y curl \\| tee 'log'`");
    expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(8);
    expect(formatHintsMarkdown([])).toBe("");
    const withTotal = formatHintsMarkdown([HINT], "Hints", "Dockerfile", { bytes: 82_910_775, imageBytes: 150_000_000 });
    expect(withTotal.split("\n").slice(0, 4)).toEqual([
      "#### Hints (1)",
      "",
      "Removable by the hints together: 82.9 MB of the image's 150 MB (a byte several hints name counts once)",
      "",
    ]);
  });
});

describe("diff reports", () => {
  it("markdown: headline with size Δ, efficiency Δ and verdict, changed layers, new hints, details folded", () => {
    const markdown = formatDiffMarkdown(sampleDiff());
    expect(markdown.split("\n")[0]).toBe(
      "### ❌ layerscope diff: size +50 MB (+50.0%), waste +49 MB, efficiency −33.00 pts — FAIL: max-size-increase — worse: bigger, more waste, 1 new hint",
    );
    expect(markdown).toContain("| Removable by the hints | 1 MB | 82.9 MB | +81.9 MB |");
    expect(markdown).toContain("| ➖ base | 1 | 10 MB | `RUN apt-get update && apt-get clean` |");
    expect(markdown).toContain("| ➕ head | 1 | 60 MB | `RUN apt-get update` |");
    expect(markdown).toContain("#### New hints (1)");
    expect(markdown).toMatch(/<details>\n<summary>Waste: 1 new item \(49 MB\), 0 gone \(0 B\)<\/summary>/);
    expect(markdown).toMatch(/<details>\n<summary>Largest file changes \(1 added, 0 removed, 0 grown, 0 shrunk\)<\/summary>/);
  });

  it("markdown: the images' names as code spans outside the table keep their pipes and lose their backticks", () => {
    const diff = sampleDiff({ base: { reference: "a|b.tar", layerCount: 2 }, head: { reference: "x`y.tar", layerCount: 2 } });
    expect(formatDiffMarkdown(diff).split("\n")[2]).toBe("Base `a|b.tar (2 layers)` → head `x'y.tar (2 layers)`");
  });

  it("markdown without limits says how HEAD moved instead of a verdict", () => {
    const headline = formatDiffMarkdown(sampleDiff({ checks: [], verdict: "unchecked" })).split("\n")[0];
    expect(headline).toBe(
      "### ⚠️ layerscope diff: size +50 MB (+50.0%), waste +49 MB, efficiency −33.00 pts — worse: bigger, more waste, 1 new hint (no limits set)",
    );
  });

  it("text and JSON", () => {
    const text = formatDiffText(sampleDiff());
    expect(text).toContain("Verdict: FAIL: max-size-increase — worse: bigger, more waste, 1 new hint");
    expect(text).toContain("Hints: 1 new, 0 gone; removable by the hints 1 MB → 82.9 MB   +81.9 MB");
    expect(text).toContain("  total       100 MB → 150 MB   +50 MB (+50.0%)");
    expect(text).toContain("Layers: 1 shared, 1 only in base, 1 only in head");
    expect(text).toContain("WARN  apt-lists  layer 1, Dockerfile:3");
    const json = JSON.parse(formatDiffJson(sampleDiff())) as Record<string, unknown>;
    expect([json.schemaVersion, json.kind, json.verdict]).toEqual([1, "layerscope-diff", "fail"]);
    expect(json.assessment).toMatchObject({ outcome: "worse", better: [] });
    expect(json.hints).toMatchObject({ removable: { base: 1_000_000, head: 82_910_775, delta: 81_910_775 } });
  });

  it("names the layers of each waste item, so two copies of one path read apart", () => {
    const copy = { path: "/var/cache/apt/pkgcache.bin", kind: "deleted" as const, bytes: 39_100_000 };
    const items = [
      { ...copy, addedBy: 1, removedBy: 2 },
      { ...copy, addedBy: 2, removedBy: 3 },
    ];
    const diff = sampleDiff({ waste: { new: { count: 2, bytes: 78_200_000, items }, gone: { count: 0, bytes: 0, items: [] } } });
    const text = formatDiffText(diff);
    expect(text).toMatch(/39\.1 MB {2}deleted {13}layer 1 → 2 {3}\/var\/cache\/apt\/pkgcache\.bin/);
    expect(text).toMatch(/39\.1 MB {2}deleted {13}layer 2 → 3 {3}\/var\/cache\/apt\/pkgcache\.bin/);
    const markdown = formatDiffMarkdown(diff);
    expect(markdown).toContain("| Bytes | Kind | Layers | Path |");
    expect(markdown).toContain("| 39.1 MB | deleted | 2 → 3 | /var/cache/apt/pkgcache.bin |");
  });
});

describe("layerHintLines", () => {
  it("lists only the selected layer's hints, clipped to the pane width", () => {
    const lines = layerHintLines([HINT, { ...HINT, layer: 2, id: "other" }], 1, 60);
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith("WARN apt-lists 82.9 MB Dockerfile:3: apt package lists")).toBe(true);
    expect(lines.every((line) => line.length <= 60)).toBe(true);
    expect(layerHintLines([HINT], 0)).toEqual([]);
  });
});
