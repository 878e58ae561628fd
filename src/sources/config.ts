import type { HistoryEntry, ImageConfigInfo } from "./types.js";
import { ImageError } from "./types.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * Parses JSON bytes; `what` names the document in the error (e.g. `manifest.json in app.tar`). The error never
 * quotes the document (V8's messages do): through a symlink it could be any file of the machine.
 */
export function parseJson(data: Buffer | string, what: string): unknown {
  try {
    return JSON.parse(data.toString()) as unknown;
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const where = position !== undefined ? ` at position ${position}` : /end of JSON input/.test(message) ? ": unexpected end" : "";
    throw new ImageError(`${what}: invalid JSON${where}`);
  }
}

/** The parts of an image config layerscope uses, with history normalised. */
export function parseImageConfig(json: unknown, what: string, digest?: string): ImageConfigInfo {
  if (!isObject(json)) throw new ImageError(`${what}: not an image config`);
  const rootfs = json.rootfs;
  const diffIds = isObject(rootfs) && Array.isArray(rootfs.diff_ids) ? rootfs.diff_ids.filter((d): d is string => typeof d === "string") : [];
  const inner = isObject(json.config) ? json.config : {};
  const history: HistoryEntry[] = (Array.isArray(json.history) ? json.history : []).filter(isObject).map((h) => ({
    ...(optionalString(h.created) !== undefined ? { created: optionalString(h.created) } : {}),
    createdBy: optionalString(h.created_by) ?? "",
    ...(optionalString(h.comment) !== undefined ? { comment: optionalString(h.comment) } : {}),
    emptyLayer: h.empty_layer === true,
  }));
  const labels: Record<string, string> = {};
  if (isObject(inner.Labels)) {
    for (const [key, value] of Object.entries(inner.Labels)) if (typeof value === "string") labels[key] = value;
  }
  return {
    ...(digest ? { digest } : {}),
    os: optionalString(json.os),
    architecture: optionalString(json.architecture),
    variant: optionalString(json.variant),
    created: optionalString(json.created),
    diffIds,
    history,
    env: Array.isArray(inner.Env) ? inner.Env.filter((e): e is string => typeof e === "string") : [],
    labels,
    raw: json,
  };
}

export { isObject };
