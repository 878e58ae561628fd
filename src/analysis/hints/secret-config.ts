import type { HistoryEntry } from "../../sources/types.js";
import type { HintContext } from "./context.js";
import { looksLikeSecret } from "./credential-patterns.js";
import type { Hint } from "./types.js";

/**
 * Credentials in the image config: ENV values, build arguments that the history records (`|1 NAME=value
 * /bin/sh -c …`), and labels. The hint names the variable and where it is set, never the value.
 */
export function secretConfigHints(context: HintContext): Hint[] {
  const { config } = context.analysis;
  const history = config.history;
  const hints: Hint[] = [];
  for (const entry of config.env) {
    const eq = entry.indexOf("=");
    const name = eq < 0 ? entry : entry.slice(0, eq);
    if (!looksLikeSecret(name, eq < 0 ? "" : entry.slice(eq + 1))) continue;
    const at = history.findIndex((h) => setsEnv(h.createdBy, name));
    hints.push(
      secretHint(
        context,
        "secret-env",
        at,
        `ENV ${name} holds a credential: it is readable by anyone who pulls the image`,
        "pass it at run time (`docker run -e`, a secret store), or use `RUN --mount=type=secret` during the build",
        ["ENV", name],
      ),
    );
  }
  history.forEach((entry, at) => {
    for (const name of buildArgNames(entry)) {
      hints.push(
        secretHint(
          context,
          "secret-build-arg",
          at,
          `build argument ${name} is recorded with its value in the image history`,
          "use `RUN --mount=type=secret,id=…` instead of ARG for credentials",
          ["ARG", name],
        ),
      );
    }
  });
  for (const [name, value] of Object.entries(config.labels)) {
    if (!looksLikeSecret(name, value)) continue;
    const at = history.findIndex((h) => /\bLABEL\b/.test(h.createdBy) && h.createdBy.includes(name));
    hints.push(
      secretHint(
        context,
        "secret-label",
        at,
        `label ${name} holds a credential: labels are readable by anyone who pulls the image`,
        "remove the label; pass credentials at run time",
        ["LABEL", name],
      ),
    );
  }
  return hints;
}

function secretHint(context: HintContext, id: string, historyIndex: number, message: string, fix: string, where: [string, string]): Hint {
  const history = context.analysis.config.history;
  const layer = layerOfHistoryEntry(history, historyIndex, context.layerCount);
  const line = context.instructionLine(where[0], (args) => hasWord(args, where[1], isSpace, (c) => c === "=" || isSpace(c)));
  // the instruction is the ENV/ARG/LABEL by name, never with its value (the layer's own command is unrelated)
  const hint: Hint = { id, severity: "error", layer, bytes: 0, message, fix, instruction: `${where[0]} ${where[1]}` };
  // an ENV or LABEL entry writes no layer: name the entry, not the layer below it
  if (historyIndex >= 0 && history[historyIndex].emptyLayer) hint.history = historyIndex;
  if (line !== undefined) hint.line = line;
  else if (where[0] === "ARG") {
    const layerLine = context.lineOf(layer);
    if (layerLine !== undefined) hint.line = layerLine;
  }
  return hint;
}

/** The names of the credential-like build arguments a history entry records (`|2 A=x B=y /bin/sh -c …`). */
function buildArgNames(entry: HistoryEntry): string[] {
  const match = /^\|(\d+)\s+(.*)$/s.exec(entry.createdBy.trim());
  if (!match) return [];
  const names: string[] = [];
  let rest = match[2];
  for (let i = 0; i < Number(match[1]); i++) {
    const pair = /^([^\s=]+)=(\S*)\s+/.exec(rest);
    if (!pair) break;
    if (looksLikeSecret(pair[1], pair[2])) names.push(pair[1]);
    rest = rest.slice(pair[0].length);
  }
  return names;
}

/**
 * The layer a history entry belongs to: its own when it wrote one; for an entry that wrote none (ENV, LABEL, ARG),
 * the first layer written after it, where its setting first applies, and the last layer when none is. Not the layer
 * below it: that may be the base image's, and `--ignore-base` would then drop a secret the image's own Dockerfile
 * set.
 */
function layerOfHistoryEntry(history: HistoryEntry[], index: number, layerCount: number): number {
  if (index < 0) return Math.max(0, layerCount - 1);
  const nonEmpty = history.filter((entry) => !entry.emptyLayer).length;
  const offset = nonEmpty - layerCount;
  // a layer-writing entry is the layer after those before it too
  const before = history.slice(0, index).filter((entry) => !entry.emptyLayer).length;
  return Math.min(layerCount - 1, Math.max(0, before - offset));
}

const isSpace = (c: string) => c === "" || /\s/.test(c);
const isWordChar = (c: string) => /\w/.test(c);

/**
 * Whether `command` has `ENV` as a word and later on its line `name`, at a word boundary and followed by `=` or a
 * space. Done by hand: the name comes from the image (it may be 1 MB) and `\bENV\b.*` rescanned every line.
 */
function setsEnv(command: string, name: string): boolean {
  if (name === "") return false;
  const boundary = (c: string) => isWordChar(c) !== isWordChar(name[0]);
  for (const line of command.split("\n")) {
    const env = /\bENV\b/.exec(line);
    if (env && hasWord(line.slice(env.index + 3), name, boundary, (c) => c === "=" || c === " ")) return true;
  }
  return false;
}

/** Whether `word` occurs in `text` with `before(char before it)` and `after(char after it)` ("" at either end). */
function hasWord(text: string, word: string, before: (c: string) => boolean, after: (c: string) => boolean): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (before(text[at - 1] ?? "") && after(text[at + word.length] ?? "")) return true;
  }
  return false;
}
