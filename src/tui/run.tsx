import React, { useEffect, useState } from "react";
import { render, useStdout } from "ink";
import type { Hint } from "../analysis/hints/types.js";
import type { Analysis } from "../analysis/types.js";
import { App } from "./App.js";
import { buildKeyMap, type KeyMap } from "./state/keymap.js";

export interface TuiOptions {
  /** Action name → key(s), replacing that action's default keys (see ACTIONS in src/tui/state/keymap.ts) */
  keys?: Record<string, string | string[]>;
  /** Fix hints of the image; the layer details pane lists the selected layer's */
  hints?: Hint[];
}

const ENTER_ALT_SCREEN = "\x1b[?1049h\x1b[H";
const LEAVE_ALT_SCREEN = "\x1b[?25h\x1b[?1049l";

/** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
export function colorsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}

function Root({ analysis, keyMap, colors, hints }: { analysis: Analysis; keyMap: KeyMap; colors: boolean; hints?: Hint[] }): React.JSX.Element {
  const { stdout } = useStdout();
  const [size, setSize] = useState({ width: stdout.columns || 80, height: stdout.rows || 24 });
  useEffect(() => {
    const onResize = (): void => setSize({ width: stdout.columns || 80, height: stdout.rows || 24 });
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
  }, [stdout]);
  // One row short of the screen: a frame as tall as the terminal makes Ink clear and redraw everything.
  return <App analysis={analysis} hints={hints} keyMap={keyMap} width={size.width} height={size.height - 1} terminalRows={size.height} colors={colors} />;
}

/**
 * Shows the interactive UI on the terminal until the user quits. Bad key bindings throw a KeyBindingError
 * before the terminal is touched. The terminal (alternate screen, cursor, raw mode) is restored on exit, on
 * error, and if the process exits underneath.
 */
export async function runTui(analysis: Analysis, options: TuiOptions): Promise<void> {
  const keyMap = buildKeyMap(options.keys);
  const stdout = process.stdout;
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
    stdout.write(LEAVE_ALT_SCREEN);
  };
  // A terminal closed or a kill: give the screen back before dying the way the signal asks.
  const onSignal = (signal: NodeJS.Signals): void => {
    restore();
    process.kill(process.pid, signal);
  };
  const signals: NodeJS.Signals[] = ["SIGTERM", "SIGHUP", "SIGINT"];
  stdout.write(ENTER_ALT_SCREEN);
  process.once("exit", restore);
  for (const signal of signals) process.once(signal, onSignal);
  try {
    const instance = render(<Root analysis={analysis} hints={options.hints} keyMap={keyMap} colors={colorsWanted()} />, {
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 60,
    });
    try {
      await instance.waitUntilExit();
    } finally {
      instance.unmount();
      instance.cleanup();
    }
  } finally {
    restore();
    process.off("exit", restore);
    for (const signal of signals) process.off(signal, onSignal);
  }
}
