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

/** Compilers, make and `*-dev` headers in the final image: a multi-stage build would leave them behind. */
export function buildToolHints(context: HintContext): Hint[] {
  const root = context.finalTree();
  if (!root) return [];
  const matchers = BUILD_TOOLS.map(([tool, glob]) => ({ tool, test: globTest(glob, { dot: true }) }));
  const byLayer = new Map<number, { tools: Set<string>; bytes: number; paths: string[] }>();
  walkTree(root, (node) => {
    if (node.type === "dir" || node.layer < 0 || !node.path.startsWith(BUILD_TOOLS_ROOT)) return;
    const match = matchers.find((matcher) => matcher.test(node.path));
    if (!match) return;
    let entry = byLayer.get(node.layer);
    if (!entry) byLayer.set(node.layer, (entry = { tools: new Set(), bytes: 0, paths: [] }));
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
        path: entry.paths.length === 1 ? entry.paths[0] : undefined,
        bytes: entry.bytes,
        message: `build tools in the final image (${[...entry.tools].join(", ")}): ${prettyBytes(entry.bytes)} in ${entry.paths.length} path${entry.paths.length === 1 ? "" : "s"}`,
        fix: "build in a separate stage (`FROM … AS build`) and `COPY --from=build` only the results",
      }),
    );
}
