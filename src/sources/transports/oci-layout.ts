import { stat } from "node:fs/promises";
import { join } from "node:path";
import { directoryBlobStore } from "../oci/blob-store.js";
import { ociImageSource } from "../oci/oci-source.js";
import { resolveOciImage, type SelectOptions } from "../oci/oci-resolve.js";
import type { ImageSource } from "../types.js";
import { ImageError } from "../../errors.js";
import { fsErrorReason } from "../../fs/fs-error.js";

/** An OCI image layout directory: `oci-layout`, `index.json`, `blobs/`. */
export async function openOciLayout(dir: string, reference: string, options: SelectOptions = {}): Promise<ImageSource> {
  const marker = await stat(join(dir, "oci-layout")).catch((error: unknown) => {
    // a directory this user may not search is not said to lack the file
    if ((error as NodeJS.ErrnoException).code === "EACCES") throw new ImageError(`cannot read ${dir}: ${fsErrorReason(error)}`);
    return undefined;
  });
  if (!marker?.isFile()) throw new ImageError(`${dir}: not an OCI image layout (no oci-layout file)`);
  const store = directoryBlobStore(dir);
  const resolved = await resolveOciImage(store, options);
  return ociImageSource(store, resolved, reference, "oci-layout");
}
