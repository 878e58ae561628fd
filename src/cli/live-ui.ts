import { layerCommands } from "../analysis/history.js";
import { LayerError } from "../analysis/layer-error.js";
import type { AnalyzeProgress } from "../analysis/types.js";
import type { LayerscopeConfig } from "../config/types.js";
import type { ImageSource } from "../sources/types.js";
import type { ImageHead } from "../tui/state/live.js";
import { errorLine } from "./errors.js";
import type { CliIo } from "./io.js";
import { analyzeSource, withSource, type LoadOptions, type SourceFlags } from "./load-analysis.js";
import type { ModelRequest } from "./report-model.js";
import { hintsFor } from "./review-inputs.js";

type TuiModule = typeof import("../tui/run.js");

export interface LiveUiRequest {
  config: LayerscopeConfig;
  dockerfile?: string;
  target?: string;
  /** The reference and name `layerscope build` shows for the image it built */
  built?: { reference: string; name?: string };
  /** `--baseline`: the pull the image costs next to the baseline (the image pane shows it) */
  baseline?: ModelRequest["baseline"];
}

const PROGRESS_INTERVAL_MS = 100;

/**
 * The interactive UI, drawn as soon as the image is opened: the layers from its manifest and config at once, each
 * layer's tree once it and the layers below it are read, every figure when the analysis ends. Quitting before that
 * ends the process at once; a failed analysis is shown in the UI, then reported as the command's error.
 */
export async function runLiveUi(tui: Promise<TuiModule>, reference: string, flags: SourceFlags, io: CliIo, load: LoadOptions, request: LiveUiRequest): Promise<number> {
  return withSource(reference, flags, io, async (source) => {
    const { startLiveTui } = await tui;
    const ui = await startLiveTui(imageHead(source, request.built), { keys: request.config.keys });
    let shown = 0;
    const onProgress = (progress: AnalyzeProgress): void => {
      const now = Date.now();
      if (now - shown < PROGRESS_INTERVAL_MS && progress.layer < progress.layerCount) return;
      shown = now;
      ui.update({ progress });
    };
    const analysing = (async () => {
      const analysis = await analyzeSource(source, flags, io, { ...load, showProgress: false, onProgress, onLayersRead: (read) => ui.update({ read }) });
      if (request.built) analysis.summary.image = { ...analysis.summary.image, ...request.built };
      const hints = hintsFor(analysis, request.dockerfile, request.target, request.config);
      const compared = await request.baseline?.(analysis, hints);
      if (compared?.pull) analysis.summary.image.pull = compared.pull;
      ui.update({ done: { analysis, hints } });
    })();
    const outcome = await Promise.race([
      analysing.then(
        () => ({ kind: "done" as const }),
        (error: unknown) => ({ kind: "failed" as const, error }),
      ),
      ui.closed.then(() => ({ kind: "quit" as const })),
    ]);
    if (outcome.kind === "quit") {
      // the reading cannot be stopped midway: the process ends without it
      io.exitNow?.(0);
      await analysing.catch(() => undefined);
      return 0;
    }
    if (outcome.kind === "failed") {
      const layer = outcome.error instanceof LayerError ? outcome.error.layer : undefined;
      ui.update({ error: { message: errorLine(outcome.error).replace(/^layerscope: /, ""), ...(layer !== undefined ? { layer } : {}) } });
      await ui.closed;
      throw outcome.error;
    }
    await ui.closed;
    return 0;
  });
}

/** What the manifest and config tell before any layer is read. */
function imageHead(source: ImageSource, built: LiveUiRequest["built"]): ImageHead {
  const commands = layerCommands(source.config.history, source.layers.length);
  return {
    reference: built?.reference ?? source.reference,
    name: built ? built.name : source.name,
    layers: source.layers.map((layer, i) => ({
      index: i,
      digest: layer.digest,
      command: commands[i],
      ...(layer.blobSize !== undefined ? { blobSize: layer.blobSize } : {}),
      ...(layer.mediaType ? { mediaType: layer.mediaType } : {}),
    })),
  };
}
