import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  futimesSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  realpathSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { statfs } from "node:fs/promises";
import { join, sep } from "node:path";
import { type ImageSource } from "../sources/types.js";
import { findNode, walkTree } from "../tree/file-node.js";
import { unresolvedReason } from "./describe.js";
import { resolvePath } from "./resolve-path.js";
import type { FileNode, TreeModel } from "../tree/types.js";
import { ContentLocator, type FileContent } from "./locate.js";
import { readFiles } from "./read-files.js";
import { ImageError } from "../errors.js";
import { printable } from "../text/escape.js";
import { makeDirectory as makeDirectories } from "../fs/make-directory.js";
import { fsErrorReason } from "../fs/fs-error.js";

export interface ExtractOptions {
  /** Everything is written under this directory (created when missing) */
  dir: string;
  /** Give files the image's owners (only a root process can) */
  sameOwner: boolean;
  /** Σ of the file bytes the extraction may write; more is refused before anything is written */
  maxBytes: number;
}

export interface ExtractSummary {
  files: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  bytes: number;
  /** Device nodes and FIFOs, never created */
  skipped: FileNode[];
}

/** What to extract: whole subtrees, and the directories above them (made with their image modes, not walked). */
export interface ExtractSelection {
  roots: FileNode[];
  parents: FileNode[];
}

/** Permission bits kept: setuid and setgid never (a file of an image must not gain anyone's rights here). */
const FILE_MODE_BITS = 0o777;
const DIR_MODE_BITS = 0o1777;
const OPEN_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const OPEN_DIR = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/**
 * Writes nodes of a merged tree (whole subtrees for directories) under `options.dir`, at their image paths, the way
 * `tar --no-same-owner` unpacks a hostile archive: every path is made of the tree's cleaned names below the directory;
 * nothing is written through a symlink (the directories on the way are checked, files are created with O_EXCL and
 * O_NOFOLLOW after removing what was there); symlinks are created as they are and never followed; a hardlink becomes a
 * link to a file this extraction wrote with the same bytes, else a copy; device nodes and FIFOs are skipped; setuid
 * and setgid bits are dropped; the bytes to write are checked against a budget and the free space first.
 */
export async function extractNodes(source: ImageSource, tree: TreeModel, selection: ExtractSelection, options: ExtractOptions): Promise<ExtractSummary> {
  const nodes = collect(selection);
  const locator = new ContentLocator(tree);
  const contents = new Map<FileNode, FileContent>();
  const linkTo = new Map<FileNode, FileNode>();
  const byPath = new Map(nodes.map((node) => [node.path, node]));
  let bytes = 0;
  for (const node of nodes) {
    if (node.type !== "file" && node.type !== "hardlink") continue;
    const content = locator.locate(node)!;
    const target = node.type === "hardlink" ? byPath.get("/" + node.linkname) : undefined;
    const targetContent = target?.type === "file" ? locator.locate(target) : undefined;
    if (target && targetContent && targetContent.layer === content.layer && targetContent.dataOffset === content.dataOffset) {
      linkTo.set(node, target);
      continue;
    }
    contents.set(node, content);
    bytes += content.size;
  }
  checkNames(nodes);
  await checkBudget(options, bytes);
  try {
    return await writeNodes(source, nodes, contents, linkTo, options);
  } catch (error) {
    // a file system's refusal (no space, no permission, a name too long for it) is the user's one line, naming the
    // path written (Node's message of a failed symlink names the link's target first, a path outside the directory)
    const failed = error as (NodeJS.ErrnoException & { dest?: string }) | null;
    if (typeof failed?.code === "string" && error instanceof Error) {
      const where = failed.dest ?? failed.path;
      throw new ImageError(`extract: ${where === undefined ? "" : `${printable(where)}: `}${fsErrorReason(error)}`);
    }
    throw error;
  }
}

