import { render } from "ink-testing-library";
import type { Hint } from "../../../src/analysis/hints/types.js";
import type { Analysis } from "../../../src/analysis/types.js";
import { App } from "../../../src/tui/App.js";
import { buildKeyMap } from "../../../src/tui/state/keymap.js";

/** The bytes a terminal sends for each key name used in tests. */
const KEYS: Record<string, string> = {
  up: "\x1b[A", down: "\x1b[B", right: "\x1b[C", left: "\x1b[D", pgup: "\x1b[5~", pgdn: "\x1b[6~",
  home: "\x1b[H", end: "\x1b[F", tab: "\t", enter: "\r", esc: "\x1b", space: " ", backspace: "\x7f",
  "ctrl+space": "\x00",
};

function bytesOf(key: string): string {
  if (KEYS[key]) return KEYS[key];
  const ctrl = /^ctrl\+([a-z])$/.exec(key);
  if (ctrl) return String.fromCharCode(ctrl[1].charCodeAt(0) - 96);
  return key;
}

export interface AppHarness {
  frame(): string;
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  waitFor(predicate: (frame: string) => boolean, what: string): Promise<string>;
  /** Waits until the frame shows `text` (keys are handled asynchronously) and returns that frame. */
  until(text: string | RegExp): Promise<string>;
  unmount(): void;
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function renderApp(
  analysis: Analysis,
  {
    width = 140,
    height = 30,
    keys = {},
    colors = false,
    hints,
    hintPatches,
  }: { width?: number; height?: number; keys?: Record<string, string | string[]>; colors?: boolean; hints?: Hint[]; hintPatches?: Array<string | undefined> } = {},
): Promise<AppHarness> {
  const keyMap = buildKeyMap(keys);
  const instance = render(<App analysis={analysis} hints={hints} hintPatches={hintPatches} keyMap={keyMap} width={width} height={height} colors={colors} />);
  /** Waits until no tree is being built and the frame stayed the same for three polls in a row. */
  const settle = async (): Promise<void> => {
    let previous = "";
    let same = 0;
    for (let i = 0; i < 300 && same < 3; i++) {
      await tick(10);
      const frame = instance.lastFrame() ?? "";
      same = frame === previous && !/building|filtering/.test(frame) ? same + 1 : 0;
      previous = frame;
    }
  };
  const harness: AppHarness = {
    frame: () => instance.lastFrame() ?? "",
    async press(...keys) {
      for (const key of keys) {
        instance.stdin.write(bytesOf(key));
        await tick(5);
      }
      await settle();
    },
    async type(text) {
      for (const ch of text) await harness.press(ch);
    },
    async waitFor(predicate, what) {
      for (let i = 0; i < 200; i++) {
        const frame = harness.frame();
        if (predicate(frame)) return frame;
        await tick(10);
      }
      throw new Error(`timed out waiting for ${what}; last frame:\n${harness.frame()}`);
    },
    until: (text) =>
      harness.waitFor((f) => (typeof text === "string" ? f.includes(text) : text.test(f)), String(text)),
    unmount: () => instance.unmount(),
  };
  await harness.waitFor((f) => !f.includes("building the tree"), "the first tree");
  return harness;
}
