import { describe, expect, it } from "vitest";
import { EXPANDED_ALL, isCollapsed, revealPath, setCollapsed, toggleAll, toggleCollapsed } from "../../../src/tui/state/collapse.js";

describe("collapse state", () => {
  it("toggles one directory", () => {
    const s = toggleCollapsed(EXPANDED_ALL, "/usr");
    expect(isCollapsed(s, "/usr")).toBe(true);
    expect(isCollapsed(s, "/etc")).toBe(false);
    expect(isCollapsed(toggleCollapsed(s, "/usr"), "/usr")).toBe(false);
  });

  it("collapses all, keeps single expansions, and expands all again", () => {
    const all = toggleAll(EXPANDED_ALL);
    expect(isCollapsed(all, "/anything")).toBe(true);
    const one = setCollapsed(all, "/usr", false);
    expect(isCollapsed(one, "/usr")).toBe(false);
    expect(isCollapsed(one, "/etc")).toBe(true);
    expect(isCollapsed(toggleAll(one), "/etc")).toBe(true);
    expect(isCollapsed(toggleAll(all), "/etc")).toBe(false);
  });

  it("reveals a path by expanding its ancestors only", () => {
    const s = revealPath(toggleAll(EXPANDED_ALL), "/var/lib/apt/lists/main");
    for (const dir of ["/var", "/var/lib", "/var/lib/apt", "/var/lib/apt/lists"]) expect(isCollapsed(s, dir)).toBe(false);
    expect(isCollapsed(s, "/var/lib/apt/lists/main")).toBe(true);
    expect(isCollapsed(s, "/usr")).toBe(true);
  });
});
