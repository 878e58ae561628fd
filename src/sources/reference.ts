import { ImageError } from "../errors.js";
import { checkDigestSyntax } from "./oci/digest.js";

/** The registry name Docker Hub images are normalised to, and the host its API is served from. */
export const DOCKER_HUB = "docker.io";
export const DOCKER_HUB_API = "registry-1.docker.io";

/** Docker's reference normalisation: `app:1.0` → `docker.io/library/app:1.0`, `app` → `docker.io/library/app:latest`. */
export function normalizeDockerTag(reference: string): string {
  const slash = reference.lastIndexOf("/");
  const colon = reference.lastIndexOf(":");
  const hasTag = colon > slash;
  let name = hasTag ? reference.slice(0, colon) : reference;
  const tag = hasTag ? reference.slice(colon + 1) : "latest";
  const first = name.split("/")[0];
  const hasDomain = name.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  if (!hasDomain) name = `${DOCKER_HUB}/${name.includes("/") ? name : `library/${name}`}`;
  if (name.startsWith("index.docker.io/")) name = `${DOCKER_HUB}/${name.slice("index.docker.io/".length)}`;
  return `${name}:${tag}`;
}

/** Whether a user's `--tag` names a RepoTag of a docker archive. */
export function dockerTagMatches(wanted: string, repoTag: string): boolean {
  return wanted === repoTag || normalizeDockerTag(wanted) === normalizeDockerTag(repoTag);
}

/**
 * Whether a user's tag names an OCI layout entry. The entry's `org.opencontainers.image.ref.name` is usually just
 * a tag (`latest`, `1.0`) but may be a full name; `io.containerd.image.name` (Docker 25+) is a full name.
 */
export function ociRefMatches(wanted: string, refName: string | undefined, imageName: string | undefined): boolean {
  if (refName !== undefined) {
    if (wanted === refName) return true;
    const isBareTag = !refName.includes(":") && !refName.includes("/");
    if (isBareTag && tagPart(wanted) === refName) return true;
    if (!isBareTag && dockerTagMatches(wanted, refName)) return true;
  }
  return imageName !== undefined && dockerTagMatches(wanted, imageName);
}

/** `app:1.0` → `1.0`; `registry:5000/app` → undefined */
function tagPart(reference: string): string | undefined {
  const colon = reference.lastIndexOf(":");
  return colon > reference.lastIndexOf("/") ? reference.slice(colon + 1) : undefined;
}

/** A registry reference split into parts: `docker.io/library/app:1.0`, `localhost:5000/lab/x@sha256:…`. */
export interface ImageReference {
  /** `docker.io` for Docker Hub */
  registry: string;
  /** `library/app` */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Parses `[registry/]repo[:tag][@digest]` with Docker's defaults (Docker Hub, `library/`, `latest`). */
export function parseImageReference(text: string): ImageReference {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(":");
  let tag: string | undefined;
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf("/");
  const first = slash < 0 ? "" : rest.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  let registry = hasDomain ? first : DOCKER_HUB;
  let repository = hasDomain ? rest.slice(slash + 1) : rest;
  if (hasDomain && !validRegistryPort(registry)) throw new ImageError(`invalid registry port in image reference "${text}" (a number from 1 to 65535)`);
  if (registry === "index.docker.io") registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes("/")) repository = `library/${repository}`;
  if (!repository || !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
    throw new ImageError(`invalid image reference "${text}"`);
  }
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) throw new ImageError(`invalid tag in image reference "${text}"`);
  // the digest is checked as the manifest it names will be (an ill-formed one drew HTTP 500s and five retries)
  if (digest !== undefined) checkDigestSyntax(digest, `image reference "${text}"`);
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `host` alone, or `host:PORT` with a PORT a socket can have (else the URL made from it was an internal error). */
function validRegistryPort(registry: string): boolean {
  const colon = registry.lastIndexOf(":");
  if (colon < 0 || colon < registry.lastIndexOf("]")) return true;
  const port = registry.slice(colon + 1);
  return /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
}

/** `registry/repository:tag@digest`, as far as known. */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ""}${ref.digest !== undefined ? `@${ref.digest}` : ""}`;
}

/** What to ask the registry's manifest endpoint for: the digest when given, else the tag (default `latest`). */
export function manifestSelector(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? "latest";
}
