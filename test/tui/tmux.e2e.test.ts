/**
 * End to end: the real `bin/layerscope.js` in tmux, keys sent with send-keys, screens read with capture-pane.
 * Skipped (with a message) only when tmux is not installed; `.ci/run` installs it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import prettyBytes from "pretty-bytes";
import type { WasteItem } from "../../src/analysis/types.js";
import { groupWaste } from "../../src/analysis/waste-groups.js";
import { realImage } from "../helpers/realimages.js";

const hasTmux = spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
if (!hasTmux) console.warn("test/tui/tmux.e2e.test.ts skipped: tmux is not installed (apt-get install tmux)");

const root = process.cwd();
// One tmux server per test: a server being killed after one test cannot refuse the next test's session.
let socket = "";
let sockets = 0;
const diveImage = resolve(root, "../shared/fixtures/dive/test-docker-image.tar");

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class Screen {
  constructor(readonly name: string) {}

  capture(): string {
    return tmux("capture-pane", "-p", "-t", this.name);
  }

  async until(test: string | RegExp | ((screen: string) => boolean), what = String(test), timeoutMs = 20_000): Promise<string> {
    const ok = typeof test === "function" ? test : (s: string) => (typeof test === "string" ? s.includes(test) : test.test(s));
    const deadline = Date.now() + timeoutMs;
    let screen = "";
    while (Date.now() < deadline) {
      screen = this.capture();
      if (ok(screen)) return screen;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
  }

  /** tmux key names: `j`, `Tab`, `C-a`, `C-Space`, `Enter`, `Escape`, `PageDown`… (one send per key) */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      tmux("send-keys", "-t", this.name, key);
      await sleep(60);
    }
  }

  async text(text: string): Promise<void> {
    tmux("send-keys", "-t", this.name, "-l", text);
    await sleep(100);
  }
}

