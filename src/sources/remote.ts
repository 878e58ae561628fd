import type { ImageSource, OpenImageOptions } from "./types.js";
import { ImageError } from "./types.js";

/** Registry and daemon references (`docker://…`, `app:1.0`). */
export async function openRemoteImage(reference: string, _options: OpenImageOptions): Promise<ImageSource> {
  throw new ImageError(`${reference}: no such file or directory, and registry/daemon sources are not built yet`);
}
