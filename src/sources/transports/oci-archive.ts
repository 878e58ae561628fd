import { ArchiveIndex } from "./archive-index.js";
import { archiveBlobStore } from "../oci/blob-store.js";
import { ociImageSource } from "../oci/oci-source.js";
import { resolveOciImage, type SelectOptions } from "../oci/oci-resolve.js";
import type { ImageSource } from "../types.js";

/**
 * A tar of an OCI layout, plain or compressed. Image and layer order come from index.json and the manifest
 * (never from a manifest.json the archive may also hold). In a compressed archive each layer is read by
 * decompressing the archive again from its start.
 */
export async function openOciArchive(path: string, reference: string, options: SelectOptions = {}, index?: ArchiveIndex): Promise<ImageSource> {
  const archive = index ?? (await ArchiveIndex.open(path));
  const store = archiveBlobStore(archive);
  const resolved = await resolveOciImage(store, options);
  return ociImageSource(store, resolved, reference, "oci-archive", async () => archive.close());
}
