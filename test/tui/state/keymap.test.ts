import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/errors.js";
import { ACTION_NAMES, actionFor, buildKeyMap, canonicalKey, displayKey, KeyBindingError } from "../../../src/tui/state/keymap.js";

describe("canonicalKey", () => {
  it("normalises the ways people write keys", () => {
    expect(canonicalKey("Ctrl+A")).toBe("ctrl+a");
    expect(canonicalKey("ctrl-a")).toBe("ctrl+a");
    expect(canonicalKey("PageUp")).toBe("pgup");
    expect(canonicalKey("pagedown")).toBe("pgdn");
    expect(canonicalKey("Return")).toBe("enter");
    expect(canonicalKey("escape")).toBe("esc");
    expect(canonicalKey(" ")).toBe("space");
    expect(canonicalKey("ctrl+space")).toBe("ctrl+space");
    expect(canonicalKey("G")).toBe("G");
    expect(canonicalKey("ctrl+i")).toBe("tab");
  });

  it("rejects keys it cannot bind", () => {
    expect(() => canonicalKey("hyper+x")).toThrow(KeyBindingError);
    expect(() => canonicalKey("ctrl+1")).toThrow(/unknown key "ctrl\+1"/);
    expect(() => canonicalKey("\x01")).toThrow(/control character/);
  });
});

describe("buildKeyMap", () => {
  it("has Dive's defaults", () => {
    const map = buildKeyMap();
    expect(map.get("toggle-collapse-all-dir")).toEqual(["ctrl+space"]);
    expect(map.get("filter-files")).toEqual(["ctrl+f", "/"]);
    expect(map.get("quit")).toEqual(["q", "ctrl+c"]);
    expect(map.size).toBe(ACTION_NAMES.length);
  });

  it("replaces the keys of rebound actions only", () => {
    const map = buildKeyMap({ quit: "x", down: ["n", "Down"] });
    expect(map.get("quit")).toEqual(["x"]);
    expect(map.get("down")).toEqual(["n", "down"]);
    expect(map.get("up")).toEqual(["up", "k"]);
  });

  it("reports bad bindings as config errors, which the CLI shows as the user's mistake", () => {
    expect(() => buildKeyMap({ quit: "hyper+q" })).toThrow(ConfigError);
  });

  it("names an unknown action in its error", () => {
    expect(() => buildKeyMap({ "fly-away": "f" })).toThrow(/unknown key action "fly-away"/);
    expect(() => buildKeyMap({ quit: [] })).toThrow(/has no keys/);
  });
});

describe("actionFor", () => {
  const map = buildKeyMap();
  it("resolves the same key by pane", () => {
    expect(actionFor(map, "ctrl+a", "layers")).toBe("compare-all");
    expect(actionFor(map, "ctrl+a", "tree")).toBe("toggle-added-files");
    expect(actionFor(map, "ctrl+l", "tree")).toBeUndefined();
    expect(actionFor(map, "j", "waste")).toBe("down");
  });

  it("views a file (or folds a directory) with enter, and reads a ctrl+m binding as enter (terminals send the same byte)", () => {
    expect(actionFor(map, "enter", "tree")).toBe("view-file");
    expect(actionFor(map, "space", "tree")).toBe("toggle-collapse-dir");
    expect(actionFor(map, "enter", "waste")).toBe("jump-to-path");
    expect(actionFor(map, "ctrl+e", "tree")).toBe("toggle-modified-files");
    expect(canonicalKey("ctrl+m")).toBe("enter");
    expect(actionFor(buildKeyMap({ "view-file": "v", "toggle-modified-files": "ctrl+m" }), "enter", "tree")).toBe("toggle-modified-files");
  });

  it("displays keys compactly", () => {
    expect(displayKey("ctrl+a")).toBe("^A");
    expect(displayKey("ctrl+space")).toBe("^Space");
    expect(displayKey("pgdn")).toBe("PgDn");
    expect(displayKey("/")).toBe("/");
  });
});
