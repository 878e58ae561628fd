import type { FleetProgress } from "../fleet/run-fleet.js";
import type { LayerTableStats } from "../fleet/layer-table.js";
import { printable } from "../tar/path.js";
import type { CliIo } from "./io.js";

const BAR = 24;
const MIN_INTERVAL_MS = 100;

/**
 * The fleet's progress on stderr: on a terminal a bar redrawn in place; elsewhere (a CI log) nothing but one line
 * per image that could not be analysed. Failures are always reported, on their own line.
 */
export function fleetProgress(io: CliIo): { update(event: FleetProgress, stats: LayerTableStats): void; done(stats: LayerTableStats): void } {
  let last = 0;
  let shown = false;
  const clear = (): void => {
    if (shown) io.stderr("\r\u001b[K");
    shown = false;
  };
  return {
    update(event, stats) {
      if (event.outcome === "failed") {
        clear();
        io.stderr(`layerscope fleet: ${printable(event.reference)}: ${printable(event.error ?? "failed")}\n`);
      }
      if (!io.stderrIsTTY) return;
      const now = Date.now();
      if (now - last < MIN_INTERVAL_MS && event.done < event.total) return;
      last = now;
      const filled = Math.round((event.done / Math.max(1, event.total)) * BAR);
      const bar = `[${"#".repeat(filled)}${".".repeat(BAR - filled)}]`;
      const line = `${bar} ${event.done}/${event.total} images, ${event.failed} failed, ${stats.stored} layers read, ${stats.reused} reused`;
      io.stderr(`\r\u001b[K${line.slice(0, Math.max(20, (io.columns ?? 100) - 1))}`);
      shown = true;
    },
    done() {
      clear();
    },
  };
}
