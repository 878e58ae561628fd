import { TarFormatError } from "./header.js";

// the escaping of image strings every output uses, for the modules that import it from here
export { printable, safeJson, UNSAFE_CHARACTERS } from "../text/escape.js";

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

/** No empty, `.` or `..` segment, and no leading or trailing `/`: one pass over the characters, no allocation. */
function isAlreadyClean(name: string): boolean {
  let segmentStart = 0;
  for (let i = 0; i <= name.length; i++) {
    if (i < name.length && name.charCodeAt(i) !== 47) continue;
    const length = i - segmentStart;
    if (length === 0) return name.length === 0;
    if (name.charCodeAt(segmentStart) === 46 && (length === 1 || (length === 2 && name.charCodeAt(segmentStart + 1) === 46))) {
      return false;
    }
    segmentStart = i + 1;
  }
  return true;
}