async function writeNodes(
  source: ImageSource,
  nodes: FileNode[],
  contents: Map<FileNode, FileContent>,
  linkTo: Map<FileNode, FileNode>,
  options: ExtractOptions,
): Promise<ExtractSummary> {
  const root = await prepareRoot(options.dir);
  const summary: ExtractSummary = { files: 0, dirs: 0, symlinks: 0, hardlinks: 0, bytes: 0, skipped: [] };
  const destOf = (node: FileNode): string => destination(root, node.path);
  const dirs: FileNode[] = [];
  const checked = new Set<string>();
  for (const node of nodes) {
    const dest = destOf(node);
    ensureParents(root, dest, checked);
    if (node.type === "dir") {
      makeDirectory(dest);
      dirs.push(node);
      summary.dirs++;
    } else if (node.type === "symlink") {
      removeExisting(dest);
      symlinkSync(node.linkname, dest);
      finishLink(dest, node, options.sameOwner);
      summary.symlinks++;
    } else if (node.type === "char" || node.type === "block" || node.type === "fifo") {
      summary.skipped.push(node);
    }
  }
  const fds = new Map<FileContent, number>();
  const owners = new Map<FileContent, FileNode>();
  for (const [node, content] of contents) owners.set(content, node);
  await readFiles(source, [...contents.values()], {
    begin(file) {
      const dest = destOf(owners.get(file)!);
      removeExisting(dest);
      fds.set(file, openSync(dest, OPEN_NEW, 0o600));
    },
    chunk(file, chunk) {
      const fd = fds.get(file)!;
      for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
      summary.bytes += chunk.length;
    },
    end(file) {
      const fd = fds.get(file)!;
      fds.delete(file);
      try {
        finishFile(fd, owners.get(file)!, options.sameOwner);
      } finally {
        closeSync(fd);
      }
      summary.files++;
    },
  }).finally(() => {
    for (const fd of fds.values()) closeSync(fd);
  });
  for (const [node, target] of linkTo) {
    const dest = destOf(node);
    removeExisting(dest);
    linkSync(destOf(target), dest);
    summary.hardlinks++;
  }
  // deepest first: a directory made read-only last
  for (const node of dirs.reverse()) finishDirectory(destOf(node), node, options.sameOwner);
  return summary;
}

/**
 * What extracting `paths` of a tree takes: each path's node (symlinks on the way followed, the path's own symlink
 * extracted as a symlink), and the directories above it; or the first path that does not resolve, and why.
 */
export function selectForExtract(tree: FileNode, paths: string[]): ExtractSelection | { path: string; problem: string } {
  const roots: FileNode[] = [];
  for (const path of paths) {
    const resolved = resolvePath(tree, path, false);
    if (resolved.kind !== "found") return { path, problem: unresolvedReason(resolved) };
    roots.push(resolved.node);
  }
  const parents = roots.flatMap((root) => {
    const names = root.path.split("/").filter((name) => name !== "");
    return names.slice(0, -1).map((_name, i) => findNode(tree, "/" + names.slice(0, i + 1).join("/"))!);
  });
  return { roots, parents };
}

/** Linux's limits: a name of at most 255 bytes, without NUL (a tar name may hold one; no file system can). */
const NAME_MAX = 255;
/** PATH_MAX less room for the output directory's own path */
const PATH_BYTES_MAX = 3072;

function checkNames(nodes: FileNode[]): void {
  for (const node of nodes) {
    if (Buffer.byteLength(node.path) > PATH_BYTES_MAX)
      throw new ImageError(`${printable(node.path.slice(0, 60))}…: a path longer than ${PATH_BYTES_MAX} bytes (nested too deeply to write)`);
    if (node.name.includes("\0") || node.linkname.includes("\0"))
      throw new ImageError(`${printable(node.path)}: a name with a NUL byte, which no file can have`);
    if (Buffer.byteLength(node.name) > NAME_MAX) throw new ImageError(`${printable(node.path)}: a name longer than ${NAME_MAX} bytes`);
  }
}

