import prettyBytes from "pretty-bytes";
import type { HintContext } from "./context.js";
import type { Hint } from "./types.js";

// at most 16 options between `apt-get` and `install`: an unbounded list made every `apt` word rescan the rest
const APT_INSTALL = /\bapt(?:-get)?\s+(?:-\S+\s+){0,16}install\b/;
const NO_RECOMMENDS = /--no-install-recommends|Install-Recommends(?:=|\s+)["']?(?:false|0)/i;

const MAX_NAMED = 5;

/**
 * `apt-get install` without `--no-install-recommends`: the recommended packages come along. With the dpkg
 * database read, the hint names the packages this layer installed that only a Recommends edge keeps (and their
 * bytes), and says nothing when there are none.
 */
export function aptRecommendsHints(context: HintContext): Hint[] {
  const hints: Hint[] = [];
  const report = context.analysis.summary.packages;
  const known = report?.ecosystems.includes("deb") === true;
  for (let layer = 0; layer < context.layerCount; layer++) {
    const command = context.command(layer);
    if (!command.startsWith("RUN ") || !APT_INSTALL.test(command) || NO_RECOMMENDS.test(command)) continue;
    const recommended = known ? report!.packages.filter((p) => p.ecosystem === "deb" && p.reason === "recommended" && p.layer === layer) : [];
    if (known && recommended.length === 0) continue;
    const bytes = recommended.reduce((sum, p) => sum + p.bytes, 0);
    const names = recommended
      .slice(0, MAX_NAMED)
      .map((p) => `${p.name} (${prettyBytes(p.bytes)})`)
      .join(", ");
    const more = recommended.length > MAX_NAMED ? ` and ${recommended.length - MAX_NAMED} more` : "";
    hints.push(
      context.hint(
        {
          id: "apt-recommends",
          severity: "info",
          layer,
          bytes,
          message: known
            ? `apt-get install without --no-install-recommends: ${recommended.length} package${recommended.length === 1 ? "" : "s"} only recommended, ${prettyBytes(bytes)}: ${names}${more}`
            : "apt-get install without --no-install-recommends also installs the recommended packages",
          fix: "use `apt-get install -y --no-install-recommends …` and list what you need",
        },
        recommended.map((p) => context.packageClaim(p)),
      ),
    );
  }
  return hints;
}
