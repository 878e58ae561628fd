import type { Analysis } from "../analysis/types.js";
import { looksBinary } from "../content/binary.js";
import { typeName, unresolvedReason } from "../content/describe.js";
import { extractNodes, selectForExtract, type ExtractSummary } from "../content/extract.js";
import { ContentLocator, type FileContent } from "../content/locate.js";
import { readFiles } from "../content/read-files.js";
import { resolvePath } from "../content/resolve-path.js";
import type { ImageSource } from "../sources/types.js";
import { printable } from "../text/escape.js";

/** The image's source, opened once when the UI first needs file contents, and closed when the UI ends. */
export interface ContentAccess {
  source(): Promise<ImageSource>;
}

/** Bytes the viewer reads of a file at most (the view says when it stopped there). */
export const VIEW_CAP = 1 << 20;

/** One version of a file as the viewer shows it: its first bytes (up to VIEW_CAP) and its whole size. */
export interface FileBytes {
  path: string;
  layer: number;
  bytes: Buffer;
  size: number;
  binary: boolean;
  /** The tar member that holds the bytes (`layer:offset`): two versions with the same one are the same file */
  member: string;
  /** sha256 of the whole content, when the analysis computed it */
  hash?: string;
}

/** A view's content: the file's bytes, a diff of two versions, or why there is nothing to show. */
export type ViewContent = { kind: "file"; file: FileBytes } | { kind: "diff"; base?: FileBytes; head?: FileBytes } | { kind: "message"; text: string };

/**
 * The bytes of the file at `path` after `layer` (symlinks followed), or a one-line message: a directory, a device,
 * a missing path. Only the first VIEW_CAP bytes are read: the layer is decompressed no further.
 */
export async function readFileAt(analysis: Analysis, access: ContentAccess, layer: number, path: string): Promise<FileBytes | string> {
  const resolved = resolvePath(analysis.tree.treeAt(layer), path, true);
  if (resolved.kind !== "found") return `${printable(path)}: ${unresolvedReason(resolved)} after layer ${layer}`;
  const content = new ContentLocator(analysis.tree).locate(resolved.node);
  if (!content) return `${printable(path)}: ${typeName(resolved.node.type)}, not a regular file`;
  const bytes = await readHead(await access.source(), content, VIEW_CAP);
  const member = `${content.layer}:${content.dataOffset}`;
  return { path: resolved.path, layer, bytes, size: content.size, binary: looksBinary(bytes), member, ...(content.hash ? { hash: content.hash } : {}) };
}

async function readHead(source: ImageSource, content: FileContent, cap: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let have = 0;
  await readFiles(source, [content], {
    chunk(_file, bytes) {
      const take = Math.min(bytes.length, cap - have);
      if (take > 0) parts.push(Buffer.from(bytes.subarray(0, take)));
      have += take;
    },
    stopped: () => have >= cap,
  });
  return Buffer.concat(parts, have);
}

/** The file after `layer` and the one below (absent where the path holds no file). */
export async function readVersions(analysis: Analysis, access: ContentAccess, layer: number, path: string): Promise<ViewContent> {
  const head = await readFileAt(analysis, access, layer, path);
  const base = layer > 0 ? await readFileAt(analysis, access, layer - 1, path) : "no layer below";
  if (typeof head === "string" && typeof base === "string") return { kind: "message", text: head };
  return { kind: "diff", ...(typeof base !== "string" ? { base } : {}), ...(typeof head !== "string" ? { head } : {}) };
}

/** Writes the path (a whole directory for a directory) as it is after `layer` under `dir`, by the rules of extract. */
export async function extractAt(analysis: Analysis, access: ContentAccess, layer: number, path: string, dir: string): Promise<ExtractSummary | string> {
  const selection = selectForExtract(analysis.tree.treeAt(layer), [path]);
  if ("problem" in selection) return `${printable(path)}: ${selection.problem}`;
  return extractNodes(await access.source(), analysis.tree, selection, { dir, sameOwner: false, maxBytes: EXTRACT_BUDGET });
}

/** What the UI's extract key may write at most (the CLI's default budget) */
const EXTRACT_BUDGET = 2 * 1024 ** 3;
