import prettyBytes from "pretty-bytes";
import type { WasteItem } from "../types.js";
import { files, singlePath, type HintContext } from "./context.js";
import { pathHint } from "./junk-hints.js";
import type { Hint } from "./types.js";

const METADATA_COMMAND = /\b(?:chmod|chown|chgrp|touch|setfacl|setcap)\b/;

/**
 * A chmod/chown/touch of files from a lower layer re-emits them whole: the layer's modified files have the size
 * they had below, and the lower copies become shadowed waste. Fires for a layer whose command changes metadata,
 * or whose file changes are all such same-size re-emits.
 */
export function metadataReemitHints(context: HintContext): Hint[] {
  const shadowedBy = new Map<number, Map<string, WasteItem>>();
  for (const item of context.analysis.summary.waste) {
    if (item.kind !== "shadowed" || item.removedBy === undefined) continue;
    let byPath = shadowedBy.get(item.removedBy);
    if (!byPath) shadowedBy.set(item.removedBy, (byPath = new Map()));
    byPath.set(item.path, item);
  }
  const hints: Hint[] = [];
  for (const [layer, byPath] of shadowedBy) {
    const fileChanges = context.analysis.tree.changesOf(layer).filter((change) => change.type === "file");
    const reemitted = fileChanges.filter((change) => change.kind === "modified" && byPath.get(change.path)?.bytes === change.size);
    if (reemitted.length === 0) continue;
    const command = context.command(layer);
    const metadataOnly = reemitted.length === fileChanges.length;
    if (!METADATA_COMMAND.test(command) && !(metadataOnly && command.startsWith("RUN "))) continue;
    const bytes = reemitted.reduce((sum, change) => sum + change.size, 0);
    hints.push(
      context.hint(
        {
          id: "metadata-reemit",
          severity: "warning",
          layer,
          path: singlePath(reemitted),
          bytes,
          message: `${files(reemitted.length)}${pathHint(reemitted)} re-emitted whole by a permission/owner/time change: ${prettyBytes(bytes)} ship twice`,
          fix: "set mode and owner where the files are written: `COPY --chmod=… --chown=…`, or chmod/chown in the RUN that creates them",
        },
        reemitted.map((change) => context.wasteClaim(byPath.get(change.path)!)),
      ),
    );
  }
  return hints.sort((a, b) => a.layer - b.layer);
}
