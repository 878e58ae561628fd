import { useEffect, useRef, useState } from "react";
import type { TreeModel } from "../tree/types.js";
import { aggregateChanges, aggregatedView, layerView, type ShownTree } from "./state/aggregate.js";
import { Lru } from "./state/lru.js";
import { ANSWER_EVERY_MS, runSteps, type Steps } from "../steps/steps.js";

export type Compare = "layer" | "aggregated";

export interface TreeState {
  /** The tree to show: the one asked for, or the last one built while it is being built */
  shown?: ShownTree;
  /** What `shown` is (key of `compare:layer`) */
  shownKey?: string;
  building: boolean;
  error?: string;
}

export function treeKey(compare: Compare, layer: number): string {
  return `${compare}:${layer}`;
}

/** Builds the tree for a key synchronously, reusing the plain tree at that layer when the cache has it. */
export function buildShownTree(model: TreeModel, compare: Compare, layer: number, cache: Lru<string, ShownTree>): ShownTree {
  return runSteps(shownTreeSteps(model, compare, layer, cache));
}

function* shownTreeSteps(model: TreeModel, compare: Compare, layer: number, cache: Lru<string, ShownTree>): Steps<ShownTree> {
  const plainKey = treeKey("layer", layer);
  let plain = cache.get(plainKey);
  if (!plain) {
    plain = layerView(model.treeAtSteps ? yield* model.treeAtSteps(layer) : model.treeAt(layer));
    cache.set(plainKey, plain);
  }
  if (compare === "layer") return plain;
  yield;
  const view = aggregatedView(plain.root, aggregateChanges(model, layer));
  cache.set(treeKey(compare, layer), view);
  return view;
}

/**
 * The tree of the selected layer, built off the render path (from a zero-delay timer, so the key that asked for it
 * is drawn first, in slices of ANSWER_EVERY_MS with the keys answered between them) and kept in a small LRU. Stepping
 * quickly through layers builds only where the user stops: a tree no longer asked for stops being built. Without a
 * model (the layer is not read yet) nothing is built.
 */
export function useShownTree(model: TreeModel | undefined, compare: Compare, layer: number, cache: Lru<string, ShownTree>): TreeState {
  const key = treeKey(compare, layer);
  const [, setBuilt] = useState(0);
  const [error, setError] = useState<{ key: string; message: string }>();
  const last = useRef<{ key: string; tree: ShownTree }>(undefined);
  const hit = cache.get(key);
  if (hit) last.current = { key, tree: hit };

  useEffect(() => {
    if (hit || !model) return;
    const steps = shownTreeSteps(model, compare, layer, cache);
    let timer: NodeJS.Timeout | undefined;
    const slice = () => {
      try {
        const until = performance.now() + ANSWER_EVERY_MS;
        while (performance.now() < until) {
          if (steps.next().done) {
            setBuilt((n) => n + 1);
            return;
          }
        }
        timer = setTimeout(slice, 0);
      } catch (err) {
        setError({ key, message: err instanceof Error ? err.message : String(err) });
        setBuilt((n) => n + 1);
      }
    };
    timer = setTimeout(slice, 0);
    return () => clearTimeout(timer);
  }, [key, hit, model, compare, layer, cache]);

  return {
    shown: last.current?.tree,
    shownKey: last.current?.key,
    building: !hit,
    error: error?.key === key ? error.message : undefined,
  };
}
