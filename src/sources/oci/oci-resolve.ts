import type { BlobStore } from "./blob-store.js";
import { parseImageConfig, parseJson } from "./config.js";
import {
  CONTAINERD_NAME,
  documentKind,
  isIndexType,
  isManifestType,
  parseIndex,
  parseManifest,
  REF_NAME,
  type Descriptor,
  type ImageManifest,
} from "./manifest.js";
import { formatPlatform, hostPlatform, parsePlatform, platformMatches } from "./platform.js";
import { ociRefMatches } from "../reference.js";
import type { ImageConfigInfo } from "../types.js";
import { ImageError } from "../../errors.js";

export interface ResolvedImage {
  manifestDigest: string;
  manifest: ImageManifest;
  config: ImageConfigInfo;
  /** The ref name the image was found under */
  name?: string;
}

export interface SelectOptions {
  tag?: string;
  platform?: string;
}

interface Candidate {
  descriptor: Descriptor;
  refName?: string;
}

const MAX_NESTING = 8;
/** Descriptors read from index.json and nested indexes, all together: real layouts hold a few dozen. */
export const MAX_MANIFESTS = 10_000;

/** index.json → (nested indexes) → one manifest, chosen by tag and platform; then its config. */
export async function resolveOciImage(store: BlobStore, options: SelectOptions): Promise<ResolvedImage> {
  const top = parseIndex(await store.readIndexJson(), `${store.where}: index.json`);
  let entries: Candidate[] = top.map((descriptor) => ({ descriptor, refName: descriptor.annotations[REF_NAME] }));
  if (options.tag !== undefined) {
    const wanted = options.tag;
    const matching = entries.filter((c) => ociRefMatches(wanted, c.refName, c.descriptor.annotations[CONTAINERD_NAME]));
    if (matching.length === 0) {
      const tags = [...new Set(entries.map((c) => c.refName).filter((t): t is string => t !== undefined))];
      throw new ImageError(`no image tagged "${wanted}" in ${store.where}; ${tags.length > 0 ? `tags: ${tags.join(", ")}` : "it has no tags"}`);
    }
    entries = matching;
  }
  const manifests = dedupe(await expand(store, entries, 0, new Set(), { count: top.length }));
  if (options.platform !== undefined || manifests.length > 1) await fillPlatforms(store, manifests);
  const chosen = choose(manifests, options, store.where);
  const manifestWhat = `${store.where}: manifest ${chosen.descriptor.digest}`;
  const manifest = parseManifest(await store.readBlob(chosen.descriptor.digest, chosen.descriptor.size), manifestWhat);
  const configWhat = `${store.where}: config ${manifest.config.digest}`;
  const configJson = parseJson(await store.readBlob(manifest.config.digest, manifest.config.size), configWhat);
  return {
    manifestDigest: chosen.descriptor.digest,
    manifest,
    config: parseImageConfig(configJson, configWhat, manifest.config.digest),
    ...(chosen.refName !== undefined ? { name: chosen.refName } : {}),
  };
}

/** Index digests are walked once each: indexes that share children must not multiply the walk. */
async function expand(store: BlobStore, entries: Candidate[], depth: number, walked: Set<string>, seen: { count: number }): Promise<Candidate[]> {
  if (depth > MAX_NESTING) throw new ImageError(`${store.where}: image indexes nested too deeply`);
  if (seen.count > MAX_MANIFESTS) throw new ImageError(`${store.where}: more than ${MAX_MANIFESTS} manifests and indexes`);
  const out: Candidate[] = [];
  for (const entry of entries) {
    if (isAttestation(entry.descriptor)) continue;
    const { mediaType, digest, size } = entry.descriptor;
    if (walked.has(digest)) continue;
    let kind: "index" | "manifest";
    if (isIndexType(mediaType)) kind = "index";
    else if (isManifestType(mediaType)) kind = "manifest";
    else kind = documentKind(await store.readBlob(digest, size), `${store.where}: blob ${digest}`);
    if (kind === "manifest") {
      out.push(entry);
      continue;
    }
    walked.add(digest);
    const children = parseIndex(await store.readBlob(digest, size), `${store.where}: index ${digest}`);
    seen.count += children.length;
    const nested = children.map((descriptor) => ({ descriptor, refName: descriptor.annotations[REF_NAME] ?? entry.refName }));
    for (const candidate of await expand(store, nested, depth + 1, walked, seen)) out.push(candidate);
  }
  return out;
}

/** A descriptor without a platform (a plain single-image index.json) takes the platform of its config. */
async function fillPlatforms(store: BlobStore, candidates: Candidate[]): Promise<void> {
  for (const c of candidates) {
    if (c.descriptor.platform) continue;
    const manifest = parseManifest(await store.readBlob(c.descriptor.digest, c.descriptor.size), `${store.where}: manifest ${c.descriptor.digest}`);
    const configWhat = `${store.where}: config ${manifest.config.digest}`;
    const config = parseImageConfig(parseJson(await store.readBlob(manifest.config.digest, manifest.config.size), configWhat), configWhat);
    if (config.os && config.architecture) {
      c.descriptor.platform = { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
    }
  }
}

function isAttestation(descriptor: Descriptor): boolean {
  const p = descriptor.platform;
  return (p?.os === "unknown" && p.architecture === "unknown") || descriptor.annotations["vnd.docker.reference.type"] === "attestation-manifest";
}

function dedupe(candidates: Candidate[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const c of candidates) if (!seen.has(c.descriptor.digest)) seen.set(c.descriptor.digest, c);
  return [...seen.values()];
}

function describe(c: Candidate): string {
  const platform = c.descriptor.platform ? formatPlatform(c.descriptor.platform) : undefined;
  if (c.refName !== undefined && platform) return `${c.refName} (${platform})`;
  return c.refName ?? platform ?? c.descriptor.digest.slice(0, 19);
}

function choose(candidates: Candidate[], options: SelectOptions, where: string): Candidate {
  if (candidates.length === 0) throw new ImageError(`${where}: no image manifest in the layout`);
  if (options.platform !== undefined) {
    const wanted = parsePlatform(options.platform);
    const matching = candidates.filter((c) => platformMatches(wanted, c.descriptor.platform));
    if (matching.length === 1) return matching[0];
    if (matching.length === 0) {
      throw new ImageError(`no ${formatPlatform(wanted)} image in ${where}; platforms: ${listPlatforms(candidates)}`);
    }
    throw new ImageError(`several ${formatPlatform(wanted)} images in ${where}; pick one with --tag: ${matching.map(describe).join(", ")}`);
  }
  if (candidates.length === 1) return candidates[0];
  const host = hostPlatform();
  const onHost = candidates.filter((c) => platformMatches(host, c.descriptor.platform));
  if (onHost.length === 1) return onHost[0];
  const byTag = new Set(candidates.map((c) => c.refName));
  if (onHost.length === 0 && byTag.size <= 1) {
    throw new ImageError(`no ${formatPlatform(host)} image in ${where}; pick one with --platform: ${listPlatforms(candidates)}`);
  }
  throw new ImageError(`several images in ${where}; pick one with --tag or --platform: ${(onHost.length > 0 ? onHost : candidates).map(describe).join(", ")}`);
}

function listPlatforms(candidates: Candidate[]): string {
  return [...new Set(candidates.map((c) => formatPlatform(c.descriptor.platform)))].join(", ");
}