async function start(image: string, width: number, height: number, env = ""): Promise<Screen> {
  socket = `layerscope-e2e-${process.pid}-${++sockets}`;
  const name = `ls${Math.random().toString(36).slice(2, 8)}`;
  const command = `cd ${JSON.stringify(root)} && env -u CI TERM=xterm-256color ${env} node bin/layerscope.js ${JSON.stringify(image)}; echo "layerscope exited $?"; sleep 60`;
  tmux("new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), command);
  const screen = new Screen(name);
  // the first tree and every figure: the UI draws the layers before, as they are read (test/tui/live.tmux.e2e.test.ts)
  await screen.until((s) => s.includes("Filetree") && !s.includes("building") && !s.includes("Reading:") && /[├└]─/.test(s), "the UI", 120_000);
  return screen;
}

afterEach(() => {
  if (hasTmux && socket) spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
  socket = "";
});

describe.skipIf(!hasTmux)("layerscope in tmux", () => {
  it("has a build to run", () => {
    expect(existsSync(resolve(root, "dist/cli/main.js")), "dist/ is missing: run npm run build").toBe(true);
  });

  it("browses Dive's test image: layers, tree, hide toggles, filter, waste jump, help, quit", async () => {
    const screen = await start(diveImage, 120, 40);
    let s = screen.capture();
    expect(s).toMatch(/Layers\s+14/);
    expect(s).toContain("Layer 0 contents");
    expect(s).toMatch(/\+ drwxr-xr-x\s+0:0\s+\S+ \S+\s+├─ ▾ bin\//);
    expect(s).toContain("Dive efficiency");

    await screen.keys(..."jjjjjjjjj".split(""));
    s = await screen.until("Layer 9 contents");
    expect(s).toContain("RUN rm -rf /root/example/");

    await screen.keys("Tab", "C-u");
    s = await screen.until("hiding unmodified");
    expect(s).toMatch(/- d\S+\s+0:0.*example\//);
    expect(s).not.toContain("bin/");

    await screen.keys("C-u", "C-Space");
    s = await screen.until((x) => x.includes("▸ bin/") && x.includes("▸ root/"), "everything collapsed");

    await screen.keys("/");
    await screen.text("saved");
    s = await screen.until("Filter: saved");
    await screen.keys("Enter");
    s = await screen.until("filter /saved/");
    expect(s).toMatch(/saved\.txt/);
    expect(s).not.toContain("▸ bin/");

    await screen.keys("w");
    s = await screen.until(/Waste\s+\d+ groups/);
    await screen.keys("Enter");
    s = await screen.until((x) => /Layer \d+ contents/.test(x) && !x.includes("filter /saved/"), "the waste jump");
    expect(s).toMatch(/Filetree\s+\S*example\/somefile\d\.txt/);

    await screen.keys("?");
    s = await screen.until("toggle-collapse-all-dir");
    await screen.keys("Escape");
    await screen.until("Filetree");

    await screen.keys("q");
    s = await screen.until("layerscope exited 0");
    expect(s).not.toContain("Filetree");
  });

  it("lists a real image's packages with p, sorts, narrows to a layer, and opens a package's files in the tree", async () => {
    process.env.LAB_IMAGES_DIR ??= resolve(root, "test/images");
    const screen = await start(realImage("pkg-apt-rec"), 140, 40);
    await screen.keys("p");
    let s = await screen.until(/Packages\s+image · \d+ packages/);
    expect(s).toMatch(/largest first/);
    expect(s).toMatch(/deb:coreutils\s+\S+\s+requested/);
    await screen.keys("s");
    s = await screen.until("by name");
    expect(s).toMatch(/^\s+[\d.]+ [kM]?B\s+\d+\s+L0\s+deb:adduser/m);
    // back to bytes; the selected layer (2, make and libssl-dev) only
    // esc then a letter too soon reads as alt+letter: wait for each screen
    await screen.keys("s");
    await screen.until("largest first");
    await screen.keys("Escape");
    await screen.until("Layer 0 contents");
    await screen.keys("j", "j");
    await screen.until("Layer 2 contents");
    await screen.keys("p", "l");
    s = await screen.until(/Packages\s+layer 2 · 2 packages/);
    expect(s).toMatch(/deb:libssl-dev.*requested, build tool/);
    await screen.keys("j", "Enter");
    s = await screen.until("package deb:make");
    expect(s).toMatch(/Aggregated contents, layers 0\.\.3/);
    expect(s).toMatch(/├─ ▾ usr\/|└─ ▾ usr\//);
    // the tree's rows (the image details may list a waste path under /etc/)
    expect(s).not.toMatch(/─ [▸▾] etc\//);
    await screen.keys("Escape");
    s = await screen.until((x) => !x.includes("package deb:make") && /─ [▸▾] etc\//.test(x), "all files again");
  });

  it("opens a real image, jumps to its largest waste item, and re-lays out on resize", async () => {
    const image = realImage("apt-split-cleanup");
    const screen = await start(image, 200, 60);
    await screen.keys("w");
    let s = await screen.until(/Waste\s+[\d,]+ groups/);
    const first = /^\s*[\d.]+ [kMG]?B\s+(shadowed|deleted|junk)\s+\S+(?: \S+)?\s+[\d,]+\s+(\/\S*?)\/?\s*$/m.exec(s);
    expect(first, s).not.toBeNull();
    await screen.keys("Enter");
    // the header shows the selected path, its start cut to "…" when long
    s = await screen.until((x) => {
      const shown = /Filetree {2}(\S+)/.exec(x)?.[1];
      return shown !== undefined && shown.length > 2 && first![2].endsWith(shown.replace(/^…/, ""));
    }, "the largest waste path selected in the tree");
    const name = first![2].split("/").pop()!;
    // a file's row, or (a group of several files) its directory's
    expect(s.split("\n").some((line) => line.endsWith(`─ ${name}`) || line.includes(`─ ${name} `) || (/─ [▸▾] /.test(line) && line.includes(`${name}/`)))).toBe(
      true,
    );

    tmux("resize-window", "-t", screen.name, "-x", "80", "-y", "24");
    s = await screen.until((x) => x.split("\n").filter(Boolean).length <= 24 && x.includes("Filetree"), "the 80x24 layout");
    for (const line of s.split("\n")) expect([...line].length).toBeLessThanOrEqual(80);

    tmux("resize-window", "-t", screen.name, "-x", "50", "-y", "12");
    await screen.until("terminal too small (50x12)");
    tmux("resize-window", "-t", screen.name, "-x", "120", "-y", "40");
    await screen.until("Filetree");

    await screen.keys("C-c");
    await screen.until("layerscope exited 0");
  });

  it("folds a directory with Enter (and C-m, the same byte) without hiding modified files; C-e hides them; ? lists the aliases", async () => {
    const screen = await start(realImage("apt-nocleanup"), 140, 40);
    await screen.keys("j");
    await screen.until("Layer 1 contents");
    await screen.keys("Tab", "C-u");
    let s = await screen.until("hiding unmodified");
    // layer 1 (apt-get install) rewrites the base layer's ld.so.cache: a modified file
    expect(s).toMatch(/~ -\S+\s+0:0\s+\S+ \S+\s+│ {2}├─ ld\.so\.cache/);
    expect(s).toContain("├─ ▾ etc/");
    // (the image details list /etc/ld.so.cache among the waste too: only the tree's row counts)
    const cacheRow = /─ ld\.so\.cache$/m;
    await screen.keys("Enter");
    s = await screen.until("├─ ▸ etc/");
    expect(s).not.toMatch(cacheRow);
    expect(s).not.toMatch(/hiding [^·\n]*\bmodified/);
    await screen.keys("C-m");
    s = await screen.until((x) => x.includes("├─ ▾ etc/") && cacheRow.test(x), "etc/ open again");
    await screen.keys("C-e");
    s = await screen.until("hiding unmodified, modified");
    expect(s).not.toMatch(cacheRow);
    await screen.keys("?", "G");
    s = await screen.until("Same key to a terminal");
    expect(s).toMatch(/\^M = Enter\s+view-file, jump-to-path, open-package/);
    expect(s).toMatch(/\^E\s+toggle-modified-files/);
    await screen.keys("q");
    await screen.until("layerscope exited 0");
  });

  it("lists the waste by directory and layers, largest cause first, and Enter opens a group's directory", async () => {
    const image = realImage("apt-nocleanup");
    const report = spawnSync(process.execPath, ["bin/layerscope.js", image, "--json", "-", "--no-cache"], {
      encoding: "utf8",
      env: { ...process.env, CI: "" },
    });
    const groups = groupWaste((JSON.parse(report.stdout) as { waste: WasteItem[] }).waste);
    const first = groups[0];
    expect(first.files).toBeGreaterThan(1);
    const screen = await start(image, 140, 40);
    await screen.keys("w");
    let s = await screen.until(new RegExp(`Waste\\s+${groups.length} groups · ${groups.reduce((n, g) => n + g.files, 0)} files`));
    const rows = s.split("\n").slice(1, 1 + groups.length);
    groups.forEach((group, i) =>
      expect(rows[i]).toMatch(
        new RegExp(`^\\s*${prettyBytes(group.bytes)}\\s+${group.kind}\\s+.*\\s${group.files}\\s+${group.path.replace(/[.]/g, "\\.")}\\s*$`),
      ),
    );
    await screen.keys("Enter");
    const directory = first.path.slice(0, -1);
    s = await screen.until(`Filetree  ${directory}`);
    expect(s).toContain(`Layer ${first.addedBy} contents`);
    expect(s).toContain(`▾ ${directory.split("/").pop()}/`);
    await screen.keys("q");
    await screen.until("layerscope exited 0");
  });

  it("honours NO_COLOR", async () => {
    const screen = await start(diveImage, 100, 30, "NO_COLOR=1");
    const colored = tmux("capture-pane", "-p", "-e", "-t", screen.name);
    expect(colored).not.toMatch(/\x1b\[(3[0-7]|9[0-7]|38;)/);
    await screen.keys("q");
    await screen.until("layerscope exited 0");
  });
});
