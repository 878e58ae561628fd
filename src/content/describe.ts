import { printable } from "../tar/path.js";
import type { EntryType } from "../tar/types.js";
import type { Resolved } from "./resolve-path.js";
import { MAX_SYMLINKS } from "./resolve-path.js";

const TYPE_NAMES: Record<EntryType, string> = {
  file: "a regular file",
  dir: "a directory",
  symlink: "a symlink",
  hardlink: "a hardlink",
  char: "a character device",
  block: "a block device",
  fifo: "a FIFO",
};

export function typeName(type: EntryType): string {
  return TYPE_NAMES[type];
}

/** Why a path did not resolve to a node, as the end of a one-line message. */
export function unresolvedReason(resolved: Exclude<Resolved, { kind: "found" }>): string {
  const at = printable(resolved.path);
  switch (resolved.kind) {
    case "missing":
      return at === printable(resolved.asked) ? "no such file" : `no such file (${at} is missing)`;
    case "not-dir":
      return `${at} is not a directory`;
    case "loop":
      return `more than ${MAX_SYMLINKS} symlinks followed (a loop at ${at}?)`;
  }
}
