/**
 * The dependency patches of scripts/dependency-patches.mjs, seen working in the built bundles (dist/bundle, built by
 * the global setup): what each one is for happens in a run of the shipped code. That they give the same results as
 * the packages' own code is tested beside the patch functions (test/tui/*-patch.test.ts); that the build fails when
 * one no longer applies is the plugins' own check.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = process.cwd();
const demo = join(root, "fixtures/demo/demo-image.tar");
// without CI (with CI set, even empty, Ink draws only a last frame), and without the code cache (nothing written
// under $HOME)
const env: NodeJS.ProcessEnv = { ...process.env, LAYERSCOPE_CODE_CACHE: "0" };
delete env.CI;

/** Runs node with `args`; returns the JSON line the run wrote on fd 3. */
function probe<T>(args: string[], extraEnv: Record<string, string> = {}, input?: string): T {
  const run = spawnSync(process.execPath, args, { cwd: root, env: { ...env, ...extraEnv }, input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe", "pipe"], timeout: 90_000 });
  const report = (run.output[3] ?? "").trim();
  if (!report) throw new Error(`no report (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(report) as T;
}

interface LoadReport {
  /** process.moduleLoadList: Node's built-in modules loaded, as "NativeModule child_process" */
  modules: string[];
  /** the .cjs files read (the bundles bin/layerscope.js compiles) */
  scripts: string[];
}

let preload = "";
beforeAll(() => {
  preload = join(mkdtempSync(join(tmpdir(), "layerscope-patches-")), "report-loads.cjs");
  writeFileSync(
    preload,
    `const fs = require("node:fs");
     const read = fs.readFileSync;
     const scripts = [];
     fs.readFileSync = function (file, ...rest) {
       if (String(file).endsWith(".cjs")) scripts.push(require("node:path").basename(String(file)));
       return read.call(this, file, ...rest);
     };
     process.on("exit", () => fs.writeSync(3, JSON.stringify({ modules: process.moduleLoadList, scripts }) + "\\n"));`,
  );
});

describe("commander's child_process, made lazy", () => {
  it("is never loaded by a --ci run, which never reads the UI's bundle either", () => {
    const run = probe<LoadReport>(["--require", preload, "bin/layerscope.js", "--ci", demo]);
    expect(run.scripts).toContain("cli.cjs");
    expect(run.scripts).not.toContain("ui.cjs");
    expect(run.modules).not.toContain("NativeModule child_process");
  });

  it("is what commander itself loads at once, unpatched (so the check above can fail)", () => {
    const run = probe<LoadReport>(["--require", preload, "-e", "require('commander')"]);
    expect(run.modules).toContain("NativeModule child_process");
  });
});

interface UiReport {
  fetches: number;
  warnings: string[];
  regexTests: Record<string, number>;
  setsCreated: number;
  screen: string;
  loadedAtOnce: boolean;
}

describe("the UI bundle's patches, on a first frame drawn by the shipped UI", () => {
  let ui: UiReport;
  beforeAll(() => {
    ui = probe<UiReport>([join(root, "test/shipping/ui-bundle-probe.mjs"), root, demo], { DEV: "true" }, "");
  });

  it("loads yoga's WebAssembly synchronously, without fetch (yoga-now, yoga-without-fetch)", () => {
    expect(ui.loadedAtOnce).toBe(true);
    expect(ui.fetches).toBe(0);
    // yoga laid the panes out side by side: the layers on the left, the tree on the right of the same line
    expect(ui.screen).toMatch(/Layers .*│ Layer 0 contents/);
    expect(ui.screen).toContain("Filetree");
  });

  it("warns instead of awaiting React Devtools with DEV=true (ink-devtools-not-awaited)", () => {
    expect(ui.warnings).toEqual(["layerscope: DEV=true: React Devtools cannot connect to layerscope's bundled UI"]);
  });

  it("measures one-code-unit characters without the RGI emoji expression (string-width-lazy-emoji)", () => {
    expect(ui.regexTests["^\\p{Emoji_Presentation}$"]).toBeGreaterThan(100);
    expect(ui.regexTests["^\\p{RGI_Emoji}$"]).toBeUndefined();
  });

  it("skips the style diff between characters of the same styles (ansi-tokenize-same-styles)", () => {
    // unpatched, every character drawn costs four Sets (about 11,600 on this frame); patched, a few dozen in all
    expect(ui.setsCreated).toBeLessThan(ui.screen.length / 10);
  });
});
