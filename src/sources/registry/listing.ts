import { withoutTrailingSlashes } from "../../text/trim.js";
import { isLoopbackRegistry, RegistryClient } from "./client.js";
import { credentialsFromDockerConfig, dockerConfigDir, type Credentials } from "./credentials.js";
import { DEFAULT_TRANSPORT, type TransportOptions } from "./transport.js";
import { DOCKER_HUB } from "../reference.js";
import { ImageError } from "../../errors.js";

export interface RegistryListingOptions {
  /** Keep only `repository` or `repository:tag` names matching one of these (a test built from globs) */
  matches?: (repository: string, tag?: string) => boolean;
  /** Tags kept per repository, in the registry's order (default: all) */
  tagsPerRepository?: number;
  /** Entries asked for per page (`n`) */
  pageSize?: number;
  insecure?: boolean;
  /** Credentials for this registry only (never sent to another host) */
  credentials?: Credentials;
  dockerConfigDir?: string;
  transport?: Partial<TransportOptions>;
}

/** Bounds on what an untrusted registry can make a listing do. */
export const LISTING_LIMITS = { pages: 1000, repositories: 100_000, tagsPerRepository: 10_000, pageBytes: 4 << 20, listingBytes: 64 << 20 };

export interface RegistryListing {
  /** `docker://host/repository:tag`, repositories and tags in the registry's order */
  references: string[];
  /** One line each for what was cut short (a paging loop, a limit) */
  notes: string[];
}

/**
 * The images of a registry (`host[/prefix]`): the repositories of `/v2/_catalog` under the prefix, each with
 * its tags from `tags/list`, following `Link: <…>; rel="next"` paging. A registry is untrusted: a paging link to
 * another host or another endpoint is refused, a link seen before or a page with nothing new ends that listing,
 * and pages, entries and page sizes are bounded (LISTING_LIMITS). 429 and 5xx answers are retried after their
 * Retry-After (see transport.ts). Credentials go to this registry's origin only.
 */
export async function listRegistry(location: string, options: RegistryListingOptions = {}): Promise<RegistryListing> {
  const { registry, prefix } = splitLocation(location);
  const transport = { ...DEFAULT_TRANSPORT, ...options.transport };
  const configDir = options.dockerConfigDir ?? dockerConfigDir();
  const client = (repository: string, scope: string) =>
    new RegistryClient(registry, repository, {
      insecure: options.insecure,
      credentials: options.credentials,
      findCredentials: () => credentialsFromDockerConfig(registry, configDir),
      transport,
      scope,
    });
  const origin = `${options.insecure || isLoopbackRegistry(registry) ? "http" : "https"}://${registry}`;
  const notes: string[] = [];
  const pageSize = options.pageSize ?? 100;
  const catalog = client("_catalog", "registry:catalog:*");
  const repositories = (
    await pages(catalog, origin, `/v2/_catalog?n=${pageSize}`, "repositories", `${registry}: catalog`, LISTING_LIMITS.repositories, notes)
  ).filter((repository) => (prefix === "" || repository === prefix || repository.startsWith(`${prefix}/`)) && (options.matches?.(repository) ?? true));
  const references: string[] = [];
  const limit = Math.min(options.tagsPerRepository ?? Infinity, LISTING_LIMITS.tagsPerRepository);
  for (const repository of repositories) {
    if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(repository)) {
      notes.push(`${registry}: skipped a repository with an invalid name`);
      continue;
    }
    const where = `${registry}/${repository}: tags`;
    const tags = await pages(
      client(repository, `repository:${repository}:pull`),
      origin,
      `/v2/${repository}/tags/list?n=${pageSize}`,
      "tags",
      where,
      LISTING_LIMITS.tagsPerRepository,
      notes,
    );
    const kept = tags.filter((tag) => /^[\w][\w.-]{0,127}$/.test(tag) && (options.matches?.(repository, tag) ?? true)).slice(0, limit);
    for (const tag of kept) references.push(`docker://${registry}/${repository}:${tag}`);
  }
  return { references, notes };
}

