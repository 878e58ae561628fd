import { UsageError } from "./errors.js";

/**
 * Refuses an empty PATH argument (an unset shell variable, `"$P"`): it would read as the image's root, so `extract`
 * would write the whole image.
 */
export function checkImagePaths(paths: readonly string[]): void {
  if (paths.some((path) => path.trim() === "")) throw new UsageError('an empty PATH: give an absolute path inside the image ("/" for its root)');
}
