import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { diffContents, type OpenImage } from "../../src/diff/content-diff.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage, type EntrySpec } from "../helpers/build-image.js";
import { runInProcess } from "../helpers/cli-io.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const temp = tempDirs();
const shared: EntrySpec[] = [
  { path: "etc/same.conf", content: "unchanged\n" },
  { path: "usr/lib/big.bin", content: Buffer.alloc(2 << 20, 7) },
];

async function pair(): Promise<[string, string]> {
  const base = await buildImage(
    {
      layers: [
        shared,
        [
          { path: "etc/app.conf", content: "a=1\nb=2\nc=3\n" },
          { path: "etc/fence.md", content: "```\ncode\n```\n" },
          { path: "bin/tool", content: Buffer.from([0, 1, 2, 3]) },
          { path: "etc/touched", content: "same bytes\n", mtime: 1 },
          { path: "srv/evil.txt", content: "ok\n" },
        ],
      ],
    },
    { format: "oci-layout", dir: temp("layerscope-content-base-") },
  );
  const head = await buildImage(
    {
      layers: [
        shared,
        [
          { path: "etc/app.conf", content: "a=1\nb=20\nc=3\nd=4\n" },
          { path: "etc/fence.md", content: "```\ncode changed\n```\n" },
          { path: "bin/tool", content: Buffer.from([0, 1, 2, 4]) },
          { path: "etc/touched", content: "same bytes\n", mtime: 2 },
          { path: "srv/evil.txt", content: "ok\n\u001b]0;pwned\u0007\n" },
        ],
      ],
    },
    { format: "docker-archive", dir: temp("layerscope-content-head-") },
  );
  return [base.path, head.path];
}

describe("diff --content", () => {
  it("prints unified diffs of modified text files, names binary ones, and skips identical bytes", async () => {
    const [base, head] = await pair();
    const run = await runInProcess(["diff", base, head, "--content", "--no-color"]);
    expect(run.stderr).toBe("");
    const text = run.stdout.toString();
    const content = text.slice(text.indexOf("Content of modified files"));
    expect(content).toContain("Content of modified files: 4 files differ, 1 binary of 7 in both images");
    expect(content).toContain("/bin/tool: Binary files differ (4 B → 4 B)");
    expect(content).toContain(
      ["/etc/app.conf  (+2 -1)", "--- a/etc/app.conf", "+++ b/etc/app.conf", "@@ -1,3 +1,4 @@", " a=1", "-b=2", "+b=20", " c=3", "+d=4"].join("\n"),
    );
    // what a file holds is escaped like every image string: it cannot drive the terminal
    expect(content).toContain("+\\x1b]0;pwned\\x07");
    expect(content).not.toContain("\u001b]0;");
    expect(content).not.toContain("/etc/touched");
    expect(content).not.toContain("/usr/lib/big.bin");
  });

  it("takes a glob, and writes fenced diff blocks no line can close in Markdown", async () => {
    const [base, head] = await pair();
    const run = await runInProcess(["diff", base, head, "--content", "/etc/*.md", "--markdown", "-"]);
    const markdown = run.stdout.toString();
    expect(markdown).toContain("Content of modified files matching /etc/\\*.md: 1 file differs of 1 in both images");
    expect(markdown).toContain("````diff\n--- a/etc/fence.md\n+++ b/etc/fence.md\n@@ -1,3 +1,3 @@\n ```\n-code\n+code changed\n ```\n````");
  });

  it("gives the diffs in the JSON report, and none without --content", async () => {
    const [base, head] = await pair();
    const json = JSON.parse((await runInProcess(["diff", base, head, "--content", "--json", "-"])).stdout.toString()) as {
      content: { files: Array<{ path: string; kind: string; added?: number }> };
    };
    expect(json.content.files.map((file) => [file.path, file.kind, file.added])).toEqual([
      ["/bin/tool", "binary", undefined],
      ["/etc/app.conf", "text", 2],
      ["/etc/fence.md", "text", 1],
      ["/srv/evil.txt", "text", 1],
    ]);
    const plain = JSON.parse((await runInProcess(["diff", base, head, "--json", "-"])).stdout.toString()) as { content?: unknown };
    expect(plain.content).toBeUndefined();
  });
});

/** Lines that differ everywhere between seeds: a rewritten file, which Myers' diff takes seconds over. */
function rewritten(seed: number): string {
  let state = seed;
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    lines.push(`line ${i} ${state.toString(16)}`);
  }
  return lines.join("\n") + "\n";
}

async function opened(seed: number): Promise<OpenImage> {
  const files = [0, 1, 2, 3, 4].map((i) => ({ path: `data/f${i}.txt`, content: rewritten(seed + i) }));
  const built = await buildImage({ layers: [files] }, { format: "docker-archive", dir: temp("layerscope-rewritten-") });
  const source = await openImage(built.path);
  return { source, analysis: await analyzeImage(source) };
}

describe("diff --content of rewritten files", () => {
  it("stops diffing once the time budget is spent, and counts the rest as left out", async () => {
    const base = await opened(1);
    const head = await opened(1000);
    try {
      const started = Date.now();
      const diff = await diffContents(base, head, { diffBudgetMs: 300 });
      // each pair alone would take up to 2 s before jsdiff gives up on it
      expect(Date.now() - started).toBeLessThan(1500);
      expect(diff.compared).toBe(5);
      expect(diff.files.length).toBeGreaterThanOrEqual(1);
      expect(diff.files.every((file) => file.kind === "too-different")).toBe(true);
      expect(diff.files.length + diff.omitted).toBe(5);
      expect(diff.omitted).toBeGreaterThanOrEqual(3);
    } finally {
      await base.source.close();
      await head.source.close();
    }
  });
});