/** `docker://host[:port][/prefix]` → the registry and the repository prefix. */
export function splitLocation(location: string): { registry: string; prefix: string } {
  const text = withoutTrailingSlashes(location.replace(/^docker:\/\//, ""));
  const slash = text.indexOf("/");
  const registry = slash < 0 ? text : text.slice(0, slash);
  const prefix = slash < 0 ? "" : text.slice(slash + 1);
  if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:]+\](?::\d{1,5})?$/.test(registry))
    throw new ImageError(`${location}: not a registry (docker://HOST[:PORT][/PREFIX])`);
  if (registry === "docker.io" || registry === DOCKER_HUB) throw new ImageError(`${location}: Docker Hub has no catalog to list; name the images instead`);
  return { registry, prefix };
}

/** Follows a listing's pages, with the checks an untrusted registry needs; the entries under `key`, deduplicated. */
async function pages(
  client: RegistryClient,
  origin: string,
  first: string,
  key: "repositories" | "tags",
  where: string,
  maxEntries: number,
  notes: string[],
): Promise<string[]> {
  const endpoint = new URL(first, origin).pathname;
  const seen = new Set<string>();
  const entries = new Set<string>();
  let next: string | undefined = first;
  let bytes = 0;
  for (let page = 0; next !== undefined; page++) {
    if (page >= LISTING_LIMITS.pages || bytes >= LISTING_LIMITS.listingBytes) {
      notes.push(`${where}: stopped after ${page} pages`);
      break;
    }
    seen.add(next);
    const { body, link } = await client.getListingPage(next, where, LISTING_LIMITS.pageBytes);
    bytes += body.length;
    const found = parseEntries(body, key, where);
    const before = entries.size;
    for (const entry of found) {
      if (entries.size >= maxEntries) break;
      entries.add(entry);
    }
    if (entries.size >= maxEntries && found.length > 0) {
      notes.push(`${where}: stopped at ${maxEntries} entries`);
      break;
    }
    next = nextPage(link, new URL(next, origin), endpoint, where);
    if (next !== undefined && (seen.has(next) || entries.size === before)) {
      notes.push(`${where}: the registry's paging ${seen.has(next) ? "loops" : "gives nothing new"}; stopped there`);
      break;
    }
  }
  return [...entries];
}

function parseEntries(body: Buffer, key: "repositories" | "tags", where: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ImageError(`${where}: the registry's answer is not JSON`);
  }
  const list = typeof json === "object" && json !== null ? (json as Record<string, unknown>)[key] : undefined;
  if (list === null || list === undefined) return []; // an empty repository lists "tags": null
  if (!Array.isArray(list)) throw new ImageError(`${where}: the registry's answer has no ${key} list`);
  return list.filter((entry): entry is string => typeof entry === "string");
}

/**
 * The next page from `Link: <URL>; rel="next"`, as a path and query on the same registry: a link to another host,
 * scheme or endpoint is refused (credentials and requests stay with the registry that was named).
 */
function nextPage(link: string | null, base: URL, endpoint: string, where: string): string | undefined {
  if (!link) return undefined;
  const match = nextLink(link.slice(0, 8192));
  if (!match) return undefined;
  let target: URL;
  try {
    target = new URL(match[1], base);
  } catch {
    throw new ImageError(`${where}: the registry's paging link is not a URL`);
  }
  if (target.origin !== base.origin) throw new ImageError(`${where}: the registry's paging link points to another host (${target.host}); refused`);
  if (target.pathname !== endpoint) throw new ImageError(`${where}: the registry's paging link leaves ${endpoint}; refused`);
  return `${target.pathname}${target.search}`;
}

/** The URL of `<URL>; rel="next"` in a Link header, read by position (no regular expression to backtrack). */
function nextLink(header: string): [string, string] | undefined {
  for (const part of header.split(",")) {
    const open = part.indexOf("<");
    const close = part.indexOf(">", open + 1);
    if (open < 0 || close < 0 || close - open > 4097) continue;
    const params = part
      .slice(close + 1)
      .split(";")
      .map((param) => param.trim().toLowerCase().replaceAll('"', ""));
    if (params.includes("rel=next")) return [part.slice(open, close + 1), part.slice(open + 1, close)];
  }
  return undefined;
}
