import type { HistoryEntry } from "../../sources/types.js";
import { finalStage, parseDockerfile } from "../hints/dockerfile.js";
import type { BaseEvidence, BaseImageMissing, BaseImageRead } from "./types.js";

/** The reason given for a base name that is not looked up (see read-base.ts) */
export const NOT_LOOKED_FOR = "not looked for outside the image's own store: --base reads it";

export const BASE_NAME_ANNOTATION = "org.opencontainers.image.base.name";
export const BASE_DIGEST_ANNOTATION = "org.opencontainers.image.base.digest";

/** What can tell the inherited layers, strongest first. */
export interface BaseInputs {
  /** The image's diff ids, bottom first */
  diffIds: string[];
  history: HistoryEntry[];
  annotations?: Record<string, string>;
  /** The base images tried, in order: read ones are compared by their diff ids */
  bases?: (BaseImageRead | BaseImageMissing)[];
  dockerfile?: { text: string; target?: string };
}

export interface BaseBoundary {
  evidence: BaseEvidence;
  inheritedLayers: number;
  name?: string;
  digest?: string;
  detail: string;
}

const LAYER_INSTRUCTIONS = new Set(["RUN", "COPY", "ADD"]);
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{12,64}$/;

/**
 * The number of layers that came with the base image, and how that was told: the base's own layers when it was
 * read and they are the image's first ones; else a manifest recording no base (FROM scratch); else buildah's
 * `FROM name` history comment; else the Dockerfile's final stage counted back from the top; else none.
 */
export function findBase(inputs: BaseInputs): BaseBoundary {
  const notes: string[] = [];
  const errors = new Set<string>();
  for (const base of inputs.bases ?? []) {
    if ("error" in base) {
      if (!errors.has(base.error))
        notes.push(
          base.error === NOT_LOOKED_FOR ? `base ${base.reference} not compared (--base reads it)` : `base ${base.reference} not readable (${base.error})`,
        );
      errors.add(base.error);
      continue;
    }
    const shared = commonPrefix(base.diffIds, inputs.diffIds);
    const digest = base.manifestDigest !== undefined ? { digest: base.manifestDigest } : {};
    if (shared === base.diffIds.length && shared > 0) {
      const detail = `the image's first ${plural(shared, "layer")} ${shared === 1 ? "is" : "are"} ${base.reference} (its every layer, by diff id)`;
      return { evidence: "base-image", inheritedLayers: shared, name: base.reference, ...digest, detail };
    }
    if (shared > 0) {
      const detail = `the image's first ${plural(shared, "layer")} match ${shared} of the ${base.diffIds.length} layers of ${base.reference} (the base was rebuilt since)`;
      return { evidence: "base-image", inheritedLayers: shared, name: base.reference, ...digest, detail };
    }
    notes.push(`${base.reference} was read, but its layers are not the image's first layers`);
  }
  const found =
    fromAnnotation(inputs.annotations) ?? fromHistory(inputs.history, inputs.diffIds.length) ?? fromDockerfile(inputs.dockerfile, inputs.diffIds.length);
  const boundary = found ?? {
    evidence: "none" as const,
    inheritedLayers: 0,
    detail: "no base image read, no FROM marker in the history and no Dockerfile: every layer counts as yours",
  };
  if (boundary.name === undefined) {
    const named = inputs.annotations?.[BASE_NAME_ANNOTATION];
    if (named) boundary.name = named;
  }
  return notes.length > 0 ? { ...boundary, detail: `${boundary.detail}; ${notes.join("; ")}` } : boundary;
}

function commonPrefix(a: string[], b: string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** A builder that records an empty base name built the image FROM scratch: nothing is inherited. */
function fromAnnotation(annotations: Record<string, string> | undefined): BaseBoundary | undefined {
  if (annotations?.[BASE_NAME_ANNOTATION] !== "") return undefined; // (buildah may still record a digest then)
  return { evidence: "annotation", inheritedLayers: 0, name: "scratch", detail: "the manifest records no base image (built FROM scratch)" };
}

/**
 * buildah comments the first history entry of a stage with `FROM <base as written>` and the later ones with
 * `FROM <id of the previous step>`; the last comment naming an image (not an id) starts the image's own layers.
 */
function fromHistory(history: HistoryEntry[], layerCount: number): BaseBoundary | undefined {
  const layerOf: number[] = [];
  let layers = 0;
  for (const entry of history) {
    layerOf.push(layers);
    if (!entry.emptyLayer) layers++;
  }
  const offset = layers - layerCount; // entries of a squashed base are dropped from the front (see layerCommands)
  for (let i = history.length - 1; i >= 0; i--) {
    const from = /^FROM (\S+)$/.exec(history[i].comment?.trim() ?? "")?.[1];
    if (from === undefined || IMAGE_ID.test(from)) continue;
    const inherited = Math.max(0, Math.min(layerCount, layerOf[i] - offset));
    return { evidence: "history", inheritedLayers: inherited, name: from, detail: `the history marks the first instruction after FROM ${from}` };
  }
  return undefined;
}

/** The layers the final stage's RUN, COPY and ADD made (stages it is built FROM included) are the top ones. */
function fromDockerfile(dockerfile: BaseInputs["dockerfile"], layerCount: number): BaseBoundary | undefined {
  if (dockerfile === undefined) return undefined;
  const instructions = parseDockerfile(dockerfile.text);
  const own = finalStage(instructions, dockerfile.target).filter((ins) => LAYER_INSTRUCTIONS.has(ins.keyword)).length;
  const base = externalBase(instructions, dockerfile.target);
  if (base === undefined) return undefined;
  if (base.toLowerCase() === "scratch") return { evidence: "dockerfile", inheritedLayers: 0, name: "scratch", detail: "the Dockerfile builds FROM scratch" };
  const inherited = Math.max(0, layerCount - own);
  return {
    evidence: "dockerfile",
    inheritedLayers: inherited,
    name: base,
    detail: `the Dockerfile's final stage makes the top ${plural(Math.min(own, layerCount), "layer")} (FROM ${base})`,
  };
}

/** The image the final stage (or `target`) starts from, following `FROM stage` up to an image outside the file. */
function externalBase(instructions: ReturnType<typeof parseDockerfile>, target?: string): string | undefined {
  const froms = instructions.filter((ins) => ins.keyword === "FROM");
  let from = target !== undefined ? froms.find((ins) => ins.stageName === target.toLowerCase()) : froms.at(-1);
  const seen = new Set<number>();
  while (from && !seen.has(from.stage)) {
    seen.add(from.stage);
    const image = from.args.split(/\s+/).find((word) => word !== "" && !word.startsWith("--")) ?? "";
    const stage = from.stage;
    const parent = froms.find((ins) => ins.stageName === image.toLowerCase() && ins.stage < stage);
    if (!parent) return image || undefined;
    from = parent;
  }
  return undefined;
}

/** The base image the Dockerfile names, for reading it (undefined for scratch, a build argument or no FROM). */
export function dockerfileBase(text: string, target?: string): string | undefined {
  const base = externalBase(parseDockerfile(text), target);
  if (base === undefined || base.toLowerCase() === "scratch" || base.includes("$")) return undefined;
  return base;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
