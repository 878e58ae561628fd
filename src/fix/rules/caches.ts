import type { Hint } from "../../analysis/hints/types.js";
import { eachRun, RuleResults, type FixRule, type RuleContext } from "../rule-context.js";
import { appendCommands, insertAfter, isSubcommand, literalArgs, removeUnits, type RunView } from "../run-view.js";
import type { ShellCommand, ShellWord } from "../shell.js";
import type { TextEdit } from "../types.js";

interface CacheFix {
  rule: string;
  accounts: string[];
  /** The edits for one RUN, with what they do; undefined when the RUN has no command to change */
  edit(context: RuleContext, view: RunView): { edits: TextEdit[]; description: string } | undefined;
}

const PIP = /^(?:pip|pip3(?:\.\d+)?)$/;
const PYTHON = /^python(?:3(?:\.\d+)?)?$/;

/** `pip install` (or `python -m pip install`) without --no-cache-dir: the install word. */
function pipInstallWord(command: ShellCommand): ShellWord | undefined {
  const words = command.words;
  if (literalArgs(command).includes("--no-cache-dir")) return undefined;
  if (command.name && PIP.test(command.name)) return isSubcommand(command, PIP, ["install"]);
  if (command.name && PYTHON.test(command.name)) {
    const m = words.findIndex((word) => word.value === "-m");
    if (m > 0 && words[m + 1]?.value === "pip" && words[m + 2]?.value === "install") return words[m + 2];
  }
  return undefined;
}

const FIXES: Record<string, CacheFix> = {
  "pip-cache": {
    rule: "pip-no-cache",
    // the .cache folder pip made goes with its cache when nothing else is in it
    accounts: ["/**/.cache", "/**/.cache/pip", "/**/.cache/pip/**"],
    edit(_context, view) {
      const words = view.commands.flatMap((command) => pipInstallWord(command) ?? []);
      if (words.length === 0) return undefined;
      return { edits: words.map((word) => insertAfter(word, "--no-cache-dir")), description: "pip install --no-cache-dir" };
    },
  },
  "npm-cache": {
    rule: "npm-cache-clean",
    accounts: ["/**/.npm", "/**/.npm/**"],
    edit(context, view) {
      if (!view.units.some((unit) => isSubcommand(unit.command, /^npm$/, ["install", "i", "ci", "add", "update"]))) return undefined;
      if (view.commands.some((c) => isSubcommand(c, /^npm$/, ["cache"]))) return undefined;
      return { edits: [appendCommands(context.model, view, ["npm cache clean --force"])], description: "npm cache clean --force at the end of the RUN" };
    },
  },
  "yarn-cache": {
    rule: "yarn-cache-clean",
    accounts: ["/**/.cache", "/**/.cache/yarn", "/**/.cache/yarn/**", "/**/.yarn-cache/**", "/**/.yarn/cache/**"],
    edit(context, view) {
      const installs = view.units.some(
        (unit) => unit.command?.name === "yarn" && (unit.command.words.length === 1 || isSubcommand(unit.command, /^yarn$/, ["install", "add"])),
      );
      if (!installs || view.commands.some((c) => isSubcommand(c, /^yarn$/, ["cache"]))) return undefined;
      return { edits: [appendCommands(context.model, view, ["yarn cache clean"])], description: "yarn cache clean at the end of the RUN" };
    },
  },
  "apk-cache": {
    rule: "apk-no-cache",
    accounts: ["/var/cache/apk", "/var/cache/apk/**"],
    edit(context, view) {
      const adds = view.commands.flatMap((c) => (literalArgs(c).includes("--no-cache") ? [] : (isSubcommand(c, /^apk$/, ["add"]) ?? [])));
      if (adds.length === 0) return undefined;
      const updates = new Set(view.units.flatMap((unit, i) => (isSubcommand(unit.command, /^apk$/, ["update"]) ? [i] : [])));
      const edits = adds.map((word) => insertAfter(word, "--no-cache"));
      if (updates.size > 0 && updates.size < view.units.length) edits.push(...removeUnits(context.model, view, updates));
      return { edits, description: `apk add --no-cache${updates.size > 0 ? ", apk update dropped (--no-cache fetches the index)" : ""}` };
    },
  },
};

/** Package managers' caches kept out of the layer: pip --no-cache-dir, npm/yarn cache clean, apk add --no-cache. */
export const cacheRule: FixRule = {
  ids: Object.keys(FIXES),
  modes: ["safe", "all"],
  apply(context, hints) {
    const results = new RuleResults();
    const byKind = new Map<string, Hint[]>();
    for (const hint of hints) byKind.set(hint.id, [...(byKind.get(hint.id) ?? []), hint]);
    for (const [id, list] of byKind) {
      const kind = FIXES[id];
      eachRun(context, list, results, (ins, view, group) => {
        const change = kind.edit(context, view);
        if (!change) return results.skip(group, `no command of the RUN at line ${ins.line} to change for ${group[0].id} (already done, or run by a script)`);
        results.add({ rule: kind.rule, line: ins.line, description: change.description, edits: change.edits, accounts: kind.accounts }, group);
      });
    }
    return results;
  },
};
