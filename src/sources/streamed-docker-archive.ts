import { isObject, parseImageConfig, parseJson } from "./config.js";
import type { StreamedArchive } from "./daemon-archive.js";
import { decodeLayerStream, layerLabel, type Compression } from "./decode.js";
import { checkSinglePlatform } from "./platform.js";
import { dockerTagMatches } from "./reference.js";
import { ImageError, type ImageSource, type LayerBlob, type OpenImageOptions, type SourceFormat } from "./types.js";

interface ManifestEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

function readManifestJson(archive: StreamedArchive, where: string): ManifestEntry[] {
  const json = parseJson(archive.readSmall("manifest.json"), `${where}: manifest.json`);
  if (!Array.isArray(json)) throw new ImageError(`${where}: manifest.json is not a list`);
  return json.filter(isObject).map((e) => ({
    Config: typeof e.Config === "string" ? e.Config : "",
    RepoTags: Array.isArray(e.RepoTags) ? e.RepoTags.filter((t): t is string => typeof t === "string") : [],
    Layers: Array.isArray(e.Layers) ? e.Layers.filter((l): l is string => typeof l === "string") : [],
  }));
}

/** A docker-save archive that can only be streamed (a daemon's export, skopeo writing to a pipe) as an ImageSource. */
export function dockerArchiveSource(
  archive: StreamedArchive,
  reference: string,
  where: string,
  options: OpenImageOptions,
  format: SourceFormat,
): ImageSource {
  const entries = readManifestJson(archive, where);
  const wanted = options.tag ?? reference;
  const entry = entries.find((e) => e.RepoTags.some((t) => dockerTagMatches(wanted, t))) ?? entries[0];
  if (!entry || !entry.Config) throw new ImageError(`${where}: manifest.json names no image`);
  const configDigest = /^(?:blobs\/sha256\/)?([a-f0-9]{64})(?:\.json)?$/.exec(entry.Config)?.[1];
  const config = parseImageConfig(
    parseJson(archive.readSmall(entry.Config), `${where}: config`),
    `${where}: config`,
    configDigest ? `sha256:${configDigest}` : undefined,
  );
  checkSinglePlatform(options.platform, config, where);
  if (config.diffIds.length !== entry.Layers.length) {
    throw new ImageError(`${where}: manifest.json lists ${entry.Layers.length} layers but the config ${config.diffIds.length}`);
  }
  const layers: LayerBlob[] = entry.Layers.map((member, index) => {
    const diffId = config.diffIds[index];
    // A Docker 25+ export names blobs by their (raw) digest; legacy layer tars are uncompressed, so raw = diff id.
    const blobHex = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(archive.resolve(member) ?? member)?.[1];
    const digest = blobHex ? `sha256:${blobHex}` : diffId;
    let sniffed: Compression | undefined;
    return {
      index,
      digest: diffId,
      verifiedDigest: digest,
      diffId,
      blobSize: archive.size(member),
      ...(archive.typeOf(member) === "symlink" ? { diveReadsEmpty: true } : {}),
      async open() {
        const raw = await archive.openMember(member);
        const label = `${where}: ${layerLabel(index, diffId)}`;
        const stream = await decodeLayerStream(raw, { expectedDigest: digest, label, onCompression: (found) => (sniffed = found) });
        return { kind: "stream", stream };
      },
      // a blob whose digest is its diff id is the plain tar itself
      detectCompression: async () => sniffed ?? (digest === diffId ? "none" : undefined),
    };
  });
  return {
    reference,
    format,
    name: entry.RepoTags[0] ?? reference,
    config,
    layers,
    close: () => archive.close(),
  };
}
