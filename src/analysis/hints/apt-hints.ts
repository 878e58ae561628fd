import type { HintContext } from "./context.js";
import type { Hint } from "./types.js";

// at most 16 options between `apt-get` and `install`: an unbounded list made every `apt` word rescan the rest
const APT_INSTALL = /\bapt(?:-get)?\s+(?:-\S+\s+){0,16}install\b/;
const NO_RECOMMENDS = /--no-install-recommends|Install-Recommends(?:=|\s+)["']?(?:false|0)/i;

/** `apt-get install` without `--no-install-recommends`: the recommended packages come along. */
export function aptRecommendsHints(context: HintContext): Hint[] {
  const hints: Hint[] = [];
  for (let layer = 0; layer < context.layerCount; layer++) {
    const command = context.command(layer);
    if (!command.startsWith("RUN ") || !APT_INSTALL.test(command) || NO_RECOMMENDS.test(command)) continue;
    hints.push(
      context.hint({
        id: "apt-recommends",
        severity: "info",
        layer,
        bytes: 0,
        message: "apt-get install without --no-install-recommends also installs the recommended packages",
        fix: "use `apt-get install -y --no-install-recommends …` and list what you need",
      }),
    );
  }
  return hints;
}
