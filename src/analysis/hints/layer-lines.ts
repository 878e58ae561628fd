import type { DockerInstruction } from "./dockerfile.js";

/**
 * Maps each layer to the Dockerfile instruction that made it, by aligning the layers' commands (cleaned
 * `created_by`) with the instructions: an alignment in order that maximises the matches, where a RUN matches on
 * its shell text and a COPY/ADD on its keyword plus destination (or its whole text, for BuildKit histories).
 * Layers of the base image match nothing. Returns the matched instruction per layer, or undefined.
 */
export function mapLayersToInstructions(commands: string[], instructions: DockerInstruction[]): (DockerInstruction | undefined)[] {
  const n = commands.length;
  const m = instructions.length;
  // best[i][j]: best score aligning commands[i..] with instructions[j..]
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const score = matchScore(commands[i], instructions[j]);
      best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], score > 0 ? score + best[i + 1][j + 1] : 0);
    }
  }
  const result: (DockerInstruction | undefined)[] = new Array(n).fill(undefined);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const score = matchScore(commands[i], instructions[j]);
    if (score > 0 && best[i][j] === score + best[i + 1][j + 1]) {
      result[i++] = instructions[j++];
    } else if (best[i][j] === best[i + 1][j]) i++;
    else j++;
  }
  return result;
}

/** 0: cannot be this instruction; 1: same keyword; 3: same text or destination. */
export function matchScore(command: string, instruction: DockerInstruction): number {
  const keyword = /^(\S+)/.exec(command)?.[1]?.toUpperCase() ?? "";
  if (keyword !== instruction.keyword) return 0;
  const text = normalize(command.slice(keyword.length));
  const args = normalize(stripFlags(instruction.args));
  if (text === args || normalize(stripFlags(text)) === args) return 3;
  if (keyword === "COPY" || keyword === "ADD") {
    const destination = / in (\S+)\s*$/.exec(text)?.[1];
    const wanted = args.split(" ").at(-1);
    if (destination !== undefined && wanted !== undefined && trimSlash(destination) === trimSlash(wanted)) return 3;
  }
  return 1;
}

function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** `--mount=…`, `--chown=…`, `--from=…` and other flags before the instruction's own text */
function stripFlags(text: string): string {
  return text.replace(/^\s*(?:--\S+\s+)+/, "");
}

function trimSlash(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
  return path.length > 1 ? path.slice(0, end) : path;
}
