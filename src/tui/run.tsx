import React, { useEffect, useState, useSyncExternalStore } from "react";
import { render, useStdout } from "ink";
import type { Hint } from "../analysis/hints/types.js";
import type { Analysis } from "../analysis/types.js";
import { App, TREE_CACHE_SIZE } from "./App.js";
import type { ShownTree } from "./state/aggregate.js";
import { buildKeyMap, type KeyMap } from "./state/keymap.js";
import { Lru } from "./state/lru.js";
import { initialState } from "./state/ui-state.js";
import { LiveStore, type ImageHead } from "./state/live.js";
import { buildShownTree } from "./use-shown-tree.js";
import type { ImageSource } from "../sources/types.js";
import type { ContentAccess } from "./content-view.js";

export interface TuiOptions {
  /** Action name → key(s), replacing that action's default keys (see ACTIONS in src/tui/state/keymap.ts) */
  keys?: Record<string, string | string[]>;
  /** Fix hints of the image; the layer details pane lists the selected layer's */
  hints?: Hint[];
  /** The patch `layerscope fix` makes for each hint (same order), shown in the hints overlay */
  hintPatches?: ReadonlyArray<string | undefined>;
  /** Opens the image again for file contents (viewer, diff, extract): once, when first needed; closed at exit */
  openSource?: () => Promise<ImageSource>;
  /** Where the extract key writes */
  cwd?: string;
}

const ENTER_ALT_SCREEN = "\x1b[?1049h\x1b[H";
const LEAVE_ALT_SCREEN = "\x1b[?25h\x1b[?1049l";

/** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
export function colorsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}

interface RootProps {
  analysis?: Analysis;
  live?: LiveStore;
  keyMap: KeyMap;
  colors: boolean;
  hints?: Hint[];
  hintPatches?: ReadonlyArray<string | undefined>;
  treeCache?: Lru<string, ShownTree>;
  content?: ContentAccess;
  cwd?: string;
}

/** Text to the terminal's clipboard: OSC 52, which terminals (and tmux with set-clipboard) may accept. */
function copyToClipboard(text: string): void {
  process.stdout.write(`\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`);
}

const NO_STORE = { subscribe: () => () => undefined, get: () => undefined };

function Root({ analysis, live, keyMap, colors, hints, hintPatches, treeCache, content, cwd }: RootProps): React.JSX.Element {
  const store = live ?? NO_STORE;
  const image = useSyncExternalStore(store.subscribe, store.get);
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
  return (
    <App
      analysis={analysis}
      live={image}
      hints={hints}
      hintPatches={image?.done?.hintPatches ?? hintPatches}
      keyMap={keyMap}
      width={size.width}
      height={size.height - 1}
      terminalRows={size.height}
      colors={colors}
      treeCache={treeCache}
      content={content}
      onCopy={copyToClipboard}
      cwd={cwd}
    />
  );
}

/**
 * The tree the first frame shows, built before that frame: otherwise the UI draws a frame saying "building the
 * tree…" first, then the tree, and the first full frame comes a whole render later. A tree that fails to build is
 * left to the UI, which builds it again and shows the error.
 */
function firstTree(analysis: Analysis): Lru<string, ShownTree> {
  const cache = new Lru<string, ShownTree>(TREE_CACHE_SIZE);
  const { compare, layer } = initialState();
  try {
    buildShownTree(analysis.tree, compare, layer, cache);
  } catch {
    // shown by the UI
  }
  return cache;
}

/**
 * Shows the interactive UI on the terminal until the user quits. Bad key bindings throw a KeyBindingError
 * before the terminal is touched. The terminal (alternate screen, cursor, raw mode) is restored on exit, on
 * error, and if the process exits underneath.
 */
export async function runTui(analysis: Analysis, options: TuiOptions): Promise<void> {
  const keyMap = buildKeyMap(options.keys);
  const treeCache = firstTree(analysis);
  const content = options.openSource ? lazySource(options.openSource) : undefined;
  const root = (
    <Root
      analysis={analysis}
      hints={options.hints}
      hintPatches={options.hintPatches}
      keyMap={keyMap}
      colors={colorsWanted()}
      treeCache={treeCache}
      content={content}
      cwd={options.cwd}
    />
  );
  await showUntilQuit(root, content);
}

/** The UI of an analysis still running: what the command tells it as the analysis goes, and when the user quit. */
export interface LiveTui {
  update: LiveStore["update"];
  /** Settles when the user quits */
  closed: Promise<void>;
}

/**
 * Shows the UI at once from the image's head (the layers from its manifest and config), then what `update` brings:
 * the layers read, the progress, the finished analysis (with its hints) or its error. Bad key bindings throw before
 * the terminal is touched.
 */
export async function startLiveTui(head: ImageHead, options: Omit<TuiOptions, "hints" | "hintPatches">): Promise<LiveTui> {
  const keyMap = buildKeyMap(options.keys);
  const store = new LiveStore(head);
  const content = options.openSource ? lazySource(options.openSource) : undefined;
  const closed = showUntilQuit(<Root live={store} keyMap={keyMap} colors={colorsWanted()} content={content} cwd={options.cwd} />, content);
  return { update: (change) => store.update(change), closed };
}

async function showUntilQuit(root: React.JSX.Element, content: { close(): Promise<void> } | undefined): Promise<void> {
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
    const instance = render(root, {
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
    await content?.close().catch(() => undefined);
    restore();
    process.off("exit", restore);
    for (const signal of signals) process.off(signal, onSignal);
  }
}

/** The source opened on first use only (most sessions never look inside a file), and closed once. */
function lazySource(open: () => Promise<ImageSource>): ContentAccess & { close(): Promise<void> } {
  let opened: Promise<ImageSource> | undefined;
  return {
    source: () => (opened ??= open()),
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}
