import type { PackageReason } from "./types.js";

/** A package as the reason classification sees it. */
export interface GraphNode {
  name: string;
  manual: boolean;
  /** Groups of alternatives that must be installed (Depends, Pre-Depends; apk's D:; Requires-Dist…) */
  strong: string[][];
  /** Groups installed by default but not needed (Recommends) */
  weak: string[][];
  /** Virtual names this package provides */
  provides: string[];
  /** By its name: a compiler, make, binutils, headers */
  buildToolByName: boolean;
}

export interface Classified {
  reason: PackageReason;
  buildTool: boolean;
  pulledBy: string[];
}

const MAX_PULLED_BY = 3;

/**
 * Why each package is there. Edges go to the first alternative that is installed, by name or through Provides
 * (the installed set is what the package manager chose, so versions need no check). Cycles are common (libc6 and
 * libgcc-s1 depend on each other) and cost nothing: every walk keeps a visited set.
 */
export function classifyPackages(nodes: GraphNode[]): Classified[] {
  const byName = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (!byName.has(node.name)) byName.set(node.name, i);
  });
  nodes.forEach((node, i) => {
    for (const virtual of node.provides) if (!byName.has(virtual)) byName.set(virtual, i);
  });
  const resolve = (groups: string[][]): number[] => {
    const out: number[] = [];
    for (const group of groups) {
      for (const name of group) {
        const at = byName.get(name);
        if (at !== undefined) {
          out.push(at);
          break;
        }
      }
    }
    return out;
  };
  const strong = nodes.map((node) => resolve(node.strong));
  const all = nodes.map((node, i) => [...strong[i], ...resolve(node.weak)]);
  const roots = nodes.flatMap((node, i) => (node.manual ? [i] : []));
  const needed = reach(roots, strong, nodes.length);
  const wanted = reach(roots, all, nodes.length);

  const pulledBy: string[][] = nodes.map(() => []);
  for (const root of roots) {
    const seen = reach([root], all, nodes.length);
    seen.forEach((hit, i) => {
      if (hit && i !== root && !nodes[i].manual && pulledBy[i].length < MAX_PULLED_BY) pulledBy[i].push(nodes[root].name);
    });
  }

  const buildTool = nodes.map((node) => node.buildToolByName);
  // a package that only build tools need is a build tool too (cpp, libisl, libmpc under gcc)
  const reverse: number[][] = nodes.map(() => []);
  all.forEach((targets, from) => targets.forEach((to) => to !== from && reverse[to].push(from)));
  for (let changed = true; changed; ) {
    changed = false;
    nodes.forEach((node, i) => {
      if (buildTool[i] || node.manual || reverse[i].length === 0) return;
      if (reverse[i].every((from) => buildTool[from])) {
        buildTool[i] = true;
        changed = true;
      }
    });
  }

  return nodes.map((node, i) => ({
    reason: node.manual ? "requested" : needed[i] ? "dependency" : wanted[i] ? "recommended" : "unneeded",
    buildTool: buildTool[i],
    pulledBy: node.manual ? [] : pulledBy[i],
  }));
}

function reach(roots: number[], edges: number[][], size: number): boolean[] {
  const seen = new Array<boolean>(size).fill(false);
  const stack = [...roots];
  for (const root of roots) seen[root] = true;
  while (stack.length > 0) {
    const at = stack.pop()!;
    for (const next of edges[at]) {
      if (!seen[next]) {
        seen[next] = true;
        stack.push(next);
      }
    }
  }
  return seen;
}

const BUILD_TOOL_NAMES =
  /^(?:gcc|g\+\+|cpp|gfortran|clang|llvm|lld|binutils|make|cmake|ninja-build|autoconf|automake|libtool|pkg-?conf|pkg-config|bison|flex|build-essential|build-base|dpkg-dev|libc-dev-bin|musl-dev|rustc|cargo|golang)(?:-[0-9][0-9.]*)?(?:-(?:x86-64|aarch64|common|linux|gnu|bin)[a-z0-9-]*)?$/;

/** Compilers, make, binutils, `*-dev` headers (gcc-12-base is a runtime package, not a build tool). */
export function isBuildToolName(name: string): boolean {
  return name.endsWith("-dev") || BUILD_TOOL_NAMES.test(name);
}
