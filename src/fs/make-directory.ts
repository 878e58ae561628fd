import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { pathExists } from "./path-exists.js";

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdir(dir, { recursive: true })` never returns where mkdir fails
 * with ENOENT under an existing parent (any path in /proc): it retries the parent forever.
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; !(await pathExists(current)); current = dirname(current)) {
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const level of missing.reverse()) {
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
