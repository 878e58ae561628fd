import type { LayerEntry } from "../tree/types.js";
import { ITEMS_PER_STEP, type Steps } from "../steps/steps.js";

/** A package database file as one layer left it: its content, or why there is none. */
export interface DbFileState {
  layer: number;
  /** Absent when the path was removed (or replaced by something that is not a regular file) in `layer` */
  content?: Buffer;
  /** The file exists but was over its cap: its content is unknown */
  overCap?: boolean;
}

/**
 * The captured database files layer by layer: for each path, the states it went through (only the layers that
 * changed it). Whiteouts and opaque markers are applied as the merged tree applies them, to these paths only.
 */
export class DbFiles {
  readonly history = new Map<string, DbFileState[]>();
  /** Paths that exist after the last layer applied */
  private readonly live = new Set<string>();

  private constructor() {}

  /** The files of the layers, in steps: every layer's entries are looked at, a few thousand a step */
  static *steps(layers: ReadonlyArray<{ entries: LayerEntry[] }>): Steps<DbFiles> {
    const files = new DbFiles();
    for (let index = 0; index < layers.length; index++) yield* files.apply(index, layers[index].entries);
    return files;
  }

  get empty(): boolean {
    return this.history.size === 0;
  }

  private *apply(index: number, entries: LayerEntry[]): Steps<void> {
    // whiteouts first, as the merged tree applies them (only when a tracked path exists at all)
    if (this.live.size > 0) {
      for (let i = 0; i < entries.length; i++) {
        if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
        const entry = entries[i];
        const slash = entry.path.lastIndexOf("/");
        // most entries are no whiteout: told without cutting their name out
        if (!entry.path.startsWith(".wh.", slash + 1)) continue;
        const name = entry.path.slice(slash + 1);
        const dir = slash < 0 ? "" : entry.path.slice(0, slash + 1);
        if (name === ".wh..wh..opq") this.removeUnder(dir, index);
        else if (!name.startsWith(".wh..wh.")) {
          const target = dir + name.slice(4);
          this.removeUnder(target + "/", index);
          if (this.live.has(target)) this.record(target, { layer: index });
        }
      }
    }
    for (let i = 0; i < entries.length; i++) {
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      const entry = entries[i];
      if (entry.content !== undefined || entry.contentOverCap) {
        this.record(entry.path, entry.content !== undefined ? { layer: index, content: entry.content } : { layer: index, overCap: true });
      } else if (this.live.size > 0 && this.live.has(entry.path)) {
        // a link, a directory or a file the scan did not keep now stands at a database path
        this.record(entry.path, { layer: index });
      }
    }
  }

  private removeUnder(prefix: string, index: number): void {
    for (const path of this.live) if (path.startsWith(prefix)) this.record(path, { layer: index });
  }

  private record(path: string, state: DbFileState): void {
    let states = this.history.get(path);
    if (!states) this.history.set(path, (states = []));
    if (states.at(-1)?.layer === state.layer) states[states.length - 1] = state;
    else states.push(state);
    if (state.content !== undefined || state.overCap) this.live.add(path);
    else this.live.delete(path);
  }

  /** The state of `path` after layer `layer`, or undefined when it does not exist then. */
  at(path: string, layer: number): DbFileState | undefined {
    const states = this.history.get(path);
    if (!states) return undefined;
    let found: DbFileState | undefined;
    for (const state of states) {
      if (state.layer > layer) break;
      found = state;
    }
    return found && (found.content !== undefined || found.overCap) ? found : undefined;
  }

  /** Layers in which any path passing `test` changed, ascending */
  changedLayers(test: (path: string) => boolean): number[] {
    const layers = new Set<number>();
    for (const [path, states] of this.history) if (test(path)) for (const state of states) layers.add(state.layer);
    return [...layers].sort((a, b) => a - b);
  }

  /** Paths passing `test` that exist after `layer` */
  pathsAt(test: (path: string) => boolean, layer: number): string[] {
    const paths: string[] = [];
    for (const path of this.history.keys()) if (test(path) && this.at(path, layer)) paths.push(path);
    return paths.sort();
  }
}
