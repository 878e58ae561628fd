import prettyBytes from "pretty-bytes";
import type { AnalyzeProgress } from "../analysis/types.js";

export interface ProgressLine {
  update(progress: AnalyzeProgress): void;
  clear(): void;
}

const MIN_INTERVAL_MS = 100;

/** `layer i/n, <bytes>` on stderr, overwritten in place; a no-op when `write` is undefined. */
export function progressLine(write: ((text: string) => void) | undefined): ProgressLine {
  let shown = false;
  let last = 0;
  let lastLayer = -1;
  return {
    update(progress) {
      if (!write) return;
      const now = Date.now();
      // Redraw at most ten times a second, but always when a new layer starts.
      if (progress.layer === lastLayer && now - last < MIN_INTERVAL_MS) return;
      last = now;
      lastLayer = progress.layer;
      write(`\r\u001b[K${formatProgress(progress)}`);
      shown = true;
    },
    clear() {
      if (write && shown) write("\r\u001b[K");
      shown = false;
    },
  };
}

export function formatProgress(progress: AnalyzeProgress): string {
  // `layer` counts the layers read so far (analyzeImage reads two at a time, finishing in any order).
  const layer = Math.min(progress.layer, progress.layerCount);
  const phase = progress.phase === "scan" ? "" : ` (${progress.phase})`;
  return `layer ${layer}/${progress.layerCount}, ${prettyBytes(progress.bytes)}${phase}`;
}
