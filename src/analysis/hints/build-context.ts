import prettyBytes from "pretty-bytes";
import type { HintContext } from "./context.js";
import type { ByteClaim } from "./removable.js";
import type { Hint } from "./types.js";
import { ITEMS_PER_STEP, type Steps } from "../../steps/steps.js";
import { relativePathOf } from "../../tree/path-changes.js";

/** `node_modules/` as a directory of a relative path (its first segment or any later one) */
const IN_NODE_MODULES = /(?:^|\/)node_modules\//;

/** `node_modules` of the build context copied in by COPY/ADD (not `COPY --from` another stage); in steps, as it looks at every change of those layers. */
export function* copiedNodeModulesHints(context: HintContext): Steps<Hint[]> {
  const hints: Hint[] = [];
  for (let layer = 0; layer < context.layerCount; layer++) {
    const command = context.command(layer);
    if (!/^(?:COPY|ADD)\s/.test(command) || /--from[= ]/.test(command) || /^(?:COPY|ADD) --from/.test(context.instructionText(layer) ?? "")) continue;
    let bytes = 0;
    let count = 0;
    const claims: ByteClaim[] = [];
    const changes = context.analysis.tree.changesOf(layer);
    for (let i = 0; i < changes.length; i++) {
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      const change = changes[i];
      // the relative path, which a change holds, where "/" + it would be made for every change
      if (change.kind === "removed" || !IN_NODE_MODULES.test(relativePathOf(change))) continue;
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