/** The nodes of the given subtrees and their parents, each once, parents before children. */
function collect(selection: ExtractSelection): FileNode[] {
  const seen = new Map<string, FileNode>();
  for (const parent of selection.parents) if (parent.type === "dir" && parent.path !== "/") seen.set(parent.path, parent);
  for (const root of selection.roots) walkTree(root, (node) => void (node.path !== "/" && seen.set(node.path, node)));
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function checkBudget(options: ExtractOptions, bytes: number): Promise<void> {
  if (bytes > options.maxBytes) {
    throw new ImageError(`the files come to ${bytes} bytes, more than the extraction budget of ${options.maxBytes} (--max-size)`);
  }
  const free = await freeBytes(options.dir);
  if (free !== undefined && bytes > free) throw new ImageError(`the files come to ${bytes} bytes, and ${printable(options.dir)} has ${free} bytes free`);
}

/** Free bytes of the file system that holds `dir` (or its nearest existing parent). */
async function freeBytes(dir: string): Promise<number | undefined> {
  for (let at = dir; ; at = join(at, "..")) {
    const stats = await statfs(at).catch(() => undefined);
    if (stats) return stats.bavail * stats.bsize;
    if (join(at, "..") === at) return undefined;
  }
}

/** The directory, made when missing (not by mkdirSync's recursive mode, which never returns for a path in /proc). */
async function prepareRoot(dir: string): Promise<string> {
  await makeDirectories(dir);
  return realpathSync(dir);
}

/** `root` + the node's image path; the names are the tree's (cleaned: never empty, `.` or `..`), checked again. */
function destination(root: string, imagePath: string): string {
  const names = imagePath.split("/").filter((name) => name !== "");
  if (names.some((name) => name === "." || name === "..")) throw new ImageError(`${printable(imagePath)}: not a clean path`);
  const dest = join(root, ...names);
  if (!dest.startsWith(root + sep)) throw new ImageError(`${printable(imagePath)}: leads out of the directory`);
  return dest;
}

/**
 * Every directory between the root and `dest` is a real directory (made when missing), never a symlink; each is
 * checked once (`checked`), or a deep tree would cost depth² checks.
 */
function ensureParents(root: string, dest: string, checked: Set<string>): void {
  const names = dest
    .slice(root.length + 1)
    .split(sep)
    .slice(0, -1);
  let at = root;
  for (const name of names) {
    at = join(at, name);
    if (checked.has(at)) continue;
    makeDirectory(at);
    checked.add(at);
  }
}

function makeDirectory(path: string): void {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (!stats) mkdirSync(path, { mode: 0o700 });
  else if (!stats.isDirectory())
    throw new ImageError(`${printable(path)} exists and is not a directory${stats.isSymbolicLink() ? " (a symlink: not followed)" : ""}`);
}

/** What is at `path` goes, unless it is a directory (never replaced by a file: its contents would be lost). */
function removeExisting(path: string): void {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (!stats) return;
  if (stats.isDirectory()) throw new ImageError(`${printable(path)} exists and is a directory`);
  unlinkSync(path);
}

function finishFile(fd: number, node: FileNode, sameOwner: boolean): void {
  if (sameOwner) fchownSync(fd, node.uid, node.gid);
  fchmodSync(fd, node.mode & FILE_MODE_BITS);
  futimesSync(fd, node.mtime, node.mtime);
}

function finishLink(path: string, node: FileNode, sameOwner: boolean): void {
  if (sameOwner) lchownSync(path, node.uid, node.gid);
  lutimesSync(path, node.mtime, node.mtime);
}

function finishDirectory(path: string, node: FileNode, sameOwner: boolean): void {
  const fd = openSync(path, OPEN_DIR);
  try {
    if (sameOwner) fchownSync(fd, node.uid, node.gid);
    fchmodSync(fd, node.mode & DIR_MODE_BITS);
    futimesSync(fd, node.mtime, node.mtime);
  } finally {
    closeSync(fd);
  }
}
