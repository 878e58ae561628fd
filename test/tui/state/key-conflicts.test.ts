import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkKeyBindings } from "../../../src/tui/state/key-conflicts.js";

/** The `keys: { action: [key, …], … }` example a document gives for rebinding keys. */
function rebindingExample(file: string): Record<string, string[]> {
  const example = /`keys: \{ (quit: [^`]*) \}`/.exec(readFileSync(file, "utf8"));
  expect(example, `${file} gives a rebinding example`).not.toBeNull();
  const overrides: Record<string, string[]> = {};
  for (const [, action, keys] of example![1].matchAll(/([\w-]+): \[([^\]]*)\]/g)) overrides[action] = keys.split(",").map((key) => key.trim());
  return overrides;
}

describe("the documented key rebinding", () => {
  it("is one the UI accepts (no key of another action in the same view)", () => {
    for (const file of ["README.md", "docs/configuration.md"]) {
      const overrides = rebindingExample(file);
      expect(Object.keys(overrides)).toContain("quit");
      expect(() => checkKeyBindings(overrides), file).not.toThrow();
    }
  });
});
