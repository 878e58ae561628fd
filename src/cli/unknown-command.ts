import { existsSync } from "node:fs";
import { UsageError } from "./errors.js";

/** The prefixes that make a word an image reference, whatever else it looks like. */
const IMAGE_PREFIXES = ["docker-archive:", "oci-archive:", "oci:", "dir:", "containers-storage:", "containerd://", "docker://"];

/**
 * The words the main command got where a subcommand could have been (`layerscope WORD …`): a first word that is not
 * an image (no existing path, no prefix, no registry-like `/ : @`) is an unknown command when more words follow it,
 * or when it is a near miss of a command's name (`pakages`, `lss`) and no `--source` says it is an image; the
 * message offers the nearest command.
 */
export function checkCommandWord(words: readonly string[], commands: readonly string[], sourceForced = false): void {
  const [word] = words;
  if (word === undefined || looksLikeImage(word) || (sourceForced && words.length === 1)) {
    if (words.length > 1) throw new UsageError(`too many arguments: one image is read at a time (got ${words.length}: ${words.join(" ")})`);
    return;
  }
  const nearest = nearestCommand(word, commands);
  if (words.length === 1 && nearest === undefined) return;
  const offer = nearest !== undefined ? `did you mean ${nearest}?` : `commands: ${commands.join(", ")}`;
  const asImage = words.length === 1 ? `; an image of that name: docker://${word}, or --source` : "";
  throw new UsageError(`unknown command "${word}" (${offer})${asImage}`);
}

/**
 * `layerscope help WORD` where WORD names no command: one line offering the nearest command (commander would print
 * the whole help to stderr and end with "(outputHelp)").
 */
export function checkHelpTopic(args: readonly string[], commands: readonly string[]): void {
  const [first, topic] = args;
  if (first !== "help" || topic === undefined || topic === "help" || commands.includes(topic)) return;
  const nearest = nearestCommand(topic, commands);
  throw new UsageError(`no command "${topic}" to help with (${nearest !== undefined ? `did you mean ${nearest}?` : `commands: ${commands.join(", ")}`})`);
}

function looksLikeImage(word: string): boolean {
  return IMAGE_PREFIXES.some((prefix) => word.startsWith(prefix)) || /[/:@.]/.test(word) || existsSync(word);
}

/** The nearest command within two edits (a swap of neighbours counts as one), at most half its length, if any. */
export function nearestCommand(word: string, commands: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of commands) {
    const distance = editDistance(word.toLowerCase(), name);
    if (distance <= Math.min(2, Math.max(1, Math.floor(name.length / 2))) && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Damerau-Levenshtein distance (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
