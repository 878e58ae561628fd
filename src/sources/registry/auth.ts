import type { Credentials } from "./credentials.js";
import { send, type TransportOptions } from "./transport.js";
import { ImageError } from "../../errors.js";

export interface Challenge {
  scheme: "basic" | "bearer";
  params: Record<string, string>;
}

const SCHEME = /([A-Za-z]+)(?=\s|$)/y;
const PARAM = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/y;
/** Real challenges take a few hundred bytes; what follows this is ignored. */
const MAX_CHALLENGE = 8192;

const isSeparator = (c: string) => c === "," || c === " " || c === "\t" || c === "\r" || c === "\n";

/**
 * Parses `WWW-Authenticate`; prefers a Bearer challenge over a Basic one when both are offered. Read token by
 * token with sticky patterns (one nested pattern over the whole header backtracked quadratically).
 */
export function parseChallenge(full: string | null): Challenge | undefined {
  if (!full) return undefined;
  const header = full.slice(0, MAX_CHALLENGE);
  const found: Array<{ scheme: string; params: Record<string, string> }> = [];
  let at = 0;
  for (;;) {
    while (at < header.length && isSeparator(header[at])) at++;
    if (at >= header.length) break;
    PARAM.lastIndex = at;
    const param = found.length > 0 ? PARAM.exec(header) : null;
    if (param) {
      found[found.length - 1].params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, "$1") : param[3];
      at = PARAM.lastIndex;
      continue;
    }
    SCHEME.lastIndex = at;
    const scheme = SCHEME.exec(header);
    if (scheme) {
      found.push({ scheme: scheme[1].toLowerCase(), params: {} });
      at = SCHEME.lastIndex;
      continue;
    }
    while (at < header.length && !isSeparator(header[at])) at++;
  }
  const known = found.filter((c): c is Challenge => c.scheme === "basic" || c.scheme === "bearer");
  return known.find((c) => c.scheme === "bearer") ?? known[0];
}

export function basicAuthorization(credentials: Credentials): string {
  if ("identityToken" in credentials) throw new ImageError("an identity token cannot be used for Basic auth");
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

const isLoopback = (host: string) => host === "localhost" || /^127\./.test(host) || host === "[::1]";

export interface TokenRequest {
  challenge: Challenge;
  /** Used when the challenge names no scope */
  scope: string;
  credentials?: Credentials;
  /** Plain-HTTP token servers are accepted for loopback hosts, or when insecure */
  insecure: boolean;
  label: string;
  transport: TransportOptions;
}

/**
 * Fetches a bearer token from the challenge's realm: anonymously, with Basic credentials, or with an identity
 * (refresh) token through the OAuth2 POST form. Returns the `Authorization` value.
 */
export async function fetchBearerToken(request: TokenRequest): Promise<string> {
  const { challenge, credentials, label } = request;
  const realm = challenge.params.realm;
  if (!realm) throw new ImageError(`${label}: the registry's Bearer challenge has no realm`);
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new ImageError(`${label}: the registry's token realm is not a URL`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && (isLoopback(url.hostname) || request.insecure))) {
    throw new ImageError(`${label}: refusing the token server ${url.host} over plain HTTP (use --insecure to allow it)`);
  }
  const service = challenge.params.service;
  const scope = challenge.params.scope ?? request.scope;
  let answer;
  if (credentials && "identityToken" in credentials) {
    const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: credentials.identityToken, client_id: "layerscope", scope });
    if (service) form.set("service", service);
    answer = await send(
      { url: url.href, method: "POST", body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, label },
      request.transport,
    );
  } else {
    if (service) url.searchParams.set("service", service);
    url.searchParams.set("scope", scope);
    if (credentials) url.searchParams.set("account", credentials.username);
    answer = await send({ url: url.href, authorization: credentials ? basicAuthorization(credentials) : undefined, label }, request.transport);
  }
  const { status } = answer.response;
  if (status === 401 || status === 403) {
    answer.abort();
    throw new TokenRefused(credentials ? `${label}: authentication failed (the token server rejected the credentials)` : `${label}: authentication required`);
  }
  if (status !== 200) {
    answer.abort();
    throw new ImageError(`${label}: the token server answered HTTP ${status}`);
  }
  let body: { token?: unknown; access_token?: unknown };
  try {
    body = (await answer.response.json()) as { token?: unknown; access_token?: unknown };
  } catch {
    throw new ImageError(`${label}: the token server's answer is not JSON`);
  }
  const token = typeof body.token === "string" && body.token ? body.token : body.access_token;
  if (typeof token !== "string" || !token) throw new ImageError(`${label}: the token server's answer has no token`);
  return `Bearer ${token}`;
}

/** The token server said no (401/403): worth trying again with credentials, if there are any. */
export class TokenRefused extends ImageError {}
