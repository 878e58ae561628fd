import { finalStage, parseDockerfile } from "../analysis/hints/dockerfile.js";
import { matchScore } from "../analysis/hints/layer-lines.js";
import type { Analysis } from "../analysis/types.js";

const WRITES = new Set(["RUN", "COPY", "ADD"]);

/**
 * Whether an image given with --image can have been built from this Dockerfile: some layer's command is one of the
 * stage's RUN, COPY or ADD instructions, text for text. Undecided (true) when the stage writes nothing, has a
 * heredoc (whose history text builders write differently), or the image has no history.
 */
export function imageMatchesDockerfile(analysis: Analysis, dockerfile: string, target: string | undefined): boolean {
  const instructions = finalStage(parseDockerfile(dockerfile), target).filter((ins) => WRITES.has(ins.keyword));
  if (instructions.length === 0 || instructions.some((ins) => /<<-?\s*["']?\w/.test(ins.args))) return true;
  const own = analysis.summary.layers.filter((layer) => !layer.inherited);
  const commands = own.map((layer) => layer.command).filter((command) => command !== "");
  if (commands.length === 0) return true; // its own layers have no history (squashed, or a builder that writes none)
  return commands.some((command) => instructions.some((ins) => matchScore(command, ins) === 3));
}
