import { layerCommands } from "../analysis/history.js";
import { LayerError } from "../analysis/layer-error.js";
import type { AnalyzeProgress } from "../analysis/types.js";
import type { ImageSource } from "../sources/types.js";
import type { ImageHead } from "../tui/state/live.js";
import { errorLine } from "./errors.js";
import type { CliIo } from "./io.js";
import { analyzeSource, withSource, type LoadOptions, type SourceFlags } from "./load-analysis.js";
import type { ModelRequest } from "./report-model.js";
import { hintStepsFor } from "./review.js";
import { ANSWER_EVERY_MS, nextTurn, runStepsPausing } from "../steps/steps.js";
import { annotatePackageLines } from "../analysis/hints/package-lines.js";
import { applyBases, hintsOfOwnLayers, keepSourceFacts, readBases, type SourceFacts } from "./base-option.js";

type TuiModule = typeof import("../tui/run.js");
type TuiOptions = import("../tui/run.js").TuiOptions;

export interface LiveUiRequest extends Pick<ModelRequest, "settings" | "dockerfile" | "target" | "built" | "base" | "ignoreBase" | "baseline"> {
  /** The Dockerfile's text and path: the hints overlay then shows the patch `fix` makes for each hint */
  dockerfileFor?: { text: string; path: string };
  /** File contents for the viewer and extract, and where extract writes */
  look: Pick<TuiOptions, "openSource" | "cwd">;
}

/** Each frame the UI draws costs the analysis its time (tens of ms): the progress is redrawn twice a second */
const PROGRESS_INTERVAL_MS = 500;

/**
 * Whether a progress report gets a frame: each layer done does (a layer of a few large files reports nothing else
 * for seconds, and the pane would say fewer layers read than the trees shown), the entries counted meanwhile at
 * most once every `intervalMs`.
 */
export function progressGate(intervalMs: number, now: () => number = Date.now): (progress: AnalyzeProgress) => boolean {
  let shownAt = Number.NEGATIVE_INFINITY;
  let shownStep = "";
  return (progress) => {
    const step = `${progress.phase} ${progress.layer}`;
    const at = now();
    if (step === shownStep && at - shownAt < intervalMs) return false;
    shownAt = at;
    shownStep = step;
    return true;
  };
}

/**
 * The interactive UI, drawn as soon as the image is opened: the layers from its manifest and config at once, each
 * layer's tree once it and the layers below it are read, every figure when the analysis ends. Quitting before that
 * ends the process at once; a failed analysis is shown in the UI, then reported as the command's error.
 */
export async function runLiveUi(
  tui: Promise<TuiModule>,
  reference: string,
  flags: SourceFlags,
  io: CliIo,
  load: LoadOptions,
  request: LiveUiRequest,
): Promise<number> {
  return withSource(reference, flags, io, async (source) => {
    const { startLiveTui } = await tui;
    const config = request.settings.config;
    const ui = await startLiveTui(imageHead(source, request.built), { keys: config.keys, ...request.look });
    const facts: SourceFacts = {};
    keepSourceFacts(facts)(source);
    const dockerfile = request.dockerfile === undefined ? undefined : { text: request.dockerfile, target: request.target };
    const worthAFrame = progressGate(PROGRESS_INTERVAL_MS);
    const onProgress = (progress: AnalyzeProgress): void => {
      if (worthAFrame(progress)) ui.update({ progress });
    };
    const analysing = (async () => {
      const analysis = await analyzeSource(source, flags, io, { ...load, showProgress: false, onProgress, onLayersRead: (read) => ui.update({ read }) });
      applyBases(analysis, facts, await readBases(source, facts, request.base.flags, config, dockerfile, request.base.credentials), dockerfile);
      if (request.built) analysis.summary.image = { ...analysis.summary.image, ...request.built };
      if (request.dockerfile !== undefined) annotatePackageLines(analysis, request.dockerfile, request.target);
      const hints = hintsOfOwnLayers(
        await runStepsPausing(hintStepsFor(analysis, request.dockerfile, request.target, config), ANSWER_EVERY_MS, nextTurn),
        analysis,
        request.ignoreBase,
      );
      const compared = await request.baseline?.(analysis, hints);
      if (compared?.pull) analysis.summary.image.pull = compared.pull;
      // with the Dockerfile, the hints overlay shows the patch fix makes for each hint (the parsers load only then)
      const hintPatches = request.dockerfileFor
        ? await (await import("./fix/hint-patches.js")).hintPatchesFor(hints, request.dockerfileFor, analysis, request.target)
        : undefined;
      // the trees of the layers read so far are the analysis' now: what the reading's models merged can go
      ui.update({ read: undefined, done: { analysis, hints, ...(hintPatches ? { hintPatches } : {}) } });
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
