import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { globTest } from "../../src/analysis/glob.js";
import { DEFAULT_JUNK_RULES } from "../../src/analysis/junk.js";

const GLOBS = [
  ...DEFAULT_JUNK_RULES.map((rule) => rule.glob),
  "/**/*.{pem,key,p12,pfx}",
  "/**/.env{,.*}",
  "/usr/{bin,local/bin}/{gcc,cc,c++,g++,cpp}{,-[0-9]*}",
  "etc/shadow",
  "usr/share/doc/**",
  "/tmp",
];
const PATHS = [
  "",
  "/",
  "/tmp",
  "/tmp/",
  "/tmp/x",
  "/tmp/.x",
  "/var/tmp/a/b",
  "/var/lib/apt/lists/lock",
  "/root/.cache/pip/x",
  "/app/.git/HEAD",
  "/app/.git",
  "/a/b~",
  "/a/.DS_Store",
  "/srv/key.pem",
  "/srv/.env",
  "/srv/.env.local",
  "/srv/.envrc",
  "/usr/bin/gcc",
  "/usr/bin/gcc-12",
  "/usr/bin/gccx",
  "/usr/local/bin/c++",
  "etc/shadow",
  "/etc/shadow",
  "usr/share/doc/a",
  "usr/share/doc",
  "/a/../tmp/x",
  "/a//b",
  "/x/./y.pem",
];

describe("globTest", () => {
  it("answers as picomatch does, on hand-picked paths", () => {
    for (const glob of GLOBS) {
      const reference = picomatch(glob, { dot: true });
      const fast = globTest(glob, { dot: true });
      for (const path of PATHS) expect([glob, path, fast(path)]).toEqual([glob, path, reference(path)]);
    }
    const all = picomatch(GLOBS, { dot: true });
    const allFast = globTest(GLOBS, { dot: true });
    for (const path of PATHS) expect([path, allFast(path)]).toEqual([path, Boolean(all(path))]);
  });

  it("answers as picomatch does, on generated paths", () => {
    const segment = fc.constantFrom("tmp", "var", ".git", ".env", "a.pem", "x~", "gcc-1", ".", "..", "", "lists", "apt", "usr", "bin");
    const path = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 6 })).map(([abs, parts]) => (abs ? "/" : "") + parts.join("/"));
    const matchers = GLOBS.map((glob) => [picomatch(glob, { dot: true }), globTest(glob, { dot: true })] as const);
    fc.assert(
      fc.property(path, (p) => matchers.every(([reference, fast]) => reference(p) === fast(p))),
      { numRuns: 2000 },
    );
  });
});
