import { finalStage, parseDockerfile } from "../analysis/hints/dockerfile.js";
import { matchScore } from "../analysis/hints/layer-lines.js";
import type { Analysis } from "../analysis/types.js";

const WRITES = new Set(["RUN", "COPY", "ADD"]);

/**
 * Whether an image given with --image can have been built from this Dockerfile: some layer's command is one of the
 * stage's RUN, COPY or ADD instructions, text for text. Undecided (true) when the stage writes nothing, or has a
 * heredoc (whose history text builders write differently).
 */
export function imageMatchesDockerfile(analysis: Analysis, dockerfile: string, target: string | undefined): boolean {
  const instructions = finalStage(parseDockerfile(dockerfile), target).filter((ins) => WRITES.has(ins.keyword));
  if (instructions.length === 0 || instructions.some((ins) => /<<-?\s*["']?\w/.test(ins.args))) return true;
  return analysis.summary.layers.some((layer) => instructions.some((ins) => matchScore(layer.command, ins) === 3));
}
