import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { ReadableStreamReadResult } from "node:stream/web";
import { DOCKER_HUB, DOCKER_HUB_API } from "../reference.js";
import { digestHasher } from "../digest.js";
import { ImageError } from "../types.js";
import { fetchBearerToken, basicAuthorization, parseChallenge, TokenRefused, type Challenge } from "./auth.js";
import type { Credentials } from "./credentials.js";
import { MANIFEST_ACCEPT } from "./registry-manifest.js";
import { ResumableBody } from "./resumable-body.js";
import { send, TransientError, type HttpResponse, type TransportOptions } from "./transport.js";

export interface RegistryClientOptions {
  /** Plain HTTP; the default for localhost and 127.0.0.0/8 anyway */
  insecure?: boolean;
  /** Credentials given on the command line: used straight away */
  credentials?: Credentials;
  /** Looked up only when anonymous access is refused (docker's config.json) */
  findCredentials?: () => Promise<Credentials | undefined>;
  transport: TransportOptions;
  /** The token scope to ask for when the challenge names none (default: pull of the repository) */
  scope?: string;
}

export interface FetchedManifest {
  bytes: Buffer;
  contentType: string | null;
  digest: string;
}

const MAX_MANIFEST_BYTES = 8 << 20;

type AuthMode = "none" | "anonymous" | "credentials";

export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.replace(/:\d+$/, "");
  return host === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]";
}

/** A Distribution API v2 client for one repository. Credentials never appear in its errors. */
export class RegistryClient {
  readonly label: string;
  private readonly base: string;
  private authorization?: string;
  private mode: AuthMode = "none";
  /** A request has succeeded with the current authorization (so a later 401 means it expired) */
  private confirmed = false;
  private credentials?: Credentials;
  private credentialsLooked = false;
  private authInFlight?: Promise<void>;

  constructor(
    readonly registry: string,
    readonly repository: string,
    private readonly options: RegistryClientOptions,
  ) {
    const host = registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
    const plain = options.insecure || isLoopbackRegistry(registry);
    this.base = `${plain ? "http" : "https"}://${host}/v2/${repository}/`;
    this.label = `${registry}/${repository}`;
    this.credentials = options.credentials;
    this.credentialsLooked = options.credentials !== undefined;
  }

  /** GET a manifest by tag or digest; verifies its digest when the reference or the registry names one. */
  async getManifest(selector: string, where: string): Promise<FetchedManifest> {
    const answer = await this.request(`manifests/${selector}`, { accept: MANIFEST_ACCEPT }, where);
    const { status } = answer.response;
    if (status !== 200) throw await answerError(answer, where, "manifest");
    const bytes = await readSmall(answer, MAX_MANIFEST_BYTES, where, this.options.transport);
    const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    const announced = answer.response.headers.get("docker-content-digest");
    if (selector.startsWith("sha256:") && digest !== selector) {
      throw new ImageError(`${where}: manifest digest mismatch: expected ${selector}, got ${digest}`);
    }
    if (announced?.startsWith("sha256:") && announced !== digest) {
      throw new ImageError(`${where}: manifest digest mismatch: the registry announced ${announced}, got ${digest}`);
    }
    return { bytes, contentType: answer.response.headers.get("content-type"), digest };
  }

  /**
   * GET a listing page (`/v2/_catalog?…`, `/v2/REPO/tags/list?…`) at an absolute path of this registry: its body
   * (at most `maxBytes`) and its `Link` header. The path is resolved on this registry's origin only.
   */
  async getListingPage(pathAndQuery: string, where: string, maxBytes: number): Promise<{ body: Buffer; link: string | null }> {
    if (!pathAndQuery.startsWith("/v2/")) throw new ImageError(`${where}: not a registry API path`);
    const answer = await this.request(pathAndQuery, { accept: "application/json" }, where);
    const { status } = answer.response;
    if (status !== 200) throw await answerError(answer, where, "listing");
    const link = answer.response.headers.get("link");
    return { body: await readSmall(answer, maxBytes, where, this.options.transport, "listing page"), link };
  }

  /**
   * The raw bytes of a blob, resumed across dropped connections, buffering up to `buffer` bytes ahead of the
   * reader. Not verified here: see decodeLayerStream.
   */
  openBlob(digest: string, size: number | undefined, label: string, buffer?: number): Readable {
    return new ResumableBody((offset) => this.blobRequest(digest, offset, label), size, label, this.options.transport, buffer);
  }

