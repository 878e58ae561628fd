import { ImageError } from "../../errors.js";

export interface TransportOptions {
  /** Attempts after the first for 429, 5xx and connection failures (default 4) */
  retries: number;
  /** First backoff delay; doubles each attempt (default 500 ms) */
  retryBaseDelayMs: number;
  /** A request with no response, or a body with no bytes, for this long is abandoned (default 30 s) */
  stallTimeoutMs: number;
  /** Redirects followed per request (default 5) */
  maxRedirects: number;
}

export const DEFAULT_TRANSPORT: TransportOptions = {
  retries: 4,
  retryBaseDelayMs: 500,
  stallTimeoutMs: 30_000,
  maxRedirects: 5,
};

const MAX_RETRY_AFTER_MS = 30_000;

export interface HttpRequest {
  url: string;
  method?: "GET" | "HEAD" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Sent only to the origin of `url`, never to a host a redirect leads to */
  authorization?: string;
  /** Names the request in errors, e.g. `127.0.0.1:5000/lab/app` */
  label: string;
}

export interface HttpResponse {
  response: Response;
  /** Aborts the request and its body */
  abort(): void;
  /** The URL that answered, after redirects */
  url: string;
}

/** A failure worth another attempt: a dropped connection, a stall, or a 429/5xx answer. */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "TransientError";
  }
}

/** A request that got no answer at all: the registry is down or unreachable more often than busy. */
class NoAnswerError extends TransientError {}

/** Attempts after the first for a request that got no answer: each costs a whole stall timeout, and a silent
 * registry left a run waiting two and a half minutes before it said so. */
const NO_ANSWER_RETRIES = 1;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function backoffDelay(attempt: number, options: TransportOptions, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const base = options.retryBaseDelayMs * 2 ** attempt;
  return base / 2 + Math.random() * (base / 2);
}

/**
 * One request with retries: 429 and 5xx answers and connection failures are retried with backoff (honouring
 * Retry-After), redirects are followed by hand so credentials never leave the first origin. Any other answer,
 * including 401 and 404, is returned for the caller to handle.
 */
export async function send(request: HttpRequest, options: TransportOptions): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await sendOnce(request, options);
      const status = answer.response.status;
      if (status === 429 || (status >= 500 && status <= 599)) {
        answer.abort();
        throw new TransientError(`HTTP ${status}`, retryAfter(answer.response.headers.get("retry-after")));
      }
      return answer;
    } catch (err) {
      const transient = asTransient(err);
      if (!transient) throw networkError(err, request);
      const retries = transient instanceof NoAnswerError ? Math.min(options.retries, NO_ANSWER_RETRIES) : options.retries;
      if (attempt >= retries) {
        throw new ImageError(`${request.label}: ${transient.message} (gave up after ${attempt + 1} attempts)`);
      }
      await sleep(backoffDelay(attempt, options, transient.retryAfterMs));
    }
  }
}

async function sendOnce(request: HttpRequest, options: TransportOptions): Promise<HttpResponse> {
  let url = request.url;
  const origin = new URL(url).origin;
  for (let hop = 0; ; hop++) {
    const controller = new AbortController();
    const headers: Record<string, string> = { ...request.headers };
    if (request.authorization && new URL(url).origin === origin) headers.authorization = request.authorization;
    const timer = setTimeout(() => controller.abort(new NoAnswerError(`no answer for ${options.stallTimeoutMs / 1000} s`)), options.stallTimeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method ?? "GET",
        headers,
        body: request.body,
        redirect: "manual",
        signal: controller.signal,
      });
    } catch (err) {
      throw controller.signal.aborted ? controller.signal.reason : err;
    } finally {
      clearTimeout(timer);
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel().catch(() => undefined);
      if (hop >= options.maxRedirects) throw new ImageError(`${request.label}: too many redirects`);
      const next = new URL(location, url);
      if (next.protocol !== "https:" && next.protocol !== "http:") {
        throw new ImageError(`${request.label}: redirect to an unsupported URL scheme ${next.protocol}`);
      }
      url = next.href;
      continue;
    }
    return { response, abort: () => controller.abort(), url };
  }
}

function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** fetch wraps the cause of a network failure: `TypeError: fetch failed` with `cause.code`. */
function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function asTransient(err: unknown): TransientError | undefined {
  if (err instanceof TransientError) return err;
  if (err instanceof ImageError) return undefined;
  const code = errorCode(err);
  if (code && TRANSIENT_CODES.has(code)) return new TransientError(`connection failed (${code})`);
  const message = err instanceof Error ? err.message : "";
  if (/other side closed|terminated|socket hang up/i.test(message)) return new TransientError("connection dropped");
  return undefined;
}

function networkError(err: unknown, request: HttpRequest): Error {
  if (err instanceof ImageError) return err;
  const code = errorCode(err);
  const host = new URL(request.url).host;
  if (code === "ECONNREFUSED") return new ImageError(`${request.label}: cannot connect to ${host} (connection refused)`);
  if (code === "ENOTFOUND") return new ImageError(`${request.label}: unknown host ${host.replace(/:\d+$/, "")}`);
  if (code === "EPROTO" || code === "ERR_SSL_WRONG_VERSION_NUMBER") {
    return new ImageError(`${request.label}: TLS handshake with ${host} failed (a plain-HTTP registry needs --insecure)`);
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new ImageError(`${request.label}: the TLS certificate of ${host} is not trusted (${code})`);
  }
  const cause = (err as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
  return new ImageError(`${request.label}: request to ${host} failed (${(code ?? detail).split("\n")[0]})`);
}
