import { globTest } from "../glob.js";
import prettyBytes from "pretty-bytes";
import type { HintContext } from "./context.js";
import type { ByteClaim } from "./removable.js";
import type { Hint } from "./types.js";

/** Paths that only a build needs: compilers, make, headers, static toolchain folders. */
const BUILD_TOOLS: Array<[string, string]> = [
  ["gcc", "/usr/{bin,local/bin}/{gcc,cc,c++,g++,cpp}{,-[0-9]*}"],
  ["gcc", "/usr/{bin,local/bin}/*-linux-gnu-{gcc,g++,cpp}{,-[0-9]*}"],
  ["gcc", "/usr/{lib,libexec}/gcc/**"],
  ["clang", "/usr/{bin,local/bin}/clang{,++}{,-[0-9]*}"],
  ["make", "/usr/{bin,local/bin}/{make,gmake,cmake,ninja,automake,autoconf}"],
  ["headers", "/usr/include/**"],
  ["headers", "/usr/local/include/**"],
  ["build-essential", "/usr/share/build-essential/**"],
];

/** Every glob above lies under it: most paths of an image are ruled out without running the globs. */
const BUILD_TOOLS_ROOT = "/usr/";

const MAX_NAMED = 6;

/**
 * Compilers, make and `*-dev` headers in the final image: a multi-stage build would leave them behind. Packages
 * the database marks as build tools are named with their bytes, at the layer that installed them; the globs find
 * the tools no package owns (built from source, copied in).
 */
export function buildToolHints(context: HintContext): Hint[] {
  if (context.layerCount === 0) return [];
  const matchers = BUILD_TOOLS.map(([tool, glob]) => ({ tool, test: globTest(glob, { dot: true }) }));
  const byLayer = new Map<number, ToolsOfLayer>();
  const tools = (context.analysis.summary.packages?.packages ?? []).filter((p) => p.buildTool && p.bytes > 0);
  for (const pkg of tools) {
    let entry = byLayer.get(pkg.layer);
    if (!entry) byLayer.set(pkg.layer, (entry = emptyEntry()));
    entry.bytes += pkg.bytes;
    entry.claims.push(context.packageClaim(pkg));
    if (entry.packages.length < MAX_NAMED) entry.packages.push(`${pkg.name} (${prettyBytes(pkg.bytes)})`);
    else if (entry.packages.length === MAX_NAMED) entry.packages.push("…");
  }
  // the matches in the order of a walk of the sorted tree (the tools of a layer are named in the order found)
  const found: Array<{ path: string; tool: string; layer: number; bytes: number }> = [];
  context.finalNodes(BUILD_TOOLS_ROOT, (node) => {
    if (node.type === "dir" || node.layer < 0 || context.ownedByPackage(node.path)) return;
    const match = matchers.find((matcher) => matcher.test(node.path));
    if (match) found.push({ path: node.path, tool: match.tool, layer: node.layer, bytes: node.type === "file" ? node.size : 0 });
  });
  for (const { path, tool, layer, bytes } of found.sort((a, b) => treeOrder(a.path, b.path))) {
    let entry = byLayer.get(layer);
    if (!entry) byLayer.set(layer, (entry = emptyEntry()));
    entry.tools.add(tool);
    entry.bytes += bytes;
    entry.claims.push({ path, layer: "final", bytes });
    entry.paths.push(path);
  }
  return [...byLayer.entries()]
    .sort(([a], [b]) => a - b)
    .map(([layer, entry]) =>
      context.hint(
        {
          id: "build-tools",
          severity: "warning",
          layer,
          path: entry.paths.length === 1 && entry.packages.length === 0 ? entry.paths[0] : undefined,
          bytes: entry.bytes,
          message: buildToolMessage(entry),
          fix: "build in a separate stage (`FROM … AS build`) and `COPY --from=build` only the results",
        },
        entry.claims,
      ),
    );
}

interface ToolsOfLayer {
  tools: Set<string>;
  bytes: number;
  paths: string[];
  packages: string[];
  claims: ByteClaim[];
}

function emptyEntry(): ToolsOfLayer {
  return { tools: new Set(), bytes: 0, paths: [], packages: [], claims: [] };
}

function buildToolMessage(entry: ToolsOfLayer): string {
  const parts: string[] = [];
  if (entry.packages.length > 0) parts.push(`packages ${entry.packages.join(", ")}`);
  if (entry.paths.length > 0)
    parts.push(`${entry.paths.length} ${entry.packages.length > 0 ? "other " : ""}path${entry.paths.length === 1 ? "" : "s"} (${[...entry.tools].join(", ")})`);
  return `build tools in the final image: ${prettyBytes(entry.bytes)}: ${parts.join("; ")}`;
}

/**
 * The order of a depth-first walk with each directory's children sorted by name: as bytewise, but "/" before
 * any other character (a directory's paths come before a sibling whose name extends its own).
 */
export function treeOrder(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x === 47) return -1;
    if (y === 47) return 1;
    return x - y;
  }
  return a.length - b.length;
}
