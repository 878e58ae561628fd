import { closeSync, openSync, readSync } from "node:fs";
import { fileURLToPath } from "node:url";

const BUILD_LINE = /^\/\/ layerscope-build ([0-9a-f]{64})\n/;

let known: string | null | undefined;

/**
 * The id of the running build: the hash that scripts/bundle.mjs writes on the first line of the CLI's bundle (where
 * this code runs from when shipped). Undefined when running from anything else (tsc's output, the sources in
 * tests): such code may have changed without a new version, so nothing may be cached by its version.
 */
export function buildId(): string | undefined {
  if (known === undefined) known = readBuildLine() ?? null;
  return known ?? undefined;
}

function readBuildLine(): string | undefined {
  try {
    const fd = openSync(fileURLToPath(import.meta.url), "r");
    try {
      const head = Buffer.alloc(100);
      const length = readSync(fd, head, 0, head.length, 0);
      return BUILD_LINE.exec(head.toString("latin1", 0, length))?.[1];
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
