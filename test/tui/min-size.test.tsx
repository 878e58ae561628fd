import { afterEach, describe, expect, it } from "vitest";
import { fakeAnalysis } from "./helpers/fake-analysis.js";
import { treeLines } from "./helpers/frame.js";
import { renderApp, type AppHarness } from "./helpers/render-app.js";

let app: AppHarness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const names = (frame: string): string[] =>
  treeLines(frame)
    .slice(2)
    .map((line) => line.replace(/^.*?[├└]─ (?:[▸▾] )?/, ""));

/** Files of 500 kB, 2 MB, 20 MB and 200 MB, in folders of their own and one shared */
function sizedImage() {
  return fakeAnalysis(
    [
      {
        command: "ADD rootfs",
        entries: [
          { path: "/small", type: "dir" },
          { path: "/small/half.bin", size: 500_000 },
          { path: "/data", type: "dir" },
          { path: "/data/two.bin", size: 2_000_000 },
          { path: "/data/twenty.bin", size: 20_000_000 },
          { path: "/data/tiny.txt", size: 10 },
          { path: "/big.bin", size: 200_000_000 },
          { path: "/link", type: "symlink" },
        ],
      },
    ],
    [],
  );
}

describe("minimum file size in the tree", () => {
  it("cycles off → 1 MB → 10 MB → 100 MB → off, in the title; folders show only with big files, at full size", async () => {
    app = await renderApp(sizedImage());
    await app.press("tab");
    expect(names(app.frame())).toEqual(["big.bin", "data/", "tiny.txt", "twenty.bin", "two.bin", "link →", "small/", "half.bin"]);
    await app.press("s");
    await app.until("files ≥ 1 MB");
    expect(names(app.frame())).toEqual(["big.bin", "data/", "twenty.bin", "two.bin"]);
    const dataRow = treeLines(app.frame()).find((line) => line.includes("data/")) ?? "";
    expect(dataRow).toContain("22 MB"); // 2 MB + 20 MB + 10 B: the folder keeps its full size
    await app.press("s");
    await app.until("files ≥ 10 MB");
    expect(names(app.frame())).toEqual(["big.bin", "data/", "twenty.bin"]);
    await app.press("s");
    await app.until("files ≥ 100 MB");
    expect(names(app.frame())).toEqual(["big.bin"]);
    await app.press("s");
    expect(app.frame()).not.toContain("files ≥");
    expect(names(app.frame())).toContain("tiny.txt");
  });

  it("is in the help and can be rebound in keys:", async () => {
    app = await renderApp(sizedImage(), { height: 60, keys: { "cycle-min-file-size": "z" } });
    await app.press("?");
    expect(app.frame()).toMatch(/cycle-min-file-size/);
    await app.press("?", "tab", "s");
    expect(app.frame()).not.toContain("files ≥");
    await app.press("z");
    await app.until("files ≥ 1 MB");
  });
});
