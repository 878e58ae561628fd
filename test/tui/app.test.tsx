import { afterEach, describe, expect, it } from "vitest";
import { fakeAnalysis, sampleAnalysis } from "./helpers/fake-analysis.js";
import { renderApp, type AppHarness } from "./helpers/render-app.js";

let app: AppHarness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

import { treeLines } from "./helpers/frame.js";

describe("App screen", () => {
  it("shows every layer with size, counts and the shortened instruction", async () => {
    app = await renderApp(sampleAnalysis());
    const frame = app.frame();
    expect(frame).toContain("▶ 0");
    expect(frame).toMatch(/1\s+370 kB\s+\+3 ~1 -0\s+RUN apt-get update/);
    expect(frame).toMatch(/2\s+5.06 kB\s+\+1 ~1 -3\s+RUN rm -rf \/var/);
    expect(frame).not.toContain("/bin/sh -c");
  });

  it("shows layer details, image details with both models and the largest waste", async () => {
    app = await renderApp(sampleAnalysis());
    const frame = app.frame();
    expect(frame).toContain("Layer 0 of 3");
    expect(frame).toContain("sha256:0000");
    expect(frame).toContain("+6 (3.15 kB)");
    expect(frame).toMatch(/Efficiency 80\.1%/);
    expect(frame).toMatch(/shadowed 100 B · deleted 70 kB · junk 5 kB/);
    expect(frame).toContain("Dive efficiency 95.0%");
    // the two apt lists layer 2 deleted are one row: their directory
    expect(frame).toMatch(/70 kB deleted\s+1 → 2\s+\/var\/lib\/apt\/lists\/ \(2 files\)/);
  });

  it("names an OCI layout whose image name is only a tag by its path and tag", async () => {
    const analysis = sampleAnalysis();
    analysis.summary.image = { ...analysis.summary.image, reference: "/srv/images/app/oci", format: "oci-layout", name: "latest" };
    app = await renderApp(analysis);
    expect(app.frame()).toContain("Image  /srv/images/app/oci [latest]");
  });

  it("marks changes in text, with attributes that can be hidden", async () => {
    app = await renderApp(sampleAnalysis());
    await app.press("j", "j");
    const frame = await app.waitFor((f) => f.includes("Layer 2 contents"), "layer 2");
    const tree = treeLines(frame);
    expect(tree.find((l) => l.includes("cache.bin"))).toMatch(/^\+ -rw-r--r--\s+0:0\s+5 kB/);
    expect(tree.find((l) => l.includes("hosts"))).toMatch(/^~ /);
    expect(tree.find((l) => l.includes("main"))).toMatch(/^- /);
    expect(tree.find((l) => l.includes("passwd"))).toMatch(/^ {2}-rw/);
    await app.press("tab", "ctrl+b");
    const bare = treeLines(app.frame());
    expect(bare.find((l) => l.includes("cache.bin"))).toMatch(/^\+ [│ ]*└─ cache\.bin$/);
    expect(app.frame()).not.toContain("Permission");
  });

  it("says so when the terminal is too small, and still quits", async () => {
    app = await renderApp(sampleAnalysis(), { width: 50, height: 10 });
    await app.until("terminal too small (50x10)");
  });

  it("lays out at 80x24 without lines longer than the screen", async () => {
    app = await renderApp(sampleAnalysis(), { width: 80, height: 24 });
    const lines = app.frame().split("\n");
    expect(lines).toHaveLength(24);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it("keeps a wide-character file name in view in the tree's header", async () => {
    const path = "/opt/special/ünïcödé/日本語のメモ.txt";
    app = await renderApp(fakeAnalysis([{ command: "RUN x", entries: [{ path, size: 2 }] }]), { width: 80, height: 24 });
    await app.press("tab", "G");
    const header = (await app.until(/Filetree .*\.txt/)).split("\n")[1];
    expect(header).toMatch(/ …[^ ]*\/日本語のメモ\.txt$/);
  });

  it("says an image without layers has no file to show, not that its layer 0 is not read yet", async () => {
    app = await renderApp(fakeAnalysis([]));
    const frame = await app.until("Layers  0");
    expect(frame).toContain("the image has no layers: no file to show");
    expect(frame).not.toContain("not read yet");
  });

  it("names every package database it reads when the image holds none", async () => {
    app = await renderApp(sampleAnalysis());
    await app.press("p");
    expect(await app.until("database in this image")).toContain("no dpkg, apk, rpm, Python or npm database in this image");
  });

  it("shows the keys of the focused pane, as rebound", async () => {
    app = await renderApp(sampleAnalysis(), { keys: { "compare-all": "A" } });
    await app.until(/A aggregated/);
    await app.press("tab");
    await app.until(/\^B attrs/);
  });
});
