import { splitStorageReference } from "../../sources/containers-storage.js";
import { openImage } from "../../sources/open.js";
import { parseImageReference } from "../../sources/reference.js";
import type { RemoteImageOptions } from "../../sources/remote.js";
import type { ImageSource } from "../../sources/types.js";
import { BASE_DIGEST_ANNOTATION, BASE_NAME_ANNOTATION, dockerfileBase, NOT_LOOKED_FOR } from "./find-base.js";
import type { BaseImageMissing, BaseImageRead } from "./types.js";

export interface BaseCandidateInputs {
  /** `--base IMAGE` (or the config's `base.image`): any reference the main command takes */
  option?: string;
  dockerfile?: { text: string; target?: string };
  /** The analysed image's manifest annotations */
  annotations?: Record<string, string>;
  /** The analysed image's reference and format: a bare base name is looked for in the same store first */
  image: { reference: string; format: string };
}

type Candidate = { reference: string; from: BaseImageRead["from"] };

/**
 * Reads the diff ids of the base image named by `--base`, else by the Dockerfile's FROM, else by the manifest's
 * base annotation: only the manifest and config are read, no layer. A name that cannot be read is kept with the
 * reason, for the report to say why the layers were told apart another way.
 */
export async function readBaseCandidates(inputs: BaseCandidateInputs, options: RemoteImageOptions): Promise<(BaseImageRead | BaseImageMissing)[]> {
  const results: (BaseImageRead | BaseImageMissing)[] = [];
  for (const candidate of candidates(inputs)) {
    const result = await readBase(candidate, inputs.image, options);
    results.push(result);
    if (!("error" in result)) break;
  }
  return results;
}

function candidates(inputs: BaseCandidateInputs): Candidate[] {
  if (inputs.option !== undefined) return [{ reference: inputs.option, from: "option" }];
  const list: Candidate[] = [];
  const fromDockerfile = inputs.dockerfile && dockerfileBase(inputs.dockerfile.text, inputs.dockerfile.target);
  if (fromDockerfile) list.push({ reference: fromDockerfile, from: "dockerfile" });
  const named = inputs.annotations?.[BASE_NAME_ANNOTATION];
  if (named && named !== fromDockerfile) {
    const digest = inputs.annotations?.[BASE_DIGEST_ANNOTATION];
    if (digest && /^sha256:[a-f0-9]{64}$/.test(digest) && !named.includes("@")) list.push({ reference: `${named}@${digest}`, from: "annotation" });
    list.push({ reference: named, from: "annotation" });
  }
  return list;
}

async function readBase(candidate: Candidate, image: BaseCandidateInputs["image"], options: RemoteImageOptions): Promise<BaseImageRead | BaseImageMissing> {
  const reference = inStoreOf(candidate, image);
  if (reference === undefined) return { reference: candidate.reference, from: candidate.from, error: NOT_LOOKED_FOR };
  let source: ImageSource | undefined;
  try {
    source = await openImage(reference, baseOptions(options, sameRegistry(reference, image)));
    return {
      reference: candidate.reference,
      from: candidate.from,
      diffIds: source.config.diffIds,
      ...(source.manifestDigest !== undefined ? { manifestDigest: source.manifestDigest } : {}),
    };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    const reason = message.startsWith(`${candidate.reference}: `) ? message.slice(candidate.reference.length + 2) : message;
    return { reference: candidate.reference, from: candidate.from, error: reason };
  } finally {
    await source?.close().catch(() => undefined);
  }
}

/**
 * Where a base named by the Dockerfile or the annotation is looked for: in the store or registry the image came
 * from, never elsewhere (a daemon would export the whole base, another registry is a request nobody asked for).
 */
function inStoreOf(candidate: Candidate, image: BaseCandidateInputs["image"]): string | undefined {
  if (candidate.from === "option") return candidate.reference;
  if (image.format === "containers-storage") {
    const spec = splitStorageReference(image.reference.replace(/^containers-storage:/, "")).spec;
    return `containers-storage:${spec !== undefined ? `[${spec}]` : ""}${candidate.reference}`;
  }
  if (image.format === "containerd") return `containerd://${candidate.reference}`;
  if (image.format === "registry") return `docker://${candidate.reference}`;
  return undefined;
}

/**
 * The base is another image: not the tag, source or save directory of the analysed one, and its credentials only
 * when the base is in the same registry (they were given for that registry, and go nowhere else).
 */
function baseOptions(options: RemoteImageOptions, sameRegistry: boolean): RemoteImageOptions {
  const { tag: _tag, username, password, saveDir: _save, source: _source, ...rest } = options;
  return sameRegistry && username !== undefined && password !== undefined ? { ...rest, username, password } : rest;
}

function sameRegistry(baseReference: string, image: BaseCandidateInputs["image"]): boolean {
  if (image.format !== "registry" || !baseReference.startsWith("docker://")) return false;
  const registryOf = (text: string): string | undefined => {
    try {
      return parseImageReference(text.replace(/^docker:\/\//, "")).registry;
    } catch {
      return undefined;
    }
  };
  const registry = registryOf(image.reference);
  return registry !== undefined && registry === registryOf(baseReference);
}
