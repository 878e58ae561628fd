import { describe, expect, it } from "vitest";
import type { Key } from "ink";
import { keyName, keyNames } from "../../../src/tui/state/ink-key.js";

const none: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

describe("keyName", () => {
  it("names special keys", () => {
    expect(keyName("", { ...none, upArrow: true })).toBe("up");
    expect(keyName("", { ...none, pageDown: true })).toBe("pgdn");
    expect(keyName("", { ...none, escape: true, meta: true })).toBe("esc");
    expect(keyName("", { ...none, tab: true, shift: true })).toBe("shift+tab");
  });

  it("names control keys, ctrl+space arriving as NUL", () => {
    expect(keyName("a", { ...none, ctrl: true })).toBe("ctrl+a");
    expect(keyName("`", { ...none, ctrl: true })).toBe("ctrl+space");
    expect(keyName(" ", none)).toBe("space");
    expect(keyName("G", { ...none, shift: true })).toBe("G");
    expect(keyName("x", { ...none, meta: true })).toBeUndefined();
  });

  it("splits a chunk of quickly typed keys", () => {
    expect(keyNames("jjj", none)).toEqual(["j", "j", "j"]);
    expect(keyNames("jj\x01\x00 \t", none)).toEqual(["j", "j", "ctrl+a", "ctrl+space", "space", "tab"]);
    expect(keyNames("k", none)).toEqual(["k"]);
    // ESC and a key read together arrive as alt+key: the UI binds no alt key, so they are the two keys
    expect(keyNames("q", { ...none, meta: true })).toEqual(["esc", "q"]);
    expect(keyNames("", { ...none, escape: true, meta: true })).toEqual(["esc"]);
  });
});
