import { afterEach, describe, expect, it } from "vitest";
import { sampleAnalysis } from "./helpers/fake-analysis.js";
import { treeLines } from "./helpers/frame.js";
import { renderApp, type AppHarness } from "./helpers/render-app.js";

let app: AppHarness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

/** The full path of the selected tree row, shown after the column header. */
function selected(frame: string): string {
  const header = treeLines(frame).find((line) => line.includes("Filetree")) ?? "";
  return header.split("Filetree")[1]?.trim() ?? "";
}

const names = (frame: string): string[] =>
  treeLines(frame)
    .slice(2)
    .map((line) => line.replace(/^.*?[├└]─ (?:[▸▾] )?/, ""));

async function atLayer2InTree(): Promise<AppHarness> {
  const harness = await renderApp(sampleAnalysis());
  await harness.press("j", "j", "tab");
  return harness;
}

describe("layers pane keys", () => {
  it("moves with arrows, j/k, page keys and home/end; the tree follows", async () => {
    app = await renderApp(sampleAnalysis());
    await app.press("down");
    await app.until("Layer 1 contents");
    await app.press("j", "k", "k");
    await app.until("Layer 0 contents");
    await app.press("pgdn");
    await app.until("Layer 2 contents");
    await app.press("u");
    await app.until("Layer 0 contents");
    await app.press("G");
    await app.until("Layer 2 contents");
    await app.until("Layer 2 of 3");
  });

  it("switches between this layer's changes and the aggregated changes", async () => {
    app = await renderApp(sampleAnalysis());
    await app.press("j", "j", "ctrl+a");
    const agg = app.frame();
    expect(agg).toContain("Aggregated contents, layers 0..2");
    expect(agg).toContain("aggregated 1..n");
    const tree = treeLines(agg);
    expect(tree.find((l) => l.includes("curl"))).toMatch(/^\+ /);
    expect(tree.find((l) => l.includes("passwd"))).toMatch(/^~ /);
    expect(tree.find((l) => l.includes("ls"))).toMatch(/^ {2}/);
    await app.press("ctrl+l");
    await app.until("Layer 2 contents");
    expect(treeLines(app.frame()).find((l) => l.includes("curl"))).toMatch(/^ {2}/);
  });
});

describe("tree pane keys", () => {
  it("moves the selection and follows the path across layers", async () => {
    app = await atLayer2InTree();
    expect(selected(app.frame())).toBe("/bin");
    await app.press("j", "down", "j");
    expect(selected(app.frame())).toBe("/etc");
    await app.press("k");
    expect(selected(app.frame())).toBe("/bin/sh");
    await app.press("end");
    expect(selected(app.frame())).toBe("/var/lib/apt/lists/security");
    await app.press("g", "pgdn");
    expect(selected(app.frame())).not.toBe("/bin");
    await app.press("home", "j", "j", "tab", "k", "tab");
    await app.until("Layer 1 contents");
    expect(selected(app.frame())).toBe("/bin/sh");
  });

  it("collapses and expands with space, left/right and h/l", async () => {
    app = await atLayer2InTree();
    await app.press("space");
    expect(names(app.frame()).slice(0, 2)).toEqual(["bin/", "etc/"]);
    expect(treeLines(app.frame())[2]).toContain("▸ bin/");
    await app.press("space");
    expect(names(app.frame()).slice(0, 2)).toEqual(["bin/", "ls"]);
    await app.press("left");
    expect(names(app.frame()).slice(0, 2)).toEqual(["bin/", "etc/"]);
    await app.press("l");
    expect(names(app.frame()).slice(0, 2)).toEqual(["bin/", "ls"]);
    await app.press("right");
    expect(selected(app.frame())).toBe("/bin/ls");
    await app.press("h");
    expect(selected(app.frame())).toBe("/bin");
  });

  it("folds a directory with enter, and ctrl+m (the same byte) does the same: modified files stay shown", async () => {
    app = await atLayer2InTree();
    const modified = (frame: string) => treeLines(frame).filter((line) => line.startsWith("~ ")).length;
    const before = modified(app.frame());
    expect(before).toBeGreaterThan(0);
    await app.press("enter");
    expect(treeLines(app.frame())[2]).toContain("▸ bin/");
    await app.press("enter");
    expect(names(app.frame()).slice(0, 2)).toEqual(["bin/", "ls"]);
    await app.press("ctrl+m");
    expect(treeLines(app.frame())[2]).toContain("▸ bin/");
    await app.press("ctrl+m");
    expect(names(app.frame()).slice(0, 2)).toEqual(["bin/", "ls"]);
    expect(modified(app.frame())).toBe(before);
    expect(app.frame()).not.toContain("hiding modified");
  });

  it("collapses and expands everything with ctrl+space", async () => {
    app = await atLayer2InTree();
    await app.press("ctrl+space");
    expect(names(app.frame())).toEqual(["bin/", "etc/", "tmp/", "usr/", "var/"]);
    await app.press("ctrl+space");
    expect(names(app.frame())).toContain("curl");
  });

  it("hides and shows added, removed, modified and unmodified files", async () => {
    app = await atLayer2InTree();
    await app.press("ctrl+u");
    expect(names(app.frame())).toEqual(["etc/", "hosts", "tmp/", "cache.bin", "var/", "lib/", "apt/", "lists/", "main", "security"]);
    await app.until("hiding unmodified");
    await app.press("ctrl+r");
    expect(names(app.frame())).toEqual(["etc/", "hosts", "tmp/", "cache.bin"]);
    await app.until("hiding unmodified, removed");
    await app.press("ctrl+a");
    expect(names(app.frame())).toEqual(["etc/", "hosts"]);
    await app.press("ctrl+e");
    await app.until("nothing to show");
    await app.press("ctrl+a", "ctrl+r", "ctrl+e", "ctrl+u");
    expect(names(app.frame())).toContain("ls");
  });

  it("sorts by size and back by name", async () => {
    app = await atLayer2InTree();
    await app.press("ctrl+space", "ctrl+o");
    expect(names(app.frame())).toEqual(["usr/", "tmp/", "bin/", "etc/", "var/"]);
    await app.until("by size");
    await app.press("ctrl+o");
    expect(names(app.frame())).toEqual(["bin/", "etc/", "tmp/", "usr/", "var/"]);
  });

  it("filters live with / and ctrl+f; enter keeps the filter, esc clears it", async () => {
    app = await atLayer2InTree();
    await app.press("/");
    await app.type("curl");
    await app.until("Filter: curl");
    expect(names(app.frame())).toEqual(["usr/", "bin/", "curl"]);
    await app.press("backspace", "backspace", "backspace", "backspace");
    await app.type("cach");
    expect(names(app.frame())).toEqual(["tmp/", "cache.bin"]);
    await app.press("enter");
    await app.until("filter /cach/");
    expect(app.frame()).not.toContain("Filter:");
    await app.press("ctrl+f", "esc");
    expect(names(app.frame())).toContain("ls");
  });

  it("toggles the attribute column with ctrl+b", async () => {
    app = await atLayer2InTree();
    await app.until("Permission");
    await app.press("ctrl+b");
    expect(app.frame()).not.toContain("Permission");
    await app.press("ctrl+b");
    await app.until("Permission");
  });
});

