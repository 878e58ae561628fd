import prettyBytes from "pretty-bytes";
import type { WasteItem } from "../types.js";
import { files, groupByLayer, singlePath, type HintContext } from "./context.js";
import type { Hint, HintSeverity } from "./types.js";

interface JunkHintKind {
  id: string;
  severity: HintSeverity;
  what: string;
  fix: string;
}

/** Junk rule id (src/analysis/junk.ts) → the hint for the layer that left those files. */
const JUNK_HINTS: Record<string, JunkHintKind> = {
  "apt-lists": {
    id: "apt-lists",
    severity: "warning",
    what: "apt package lists left by this layer",
    fix: "end the same RUN with `rm -rf /var/lib/apt/lists/*`",
  },
  "apt-cache": {
    id: "apt-cache",
    severity: "warning",
    what: "apt caches (downloaded .debs, pkgcache.bin) left by this layer",
    fix: "run `apt-get clean` at the end of the same RUN",
  },
  "apk-cache": {
    id: "apk-cache",
    severity: "warning",
    what: "apk cache left by this layer",
    fix: "use `apk add --no-cache` (and no separate `apk update`)",
  },
  "pip-cache": {
    id: "pip-cache",
    severity: "warning",
    what: "pip cache left by this layer",
    fix: "use `pip install --no-cache-dir` (or set PIP_NO_CACHE_DIR=1)",
  },
  "npm-cache": {
    id: "npm-cache",
    severity: "warning",
    what: "npm cache left by this layer",
    fix: "run `npm cache clean --force` in the same RUN, or use `RUN --mount=type=cache,target=/root/.npm`",
  },
  "yarn-cache": {
    id: "yarn-cache",
    severity: "warning",
    what: "yarn cache left by this layer",
    fix: "run `yarn cache clean` in the same RUN, or use `RUN --mount=type=cache` for the cache folder",
  },
  "yum-cache": {
    id: "yum-cache",
    severity: "warning",
    what: "yum/dnf cache left by this layer",
    fix: "end the same RUN with `yum clean all` (or `dnf clean all`) and `rm -rf /var/cache/yum /var/cache/dnf`",
  },
  "git-dir": {
    id: "git-dir",
    severity: "warning",
    what: "a .git directory copied into the image",
    fix: "add `.git` to .dockerignore (or COPY only the folders the image needs)",
  },
  "os-leftovers": {
    id: "editor-leftovers",
    severity: "info",
    what: "editor or OS leftovers (.DS_Store, *.swp, *~)",
    fix: "add them to .dockerignore (`**/.DS_Store`, `**/*.swp`, `**/*~`)",
  },
  tmp: {
    id: "tmp-files",
    severity: "info",
    what: "files left in /tmp by this layer",
    fix: "remove them in the same RUN that creates them",
  },
  "var-tmp": {
    id: "tmp-files",
    severity: "info",
    what: "files left in /var/tmp by this layer",
    fix: "remove them in the same RUN that creates them",
  },
};

/** One hint per (layer, junk rule): the bytes the layer leaves in the final image for nothing. */
export function junkHints(context: HintContext): Hint[] {
  const byRule = new Map<string, WasteItem[]>();
  for (const item of context.analysis.summary.waste) {
    if (item.kind !== "junk" || item.rule === undefined || context.ownedByPackage(item.path)) continue;
    const list = byRule.get(item.rule);
    if (list) list.push(item);
    else byRule.set(item.rule, [item]);
  }
  const hints: Hint[] = [];
  for (const [rule, items] of byRule) {
    const kind: JunkHintKind = JUNK_HINTS[rule] ?? {
      id: "junk",
      severity: "info",
      what: `files matching junk rule "${rule}"`,
      fix: "remove them in the RUN that creates them, or keep them out of the build context",
    };
    for (const group of groupByLayer(items)) {
      hints.push(
        context.hint(
          {
            id: kind.id,
            severity: kind.severity,
            layer: group.layer,
            path: singlePath(group.items),
            bytes: group.bytes,
            message: `${kind.what}: ${prettyBytes(group.bytes)} in ${files(group.items.length)}${pathHint(group.items)}`,
            fix: kind.fix,
          },
          group.items.map((item) => context.wasteClaim(item)),
        ),
      );
    }
  }
  return hints;
}

/** ` under /var/lib/apt/lists` : the deepest folder all the paths share */
export function pathHint(items: { path: string }[]): string {
  if (items.length === 1) return ` (${items[0].path})`;
  // the longest common prefix of the folders (each with its trailing `/`), cut back to a whole folder
  const first = items[0].path;
  let common = first.slice(0, first.lastIndexOf("/") + 1);
  for (const item of items) {
    const dirEnd = item.path.lastIndexOf("/") + 1;
    let k = 0;
    const limit = Math.min(common.length, dirEnd);
    while (k < limit && item.path.charCodeAt(k) === common.charCodeAt(k)) k++;
    if (k < common.length) common = common.slice(0, common.lastIndexOf("/", k - 1) + 1);
  }
  return common.length <= 1 ? "" : ` under ${common.slice(0, -1)}`;
}
