import picomatch from "picomatch";

export type PathTest = (path: string) => boolean;

/**
 * What `picomatch(globs, options)` answers, without its per-call cost: its matcher builds two result objects and
 * a match array for every path, which made glob tests a fifth of a run on a 7,000-file image. Same rules: a path
 * matches a glob it equals or whose regular expression (picomatch's own) it passes; the empty path matches none.
 */
export function globTest(globs: string | readonly string[], options: picomatch.PicomatchOptions = {}): PathTest {
  const list = typeof globs === "string" ? [globs] : [...globs];
  const compiled = list.map((glob) => ({ glob, regex: picomatch.makeRe(glob, options) }));
  if (compiled.length === 1) {
    const [{ glob, regex }] = compiled;
    return (path) => path !== "" && (path === glob || regex.test(path));
  }
  return (path) => path !== "" && compiled.some(({ glob, regex }) => path === glob || regex.test(path));
}
