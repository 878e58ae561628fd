import { TarFormatError } from "./header.js";

/**
 * Longest member name accepted, in characters: 8 × Linux's PATH_MAX. Tree building and listing cost grows with
 * depth × length, so a name of megabytes (a pax record may hold 16 MiB) must not reach them.
 */
export const MAX_PATH_LENGTH = 32 * 1024;

/**
 * Cleans a tar member name into a path relative to the image root: no leading `/` or `./`, no trailing `/`,
 * empty and `.` segments dropped, `..` resolved lexically and never above the root. The root itself is "".
 */
export function cleanPath(name: string): string {
  if (name.length > MAX_PATH_LENGTH) {
    throw new TarFormatError(`member name too long (${name.length} characters, at most ${MAX_PATH_LENGTH})`);
  }
  if (isAlreadyClean(name)) return name;
  const out: string[] = [];
  for (const segment of name.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return out.join("/");
}

/**
 * An empty, `.` or `..` segment: a leading, trailing or doubled `/`, or a dot segment. A regular expression runs
 * as native code where a loop over the characters would run in V8's interpreter (src/cli/runtime-tuning.ts).
 */
const UNCLEAN_SEGMENT = /(?:^|\/)\.{0,2}(?:\/|$)/;

/** No empty, `.` or `..` segment, and no leading or trailing `/`. */
function isAlreadyClean(name: string): boolean {
  return name.length === 0 || !UNCLEAN_SEGMENT.test(name);
}
