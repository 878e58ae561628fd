import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, it } from "vitest";
import type { PreparedImage } from "../helpers/build-image.js";
import { ociLayoutFiles } from "../helpers/build-oci.js";
import { hexOf, sha256, type ArchiveMember } from "../helpers/build-tar.js";
import { analyzeReference, outcomeOf } from "./consistency.js";
import { checkProperty, fuzzCases, fuzzSeed } from "./property.js";
import { writeMembers } from "./raw-image.js";
import { rawFile, rawTar } from "./raw-tar.js";

/**
 * index.json, the manifest and the config with any field replaced by any JSON value (or the whole document
 * replaced), digests fixed up so the changed document is still the one reached: a one-line error or a
 * consistent result, never a TypeError from a field of the wrong type.
 */
const CASES = fuzzCases(300);
const SEED = fuzzSeed();

const LAYER = rawTar([rawFile("etc/a", "a"), rawFile("etc/b", "bb")]);
const CONFIG = Buffer.from(
  JSON.stringify({
    architecture: "amd64",
    os: "linux",
    config: { Env: ["A=1"], Labels: { l: "v" } },
    rootfs: { type: "layers", diff_ids: [sha256(LAYER)] },
    history: [{ created_by: "ADD . /" }, { created_by: "ENV A=1", empty_layer: true }],
  }),
);

function genuineFiles(): ArchiveMember[] {
  const prepared: PreparedImage = {
    spec: { layers: [], tags: ["doc:1"] },
    layerTars: [LAYER],
    blobs: [LAYER],
    diffIds: [sha256(LAYER)],
    config: CONFIG,
    configDigest: sha256(CONFIG),
    sameAs: [undefined],
  };
  return ociLayoutFiles([prepared], "none", {}).files;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Sets the value at `path` (keys or indexes, clamped to what exists), or replaces the whole document. */
function setAt(document: Json, path: number[], value: Json): Json {
  if (path.length === 0 || document === null || typeof document !== "object") return value;
  const keys = Array.isArray(document) ? document.map((_, i) => i) : Object.keys(document);
  if (keys.length === 0) return value;
  const key = keys[path[0] % keys.length];
  const container = document as Record<string | number, Json>;
  container[key] = setAt(container[key], path.slice(1), value);
  return document;
}

const edit = fc.record({
  target: fc.constantFrom("index", "manifest", "config"),
  path: fc.array(fc.nat(), { maxLength: 4 }),
  value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
});

/** Applies the edit and re-points the documents above the edited one at its new digest. */
function editedLayout(change: { target: string; path: number[]; value: Json }): ArchiveMember[] {
  const files = new Map(genuineFiles().map((f) => [f.name, f]));
  const read = (name: string): Json => JSON.parse(files.get(name)!.content!.toString()) as Json;
  const index = read("index.json") as { manifests: Array<{ digest: string }> };
  const manifestName = `blobs/sha256/${hexOf(index.manifests[0].digest)}`;
  const manifest = read(manifestName) as { config: { digest: string } };
  const configName = `blobs/sha256/${hexOf(manifest.config.digest)}`;
  const put = (json: Json): string => {
    const content = Buffer.from(JSON.stringify(json));
    const digest = sha256(content);
    files.set(`blobs/sha256/${hexOf(digest)}`, { name: `blobs/sha256/${hexOf(digest)}`, content });
    return digest;
  };
  let manifestJson: Json = manifest;
  let indexJson: Json = index;
  if (change.target === "config") manifest.config.digest = put(setAt(read(configName), change.path, change.value));
  if (change.target === "manifest") manifestJson = setAt(manifestJson, change.path, change.value);
  if (change.target !== "index") index.manifests[0].digest = put(manifestJson);
  else indexJson = setAt(indexJson, change.path, change.value);
  files.set("index.json", { name: "index.json", content: Buffer.from(JSON.stringify(indexJson)) });
  return [...files.values()];
}

describe("OCI documents with fields of any type", () => {
  it(
    "end in a one-line error or a consistent analysis",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "layerscope-documents-"));
      await checkProperty(
        "documents",
        fc.asyncProperty(edit, async (change) => {
          const layout = join(dir, "layout");
          rmSync(layout, { recursive: true, force: true });
          writeMembers(layout, editedLayout(change));
          await outcomeOf(() => analyzeReference(layout));
        }),
        { numRuns: CASES, timeout: 10_000, ...(SEED !== undefined ? { seed: SEED } : {}) },
      );
    },
    120_000 + CASES * 200,
  );
});
