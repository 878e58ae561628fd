import type { Hint } from "../../analysis/hints/types.js";
import type { ModelInstruction } from "../dockerfile-model.js";
import { byInstruction, RuleResults, type FixRule, type RuleContext } from "../rule-context.js";
import { isSubcommand } from "../run-view.js";

/** Editor and OS leftovers by file name → the .dockerignore pattern that keeps them out. */
const LEFTOVER_PATTERNS: Array<[RegExp, string]> = [
  [/^\.DS_Store$/, "**/.DS_Store"],
  [/^Thumbs\.db$/, "**/Thumbs.db"],
  [/^desktop\.ini$/, "**/desktop.ini"],
  [/\.swp$/, "**/*.swp"],
  [/\.swo$/, "**/*.swo"],
  [/~$/, "**/*~"],
];

/**
 * Context junk the image holds (.git, node_modules, editor leftovers), kept out of the build context by
 * .dockerignore entries. The COPY/ADD that brought it must copy one folder of the context (`COPY . /app`), so
 * that an image path maps to one context path. node_modules goes only when a later RUN installs the packages
 * again (npm ci/install, yarn): otherwise the image may need the copied ones (with --apply all it goes, flagged).
 */
export const dockerignoreRule: FixRule = {
  ids: ["git-dir", "node-modules-copied", "editor-leftovers"],
  modes: ["safe", "all"],
  apply(context, hints) {
    const results = new RuleResults();
    for (const [ins, group] of byInstruction(context, hints, results)) {
      const copy = copiedFolder(context, ins);
      if (typeof copy === "string") {
        results.skip(group, copy);
        continue;
      }
      for (const hint of group) {
        const found = junkOf(context, hint, copy);
        if (typeof found === "string") {
          results.skip(hint, found);
          continue;
        }
        const git = hint.id === "git-dir" ? gitRunAfter(context, ins) : undefined;
        if (git) {
          results.skip(hint, `the RUN at line ${git.line} runs git, which may read the copied .git: left as it is`);
          continue;
        }
        let review: string | undefined;
        if (hint.id === "node-modules-copied" && !reinstalls(context, ins)) {
          if (context.mode === "safe") {
            results.skip(
              hint,
              "no later RUN installs the packages again (npm ci, npm install, yarn): the image may need the copied node_modules (use --apply all)",
            );
            continue;
          }
          review = "no RUN installs the packages again: check that the image does not need the copied node_modules";
        }
        results.add(
          {
            rule: "dockerignore",
            line: ins.line,
            description: `.dockerignore: ${found.entries.join(", ")}`,
            edits: [],
            ignore: found.entries,
            accounts: found.accounts,
            ...(review ? { review } : {}),
          },
          [hint],
        );
      }
    }
    return results;
  },
};

interface CopiedFolder {
  /** The context folder copied, relative ("" for the context itself) */
  source: string;
  /** Where its contents land in the image */
  dest: string;
}

function copiedFolder(context: RuleContext, ins: ModelInstruction): CopiedFolder | string {
  if (ins.keyword !== "COPY" && ins.keyword !== "ADD") return `line ${ins.line} is ${ins.keyword}, not a COPY from the context`;
  if (ins.flags.some((flag) => flag.name === "from")) return `the COPY at line ${ins.line} copies from another stage or image`;
  const words = context
    .body(ins)
    .replace(/\\\r?\n/g, " ")
    .trim()
    .split(/\s+/);
  if (ins.execForm || words.length !== 2 || words.some((word) => word.includes("$") || /[*?[]/.test(word))) {
    return `the COPY at line ${ins.line} does not copy one folder of the context`;
  }
  const workdir = context.workdirAt(ins);
  if (workdir === undefined) return `a WORKDIR before line ${ins.line} holds a variable`;
  const [source, dest] = words;
  const absolute = dest.startsWith("/") ? dest : `${workdir}/${dest}`;
  const clean = (path: string) =>
    path
      .split("/")
      .filter((part) => part !== "" && part !== ".")
      .join("/");
  return { source: clean(source), dest: `/${clean(absolute)}` };
}

function junkOf(context: RuleContext, hint: Hint, copy: CopiedFolder): { entries: string[]; accounts: string[] } | string {
  const prefix = copy.dest === "/" ? "/" : `${copy.dest}/`;
  const toContext = (path: string) => [copy.source, path.slice(prefix.length)].filter(Boolean).join("/");
  const entries = new Set<string>();
  const accounts = new Set<string>();
  const roots = (paths: string[], segment: string) => {
    for (const path of paths) {
      const at = path.indexOf(`/${segment}/`);
      const root = at < 0 ? (path.endsWith(`/${segment}`) ? path : undefined) : path.slice(0, at + segment.length + 1);
      if (root === undefined || !root.startsWith(prefix)) continue;
      entries.add(toContext(root));
      accounts.add(root).add(`${root}/**`);
    }
  };
  if (hint.id === "git-dir") {
    roots(junkPaths(context, hint, "git-dir"), ".git");
  } else if (hint.id === "node-modules-copied") {
    roots(
      context.analysis.tree
        .changesOf(hint.layer)
        .filter((change) => change.kind !== "removed")
        .map((change) => change.path),
      "node_modules",
    );
  } else {
    for (const path of junkPaths(context, hint, "os-leftovers")) {
      const name = path.slice(path.lastIndexOf("/") + 1);
      const pattern = LEFTOVER_PATTERNS.find(([test]) => test.test(name))?.[1];
      if (pattern === undefined || !path.startsWith(prefix)) continue;
      entries.add([copy.source, pattern].filter(Boolean).join("/"));
      accounts.add(`${prefix}${pattern}`);
    }
  }
  if (entries.size === 0) return `no path of the hint lies under ${copy.dest}, where the COPY at line ${hint.line ?? "?"} puts the context`;
  return { entries: [...entries], accounts: [...accounts] };
}

function junkPaths(context: RuleContext, hint: Hint, rule: string): string[] {
  return context.analysis.summary.waste.filter((item) => item.kind === "junk" && item.rule === rule && item.addedBy === hint.layer).map((item) => item.path);
}

function reinstalls(context: RuleContext, ins: ModelInstruction): boolean {
  return context.model.instructions.some((other) => {
    if (other.stage !== ins.stage || other.line <= ins.line || other.keyword !== "RUN") return false;
    const view = context.run(other);
    return (
      !("error" in view) &&
      view.commands.some(
        (c) =>
          isSubcommand(c, /^npm$/, ["ci", "install", "i"]) ||
          (c.name === "yarn" && (c.words.length === 1 || isSubcommand(c, /^yarn$/, ["install"]) !== undefined)),
      )
    );
  });
}

/** A later RUN of the stage, or of a stage built on it, that runs git (`git describe` for a version): it needs .git. */
function gitRunAfter(context: RuleContext, ins: ModelInstruction): ModelInstruction | undefined {
  const stages = context.stagesFrom(ins.stage);
  return context.model.instructions.find((other) => {
    if (!stages.has(other.stage) || other.start <= ins.start || other.keyword !== "RUN") return false;
    const view = context.run(other);
    return "error" in view ? /\bgit\b/.test(context.body(other)) : view.commands.some((c) => c.name === "git");
  });
}
