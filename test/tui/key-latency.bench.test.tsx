/**
 * Key-to-frame latency on a real image: `LAYERSCOPE_BENCH_IMAGE=path npx vitest run test/tui/key-latency`.
 * Prints figures; asserts nothing about time (machines differ), only that every key produced a frame.
 */
import { EventEmitter } from "node:events";
import React from "react";
import { render } from "ink";
import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { openImage } from "../../src/sources/open.js";
import { App } from "../../src/tui/App.js";
import { buildKeyMap } from "../../src/tui/state/keymap.js";
import { KEYS } from "./helpers/render-app.js";

const image = process.env.LAYERSCOPE_BENCH_IMAGE;

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 200;
  rows = 60;
  frames = 0;
  lastWrite = 0;
  write = (_data: string): boolean => {
    this.frames++;
    this.lastWrite = performance.now();
    this.emit("frame");
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit("readable");
  }
  read = (): string | null => {
    const data = this.data;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

const bytesOf = (key: string): string => KEYS[key] ?? (/^ctrl\+[a-z]$/.test(key) ? String.fromCharCode(key.charCodeAt(5) - 96) : key);
const idle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!image)("key-to-frame latency", () => {
  it("stays interactive on a big image", async () => {
    const analysis = await analyzeImage(await openImage(image!));
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const instance = render(<App analysis={analysis} keyMap={buildKeyMap()} width={200} height={59} colors />, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 60,
    });
    const measure = async (label: string, key: string): Promise<[string, number, number]> => {
      await idle(50);
      const before = stdout.frames;
      const t0 = performance.now();
      stdin.write(bytesOf(key));
      // first frame after the key, then the frame once any deferred tree build settled
      while (stdout.frames === before) await idle(1);
      const first = stdout.lastWrite - t0;
      await idle(400);
      const settled = stdout.lastWrite - t0;
      return [label, first, settled];
    };
    const results: [string, number, number][] = [];
    await idle(1000);
    results.push(await measure("layer down (to 100k-file layer 1)", "j"));
    results.push(await measure("layer down (layer 2)", "j"));
    results.push(await measure("layer up (cached tree)", "k"));
    results.push(await measure("ctrl+a aggregated", "ctrl+a"));
    results.push(await measure("ctrl+l this layer", "ctrl+l"));
    results.push(await measure("tab to tree", "tab"));
    for (let i = 0; i < 3; i++) results.push(await measure("tree down", "j"));
    results.push(await measure("tree page down", "pgdn"));
    results.push(await measure("collapse all (ctrl+space)", "ctrl+space"));
    results.push(await measure("expand all (ctrl+space)", "ctrl+space"));
    results.push(await measure("sort by size (ctrl+o)", "ctrl+o"));
    results.push(await measure("sort by name (ctrl+o)", "ctrl+o"));
    results.push(await measure("hide unmodified (ctrl+u)", "ctrl+u"));
    results.push(await measure("show unmodified (ctrl+u)", "ctrl+u"));
    results.push(await measure("open filter (/)", "/"));
    for (const ch of "f0") results.push(await measure(`filter type '${ch}'`, ch));
    results.push(await measure("filter backspace", "backspace"));
    results.push(await measure("filter esc", "esc"));
    results.push(await measure("waste list (w)", "w"));
    results.push(await measure("waste jump (enter)", "enter"));
    instance.unmount();
    const lines = results.map(([label, first, settled]) => `${label.padEnd(36)} ${first.toFixed(1).padStart(7)} ms  ${settled.toFixed(1).padStart(7)} ms`);
    console.log(`key → first frame / settled frame, ${analysis.summary.image.fileCount} files\n${lines.join("\n")}`);
    expect(results.every(([, first]) => Number.isFinite(first))).toBe(true);
  });
});
