import { BuildError } from "../builders/errors.js";
import { ConfigError } from "../config/errors.js";
import { ImageError } from "../sources/types.js";
import { printable } from "../tar/path.js";

/** A command-line usage problem (bad option value, missing argument): exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The one line a user sees for any error; unexpected ones are marked as internal. */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((part) => part.trim()).filter((part) => part !== "");
  const line = printable(lines.join(" ")) || "unknown error";
  const expected = error instanceof ImageError || error instanceof ConfigError || error instanceof UsageError || error instanceof BuildError;
  return `layerscope: ${expected ? line : `internal error: ${line}`}`;
}
