import type { BlobStore } from "./blob-store.js";
import { decodeLayerStream, layerLabel } from "./decode.js";
import type { ResolvedImage } from "./oci-resolve.js";
import type { ImageSource, LayerBlob, SourceFormat } from "./types.js";
import { ImageError } from "./types.js";

/** An ImageSource over a resolved OCI manifest. Every layer blob is streamed and digest-checked. */
export async function ociImageSource(
  store: BlobStore,
  resolved: ResolvedImage,
  reference: string,
  format: SourceFormat,
  close: () => Promise<void> = async () => undefined,
): Promise<ImageSource> {
  const layers: LayerBlob[] = [];
  for (const [index, descriptor] of resolved.manifest.layers.entries()) {
    const label = layerLabel(index, descriptor.digest);
    if (!(await store.hasBlob(descriptor.digest))) throw new ImageError(`${label}: missing blob in ${store.where}`);
    const diffId = resolved.config.diffIds[index];
    layers.push({
      index,
      digest: descriptor.digest,
      verifiedDigest: descriptor.digest,
      ...(diffId !== undefined ? { diffId } : {}),
      mediaType: descriptor.mediaType,
      ...(descriptor.size !== undefined ? { blobSize: descriptor.size } : {}),
      async open() {
        const stream = await decodeLayerStream(store.openBlob(descriptor.digest, descriptor.size), { expectedDigest: descriptor.digest, label });
        return { kind: "stream", stream };
      },
    });
  }
  return {
    reference,
    format,
    ...(resolved.name !== undefined ? { name: resolved.name } : {}),
    manifestDigest: resolved.manifestDigest,
    config: resolved.config,
    layers,
    close,
  };
}
