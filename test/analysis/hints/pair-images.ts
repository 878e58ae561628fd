import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { analyzeImage } from "../../../src/analysis/analyze.js";
import type { Analysis } from "../../../src/analysis/types.js";
import { openImage } from "../../../src/sources/open.js";
import { realImage } from "../../helpers/realimages.js";

const ownImages = resolve(process.cwd(), "test/images");

/**
 * A real image built with buildah: the standard set, or one of the before/after pairs under test/images (built on
 * demand, ~10-60 s). The cache is trusted: after editing a Dockerfile there, run
 * `LAB_IMAGES_DIR=test/images ../shared/realimages/images.sh build NAME`.
 */
export function pairImage(name: string, format = "docker-archive"): string {
  process.env.LAB_IMAGES_DIR ??= ownImages;
  return realImage(name, format);
}

/** The Dockerfile an image of the set or of test/images was built from. */
export function dockerfileOf(name: string): string {
  for (const dir of [ownImages, resolve(process.cwd(), "../shared/realimages/images")]) {
    try {
      return readFileSync(resolve(dir, name, "Dockerfile"), "utf8");
    } catch {
      // not in this directory
    }
  }
  throw new Error(`no Dockerfile for ${name}`);
}

export async function analyzePair(name: string): Promise<Analysis> {
  const source = await openImage(pairImage(name));
  try {
    return await analyzeImage(source);
  } finally {
    await source.close();
  }
}

/** path → size of the regular files of an image's ground truth (umoci unpack) */
export function truthFiles(name: string): Map<string, number> {
  const files = new Map<string, number>();
  for (const line of readFileSync(pairImage(name, "truth"), "utf8").split("\n")) {
    const [path, type, , , , size] = line.split("\t");
    if (type === "f") files.set(path, Number(size));
  }
  return files;
}

/** Σ of the truth sizes of the files under `dir` (or of that file) */
export function truthBytesUnder(name: string, dir: string): number {
  let sum = 0;
  for (const [path, size] of truthFiles(name)) if (path === dir || path.startsWith(dir + "/")) sum += size;
  return sum;
}

/** 1-based line of the first Dockerfile line that starts with `prefix` */
export function lineOf(dockerfile: string, prefix: string): number {
  const index = dockerfile.split("\n").findIndex((line) => line.startsWith(prefix));
  if (index < 0) throw new Error(`no line starting with ${prefix}`);
  return index + 1;
}
