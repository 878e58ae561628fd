export type HintSeverity = "info" | "warning" | "error";

/** A fix suggestion tied to the layer (and Dockerfile line) that caused it. JSON-ready. */
export interface Hint {
  /** Stable id, e.g. `apt-lists`; `.layerscope.yaml` `hints.silence` takes these */
  id: string;
  severity: HintSeverity;
  /** Index of the layer whose instruction should change; for a config-only instruction (see `history`), the layer below it */
  layer: number;
  /**
   * ENV and LABEL write no layer, only the image config: the index of the config's history entry that set the
   * value (0 = the first entry, base image's included), when found. Reports name this entry instead of a layer.
   */
  history?: number;
  /** When a single path is at stake */
  path?: string;
  /** Bytes the fix would save (0 when unknown) */
  bytes: number;
  /** What is wrong, in one line; never holds a secret's value */
  message: string;
  /** The fix, in one line */
  fix: string;
  /** The layer's instruction (cleaned `created_by`), when the history has one */
  instruction?: string;
  /** 1-based Dockerfile line of the instruction, when a Dockerfile was given and matched */
  line?: number;
}

export interface HintOptions {
  /** Dockerfile text; its final stage (or `target`) is matched to the layers to set `line` */
  dockerfile?: string;
  /** Build stage the image was built for (`--target`); the last stage when absent */
  target?: string;
  /** Hint ids to leave out */
  silence?: string[];
}

export const SEVERITY_RANK: Record<HintSeverity, number> = { info: 0, warning: 1, error: 2 };
