import prettyBytes from "pretty-bytes";
import type { HintContext } from "./context.js";
import type { ByteClaim } from "./removable.js";
import type { Hint } from "./types.js";

/** `node_modules` of the build context copied in by COPY/ADD (not `COPY --from` another stage). */
export function copiedNodeModulesHints(context: HintContext): Hint[] {
  const hints: Hint[] = [];
  for (let layer = 0; layer < context.layerCount; layer++) {
    const command = context.command(layer);
    if (!/^(?:COPY|ADD)\s/.test(command) || /--from[= ]/.test(command) || /^(?:COPY|ADD) --from/.test(context.instructionText(layer) ?? "")) continue;
    let bytes = 0;
    let count = 0;
    const claims: ByteClaim[] = [];
    for (const change of context.analysis.tree.changesOf(layer)) {
      if (change.kind === "removed" || !/\/node_modules\//.test(change.path)) continue;
      count++;
      if (change.type !== "file") continue;
      bytes += change.size;
      claims.push(context.copyClaim(layer, change.path, change.size));
    }
    if (count === 0) continue;
    hints.push(
      context.hint(
        {
          id: "node-modules-copied",
          severity: "info",
          layer,
          bytes,
          message: `node_modules of the build context copied in: ${prettyBytes(bytes)} in ${count} entries`,
          fix: "add `node_modules` to .dockerignore and install dependencies in the image (`RUN npm ci`), or COPY them --from a build stage",
        },
        claims,
      ),
    );
  }
  return hints;
}
