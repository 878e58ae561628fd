import { ACTION_NAMES, ACTIONS, buildKeyMap, canonicalKey, displayKey, SAME_BYTE, scopesFor, type ActionName, type KeyContext, type Scope } from "./keymap.js";
import { ConfigError } from "../../errors.js";

const CONTEXTS: readonly KeyContext[] = ["layers", "tree", "waste", "packages", "hints", "help", "viewer", "range"];

/**
 * Checks a config's `keys:` as the UI would use them, without opening it: every action and key known, and no key
 * given to two actions that answer in the same view. The one line names the action, the key and what is allowed.
 */
export function checkKeyBindings(overrides: Record<string, string[]>): void {
  for (const [name, keys] of Object.entries(overrides)) {
    if (!ACTION_NAMES.includes(name as ActionName)) {
      throw new ConfigError(`keys.${name}: no such action (actions: ${ACTION_NAMES.join(", ")})`);
    }
    for (const key of keys) {
      try {
        canonicalKey(key);
      } catch (error) {
        if (error instanceof ConfigError) throw new ConfigError(`keys.${name}: ${error.message.replace(/^keys: /, "")}`);
        throw error;
      }
    }
  }
  const map = buildKeyMap(overrides);
  for (const name of Object.keys(overrides) as ActionName[]) {
    for (const key of map.get(name) ?? []) {
      const other = ACTION_NAMES.find((action) => action !== name && sharesView(name, action) && (map.get(action) ?? []).some((k) => sameKey(k, key)));
      if (other === undefined) continue;
      const rebound = other in overrides ? "" : ` (its default; give ${other} other keys in keys: too)`;
      throw new ConfigError(
        `keys.${name}: ${displayKey(key)} is also the key of ${other}${rebound}, and both answer in ${sharedView(name, other)}; choose a key no other action there uses`,
      );
    }
  }
}

/** Terminals send one byte for the keys SAME_BYTE pairs: a binding of either is a binding of the other. */
function sameKey(a: string, b: string): boolean {
  return (SAME_BYTE[a] ?? a) === (SAME_BYTE[b] ?? b);
}

function viewsOf(action: ActionName): KeyContext[] {
  const scope: Scope = ACTIONS[action].scope;
  return CONTEXTS.filter((context) => scopesFor(context).includes(scope));
}

function sharesView(a: ActionName, b: ActionName): boolean {
  const views = viewsOf(b);
  return viewsOf(a).some((view) => views.includes(view));
}

const VIEW_NAMES: Record<KeyContext, string> = {
  layers: "the layers pane",
  tree: "the file tree",
  waste: "the waste list",
  packages: "the packages list",
  hints: "the hints list",
  help: "the help",
  viewer: "the file viewer",
  range: "the layer range",
};

function sharedView(a: ActionName, b: ActionName): string {
  const views = viewsOf(b);
  const shared = viewsOf(a).filter((view) => views.includes(view));
  return shared.length === CONTEXTS.length ? "every view" : shared.map((view) => VIEW_NAMES[view]).join(", ");
}
