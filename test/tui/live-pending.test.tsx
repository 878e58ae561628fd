import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { App } from "../../src/tui/App.js";
import { buildKeyMap } from "../../src/tui/state/keymap.js";
import type { LiveImage } from "../../src/tui/state/live.js";
import { sampleAnalysis } from "./helpers/fake-analysis.js";

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The UI of an image whose layers are not read yet (or whose reading failed): keys pressed, then the frame once it shows `until`. */
async function frameWhileReading(keys: string[], until: string, error?: LiveImage["error"]): Promise<string> {
  const { summary } = sampleAnalysis();
  const live = { head: { reference: summary.image.reference, layers: summary.layers }, ...(error ? { error } : {}) };
  const ui = render(<App live={live} keyMap={buildKeyMap({})} width={120} height={30} colors={false} />);
  try {
    for (const key of keys) {
      ui.stdin.write(key);
      await tick(10);
    }
    for (let i = 0; i < 100 && !(ui.lastFrame() ?? "").includes(until); i++) await tick(10);
    return ui.lastFrame() ?? "";
  } finally {
    ui.unmount();
  }
}

describe("overlays before the analysis ends", () => {
  it("the hints say they are not known yet, never that there are none", async () => {
    const frame = await frameWhileReading(["f"], "Hints");
    expect(frame).toContain("hints: known when every layer is read and merged");
    expect(frame).not.toContain("no hints");
  });

  it("a marked layer range says its changes are not known yet, in place of the panes", async () => {
    const frame = await frameWhileReading(["m", "j", "m"], "net changes");
    expect(frame).toContain("Layers 0..1: net changes");
    expect(frame).toContain("net changes: known when every layer is read and merged");
    expect(frame).not.toContain("Layers  3");
  });

  it("a layer's changes are said to be counted at the end while the analysis runs, and not at all once it failed", async () => {
    expect(await frameWhileReading(["j"], "Layer 1 of")).toContain("changes: counted when the analysis ends");
    const failed = await frameWhileReading(["j"], "Layer 1 of", { message: "bad tar header", layer: 2 });
    expect(failed).toContain("changes: not counted (the analysis stopped)");
    expect(failed).not.toContain("counted when the analysis ends");
  });
});
