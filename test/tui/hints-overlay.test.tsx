import { afterEach, describe, expect, it } from "vitest";
import type { Hint } from "../../src/analysis/hints/types.js";
import { sampleAnalysis } from "./helpers/fake-analysis.js";
import { renderApp, type AppHarness } from "./helpers/render-app.js";

let app: AppHarness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const hints: Hint[] = [
  {
    id: "apt-cleanup-later",
    severity: "warning",
    layer: 1,
    bytes: 70_000,
    line: 3,
    path: undefined,
    message: "apt lists written here and removed by layer 2",
    fix: "clean in the same RUN",
    instruction: "RUN apt-get update && apt-get install -y curl",
  },
  {
    id: "tmp-files",
    severity: "info",
    layer: 2,
    bytes: 5_000,
    line: 4,
    path: "/tmp/cache.bin",
    message: "files left in /tmp",
    fix: "remove them in the same RUN",
  },
];
const patch =
  "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -3,2 +3,1 @@\n-RUN apt-get update && apt-get install -y curl\n-RUN rm -rf /var/lib/apt/lists\n+RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";

describe("the hints overlay", () => {
  it("f lists every hint (severity, layer, line, bytes); the selected one shows its fix and the patch fix makes", async () => {
    app = await renderApp(sampleAnalysis(), { hints, hintPatches: [patch, undefined] });
    await app.press("f");
    const frame = await app.until("Hints");
    expect(frame).toMatch(/warning\s+L1\s+line 3\s+70 kB\s+apt-cleanup-later: apt lists written here/);
    expect(frame).toMatch(/info\s+L2\s+line 4\s+5 kB\s+tmp-files: files left in \/tmp/);
    expect(frame).toContain("fix: clean in the same RUN");
    expect(frame).toContain("+RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*");
    await app.press("down");
    const second = await app.until("fix: remove them in the same RUN");
    expect(second).toContain("layerscope fix makes no change for this hint");
    expect(second).not.toContain("+RUN apt-get");
  });

  it("without the Dockerfile the overlay says how to get the patch; esc closes it", async () => {
    app = await renderApp(sampleAnalysis(), { hints });
    await app.press("f");
    expect(await app.until("fix: clean in the same RUN")).toContain("the patch: run with --dockerfile, or `layerscope fix`");
    await app.press("esc");
    expect(await app.until("Layer 0 of 3")).not.toContain("fix: clean in the same RUN");
  });

  it("enter opens the hint's layer in the tree, at its path", async () => {
    app = await renderApp(sampleAnalysis(), { hints });
    await app.press("f", "down", "enter");
    const frame = await app.until("Layer 2 contents");
    expect(frame).toMatch(/▶ 2/);
    expect(frame).toMatch(/cache\.bin/);
  });

  it("shows the selected hint's whole message, wrapped, where the list cuts it at the screen's edge", async () => {
    const long = { ...hints[0], message: `apt lists written here and removed by layer 2: ${"x".repeat(60)} the end of the message` };
    app = await renderApp(sampleAnalysis(), { hints: [long], width: 80 });
    await app.press("f");
    const frame = await app.until("Hints");
    expect(frame.split("\n").find((line) => line.startsWith("warning"))).toMatch(/…$/);
    const joined = frame
      .split("\n")
      .map((line) => line.trimEnd())
      .join(" ");
    expect(joined).toContain(`${"x".repeat(60)} the end of the message`);
    expect(frame).toContain("apt-cleanup-later: apt lists written here and removed by layer 2:");
  });
});
