import type { EntryType } from "../tar/types.js";
import { walkTree } from "./file-node.js";
import type { FileNode } from "./types.js";
import { printable } from "../text/escape.js";

const TYPE_LETTER: Record<EntryType, string> = {
  file: "f",
  dir: "d",
  symlink: "l",
  hardlink: "h",
  char: "c",
  block: "b",
  fifo: "p",
};

/**
 * `TYPE SIZE MODE UID:GID /path[ -> target]`, one line per entry of the tree (root and removed paths left out),
 * sorted by path bytes as `LC_ALL=C sort` does. Symlinks show the length of their target as size and mode 0777,
 * as the kernel does once unpacked. Control characters in names are escaped (`\x0a`), so a name cannot forge a line.
 */
export function formatLsLines(root: FileNode): string[] {
  const lines: Array<[Buffer, string]> = [];
  walkTree(root, (node) => node !== root && lines.push([Buffer.from(node.path, "utf8"), formatLine(node)]));
  return lines.sort((a, b) => Buffer.compare(a[0], b[0])).map(([, line]) => line);
}

/** A node's size as `ls` shows it: a symlink's is the length of its target */
export const lsSize = (node: Pick<FileNode, "type" | "size" | "linkname">): number => (node.type === "symlink" ? Buffer.byteLength(node.linkname) : node.size);

/** A node's mode as `ls` shows it, four octal digits: a symlink's is 0777 */
export const lsMode = (node: Pick<FileNode, "type" | "mode">): string => (node.type === "symlink" ? 0o777 : node.mode).toString(8).padStart(4, "0");

export function formatLine(node: FileNode): string {
  const symlink = node.type === "symlink";
  const size = lsSize(node);
  const mode = lsMode(node);
  const target = symlink ? ` -> ${printable(node.linkname)}` : node.type === "hardlink" ? ` -> /${printable(node.linkname)}` : "";
  return `${TYPE_LETTER[node.type]} ${size} ${mode} ${node.uid}:${node.gid} ${printable(node.path)}${target}`;
}
