import { globTest } from "../glob.js";
import prettyBytes from "pretty-bytes";
import { walkTree, type HintContext } from "./context.js";
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
  const root = context.finalTree();
  if (!root) return [];
  const matchers = BUILD_TOOLS.map(([tool, glob]) => ({ tool, test: globTest(glob, { dot: true }) }));
  const byLayer = new Map<number, { tools: Set<string>; bytes: number; paths: string[]; packages: string[] }>();
  const tools = (context.analysis.summary.packages?.packages ?? []).filter((p) => p.buildTool && p.bytes > 0);
  for (const pkg of tools) {
    let entry = byLayer.get(pkg.layer);
    if (!entry) byLayer.set(pkg.layer, (entry = { tools: new Set(), bytes: 0, paths: [], packages: [] }));
    entry.bytes += pkg.bytes;
    if (entry.packages.length < MAX_NAMED) entry.packages.push(`${pkg.name} (${prettyBytes(pkg.bytes)})`);
    else if (entry.packages.length === MAX_NAMED) entry.packages.push("…");
  }
  walkTree(root, (node) => {
    if (node.type === "dir" || node.layer < 0 || !node.path.startsWith(BUILD_TOOLS_ROOT) || context.ownedByPackage(node.path)) return;
    const match = matchers.find((matcher) => matcher.test(node.path));
    if (!match) return;
    let entry = byLayer.get(node.layer);
    if (!entry) byLayer.set(node.layer, (entry = { tools: new Set(), bytes: 0, paths: [], packages: [] }));
    entry.tools.add(match.tool);
    if (node.type === "file") entry.bytes += node.size;
    entry.paths.push(node.path);
  });
  return [...byLayer.entries()]
    .sort(([a], [b]) => a - b)
    .map(([layer, entry]) =>
      context.hint({
        id: "build-tools",
        severity: "warning",
        layer,
        path: entry.paths.length === 1 && entry.packages.length === 0 ? entry.paths[0] : undefined,
        bytes: entry.bytes,
        message: buildToolMessage(entry),
        fix: "build in a separate stage (`FROM … AS build`) and `COPY --from=build` only the results",
      }),
    );
}

function buildToolMessage(entry: { tools: Set<string>; bytes: number; paths: string[]; packages: string[] }): string {
  const parts: string[] = [];
  if (entry.packages.length > 0) parts.push(`packages ${entry.packages.join(", ")}`);
  if (entry.paths.length > 0) parts.push(`${entry.paths.length} ${entry.packages.length > 0 ? "other " : ""}path${entry.paths.length === 1 ? "" : "s"} (${[...entry.tools].join(", ")})`);
  return `build tools in the final image: ${prettyBytes(entry.bytes)}: ${parts.join("; ")}`;
}