describe("overlays", () => {
  it("lists the waste by directory and layers, largest first, and jumps to a group at the layer that added it", async () => {
    app = await renderApp(sampleAnalysis());
    await app.press("tab", "ctrl+space", "ctrl+u", "w");
    const list = app.frame();
    expect(list).toContain("3 groups · 4 files");
    expect(list.indexOf("/var/lib/apt/lists/")).toBeLessThan(list.indexOf("/tmp/cache.bin"));
    expect(list).toMatch(/70 kB\s+deleted\s+L1→L2\s+2\s+\/var\/lib\/apt\/lists\/\s/);
    expect(list).toMatch(/5 kB\s+junk\s+L2 tmp\s+1\s+\/tmp\/cache\.bin/);
    await app.press("enter");
    const frame = app.frame();
    expect(frame).toContain("Layer 1 contents");
    expect(frame).not.toContain("hiding");
    expect(selected(frame)).toBe("/var/lib/apt/lists");
    expect(names(frame)).toContain("security");
    expect(names(frame)).not.toContain("ls");
  });

  it("closes the waste list with w or esc", async () => {
    app = await renderApp(sampleAnalysis());
    await app.press("w");
    await app.until("largest first");
    await app.press("esc");
    await app.until("Layer 0 contents");
    await app.press("w", "w");
    await app.until("Layer 0 contents");
  });

  it("shows every action and its keys with ?", async () => {
    app = await renderApp(sampleAnalysis(), { height: 60, keys: { quit: ["x", "ctrl+c"] } });
    await app.press("?");
    const help = app.frame();
    for (const text of ["toggle-collapse-all-dir", "^Space", "compare-all", "toggle-unmodified-files", "filter-files", "^F /", "x ^C"]) {
      expect(help).toContain(text);
    }
    // the keys a terminal sends as one byte, with what they do
    expect(help).toMatch(/\^M = Enter\s+view-file, jump-to-path, open-package/);
    expect(help).toMatch(/\^I = Tab\s+toggle-view/);
    expect(help).toMatch(/\^H = Bksp\s+\(not bound\)/);
    expect(help).toMatch(/Packages list\n\s+s\s+packages-sort/);
    await app.press("?");
    await app.until("Layer 0 contents");
  });

  it("scrolls the help when it does not fit", async () => {
    app = await renderApp(sampleAnalysis(), { height: 20 });
    await app.press("?");
    await app.until("Everywhere");
    await app.press("G");
    expect(app.frame()).not.toContain("Everywhere");
    await app.until("Marks:");
  });
});

describe("rebinding", () => {
  it("uses the keys given in options and drops the replaced defaults", async () => {
    app = await renderApp(sampleAnalysis(), { keys: { down: "n", "toggle-view": "ctrl+t" } });
    await app.press("j");
    await app.until("Layer 0 contents");
    await app.press("n");
    await app.until("Layer 1 contents");
    await app.press("ctrl+t");
    await app.until(/\^T layers/);
  });
});