  /** A small blob (the config), read whole and verified against its digest. */
  async getSmallBlob(digest: string, maxBytes: number, label: string): Promise<Buffer> {
    const stream = this.openBlob(digest, undefined, label);
    const parts: Buffer[] = [];
    let length = 0;
    const hash = digestHasher(digest, label);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > maxBytes) {
        stream.destroy();
        throw new ImageError(`${label}: larger than ${maxBytes} bytes`);
      }
      hash.update(chunk);
      parts.push(chunk);
    }
    const actual = hash.actual();
    if (actual !== digest) throw new ImageError(`${label}: digest mismatch: expected ${digest}, got ${actual}`);
    return Buffer.concat(parts, length);
  }

  private async blobRequest(digest: string, offset: number, label: string): Promise<HttpResponse> {
    const headers: Record<string, string> = {};
    if (offset > 0) headers.range = `bytes=${offset}-`;
    const answer = await this.request(`blobs/${digest}`, { headers }, label);
    const { status } = answer.response;
    if (status === 200 || status === 206) return answer;
    throw await answerError(answer, label, "blob");
  }

  /** A request with this client's authorization; a 401 leads to the next auth step and one more try. */
  private async request(path: string, init: { accept?: string; headers?: Record<string, string> }, label: string): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.accept) headers.accept = init.accept;
    for (let round = 0; ; round++) {
      const used = this.authorization;
      const url = path.startsWith("/") ? new URL(path, this.base).href : this.base + path;
      const answer = await send({ url, headers, authorization: used, label }, this.options.transport);
      if (answer.response.status !== 401) {
        if (used === this.authorization && used !== undefined) this.confirmed = true;
        return answer;
      }
      const challenge = parseChallenge(answer.response.headers.get("www-authenticate"));
      await discard(answer);
      if (round >= 3) throw this.refusal();
      if (this.authorization === used) await this.nextAuth(challenge);
    }
  }

  /** Moves one step: nothing → anonymous token (or credentials) → credentials; an expired token is renewed once. */
  private async nextAuth(challenge: Challenge | undefined): Promise<void> {
    if (this.authInFlight) return this.authInFlight;
    this.authInFlight = this.advance(challenge).finally(() => {
      this.authInFlight = undefined;
    });
    return this.authInFlight;
  }

  private async advance(challenge: Challenge | undefined): Promise<void> {
    if (!challenge) throw new ImageError(`${this.label}: the registry refused access without saying how to authenticate`);
    const renew = this.confirmed;
    this.confirmed = false;
    let mode: AuthMode;
    if (renew) mode = this.mode;
    else if (this.mode === "none" && challenge.scheme === "bearer" && !this.options.credentials) mode = "anonymous";
    else if (this.mode !== "credentials") mode = "credentials";
    else throw this.refusal();
    let credentials: Credentials | undefined;
    if (mode === "credentials") {
      credentials = await this.lookupCredentials();
      if (!credentials) throw this.refusal();
    }
    this.mode = mode;
    if (challenge.scheme === "basic") {
      this.authorization = basicAuthorization(credentials as Credentials);
      return;
    }
    try {
      this.authorization = await fetchBearerToken({
        challenge,
        scope: this.options.scope ?? `repository:${this.repository}:pull`,
        credentials,
        insecure: this.options.insecure ?? false,
        label: this.label,
        transport: this.options.transport,
      });
    } catch (err) {
      if (err instanceof TokenRefused && mode === "anonymous") return this.advance(challenge);
      throw err;
    }
  }

  private async lookupCredentials(): Promise<Credentials | undefined> {
    if (!this.credentialsLooked) {
      this.credentialsLooked = true;
      this.credentials = await this.options.findCredentials?.();
    }
    return this.credentials;
  }

  private refusal(): ImageError {
    if (this.mode === "credentials") return new ImageError(`${this.label}: authentication failed (the registry rejected the credentials)`);
    return new ImageError(
      `${this.label}: authentication required, or the repository does not exist (give --username and --password-stdin, or run docker login)`,
    );
  }
}

async function discard(answer: HttpResponse): Promise<void> {
  await answer.response.body?.cancel().catch(() => undefined);
  answer.abort();
}

/** Reads a small body whole, with the stall timeout applied to each read. */
async function readSmall(answer: HttpResponse, max: number, where: string, transport: TransportOptions, noun = "manifest"): Promise<Buffer> {
  const body = answer.response.body;
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const parts: Buffer[] = [];
  let length = 0;
  for (;;) {
    const timer = setTimeout(() => answer.abort(), transport.stallTimeoutMs);
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch {
      throw new ImageError(`${where}: the connection failed while reading the manifest`);
    } finally {
      clearTimeout(timer);
    }
    if (result.done) break;
    length += result.value.byteLength;
    if (length > max) {
      answer.abort();
      throw new ImageError(`${where}: ${noun} larger than ${max} bytes`);
    }
    parts.push(Buffer.from(result.value));
  }
  return Buffer.concat(parts, length);
}

/** A one-line error for a non-success answer, using the registry's error code when it gives one. */
async function answerError(answer: HttpResponse, where: string, what: "manifest" | "blob" | "listing"): Promise<Error> {
  const { status } = answer.response;
  let code = "";
  let message = "";
  try {
    const text = (await readSmall(answer, 64 << 10, where, { ...DEFAULT_SMALL })).toString("utf8");
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    code = body.errors?.[0]?.code ?? "";
    message = body.errors?.[0]?.message ?? "";
  } catch {
    // not the registry's JSON error body
  }
  answer.abort();
  if (code === "NAME_UNKNOWN") return new ImageError(`${where}: repository not found`);
  if (what === "manifest" && (status === 404 || code === "MANIFEST_UNKNOWN")) {
    return new ImageError(`${where}: manifest not found (no such tag or digest)`);
  }
  if (what === "blob" && (status === 404 || code === "BLOB_UNKNOWN")) return new ImageError(`${where}: blob not found in the registry`);
  if (status === 403) return new ImageError(`${where}: access denied (HTTP 403)`);
  if (status === 416) return new TransientError(`range not satisfiable`);
  const detail = message ? `: ${message.split("\n")[0].slice(0, 200)}` : "";
  return new ImageError(`${where}: HTTP ${status} for the ${what}${detail}`);
}

const DEFAULT_SMALL = { retries: 0, retryBaseDelayMs: 0, stallTimeoutMs: 10_000, maxRedirects: 0 };
