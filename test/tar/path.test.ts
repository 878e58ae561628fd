import { posix } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanPath } from "../../src/tar/path.js";

/** The definition, by another road: Node's POSIX normalisation of the name under a root, the root taken off. */
function resolved(name: string): string {
  return posix.normalize(`/${name}`).slice(1).replace(/\/$/, "");
}

describe("cleanPath", () => {
  it("cleans every name of up to 7 characters over `a . / \\n` as the definition does", () => {
    const alphabet = ["a", ".", "/", "\n"];
    let names = [""];
    let checked = 0;
    for (let length = 0; length <= 7; length++) {
      for (const name of names) {
        if (cleanPath(name) !== resolved(name)) expect(cleanPath(name)).toBe(resolved(name));
        checked++;
      }
      names = names.flatMap((name) => alphabet.map((c) => name + c));
    }
    expect(checked).toBe((4 ** 8 - 1) / 3);
  });

  it("keeps a clean name as it is", () => {
    for (const name of ["etc/passwd", "a/.b/..c/...", "usr/lib/x86_64-linux-gnu/libc.so.6"]) expect(cleanPath(name)).toBe(name);
  });
});
