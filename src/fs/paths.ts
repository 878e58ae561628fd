import { isAbsolute, resolve } from "node:path";

/** A path the user gave, relative to the working directory `cwd` unless it is absolute already. */
export function absolutePath(file: string, cwd: string): string {
  return isAbsolute(file) ? file : resolve(cwd, file);
}
