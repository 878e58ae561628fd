import { analyzeImage } from "../../src/analysis/analyze.js";
import type { Analysis } from "../../src/analysis/types.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage, type ImageSpec } from "./build-image.js";

/** Writes a docker archive of `layers` and analyses it. */
export async function analyzeBuiltLayers(layers: ImageSpec["layers"]): Promise<Analysis> {
  const built = await buildImage({ layers }, { format: "docker-archive" });
  const source = await openImage(built.path);
  try {
    return await analyzeImage(source);
  } finally {
    await source.close();
  }
}
