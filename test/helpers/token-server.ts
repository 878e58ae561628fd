import { execFileSync } from "node:child_process";
import { createPrivateKey, randomUUID, sign, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";

const TOKEN_SERVICE = "layerscope-test-registry";
const ISSUER = "layerscope-test-issuer";

export interface TokenServer {
  /** The realm URL for the registry's config */
  realm: string;
  /** The registry's `auth:` section */
  authYaml: string;
  /** Requests the token server answered, for assertions: which account asked, with which scope */
  requests: Array<{ account?: string; scope?: string; authenticated: boolean; refresh?: boolean }>;
  stop(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/**
 * A token server for the registry's `auth: token` mode: it signs RS256 JWTs with a self-signed certificate (made
 * with openssl, put in the token's x5c header) that the registry trusts through `rootcertbundle`.
 * Anonymous requests get pull access to `publicRepos` only; `users` (and holders of `refreshTokens`, which map a
 * refresh token to its user) get pull access to what they ask for.
 */
export async function startTokenServer(
  dir: string,
  users: Record<string, string>,
  publicRepos: string[],
  refreshTokens: Record<string, string> = {},
): Promise<TokenServer> {
  const keyPath = join(dir, "token.key");
  const certPath = join(dir, "token.crt");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyPath, "-out", certPath, "-subj", "/CN=layerscope-test-token", "-days", "2"], {
    stdio: "ignore",
  });
  const key = createPrivateKey(readFileSync(keyPath));
  const certDer = readFileSync(certPath, "utf8").replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const requests: TokenServer["requests"] = [];

  const server: Server = createServer((req, res) => {
    if (req.method === "POST") return void refresh(req, res);
    const url = new URL(req.url ?? "/", "http://x");
    const scope = url.searchParams.get("scope") ?? undefined;
    const header = req.headers.authorization;
    let account: string | undefined;
    if (header?.startsWith("Basic ")) {
      const [user, ...rest] = Buffer.from(header.slice(6), "base64").toString().split(":");
      if (users[user] === undefined || users[user] !== rest.join(":")) {
        requests.push({ account: user, scope, authenticated: false });
        res.writeHead(401, { "content-type": "application/json" }).end('{"details":"invalid credentials"}');
        return;
      }
      account = user;
    }
    requests.push({ account, scope, authenticated: account !== undefined });
    const access = grant(scope, account !== undefined, publicRepos);
    const token = jwt(key, certDer, url.searchParams.get("service") ?? "", account ?? "", access);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token, expires_in: 300 }));
  });
  // OAuth2 refresh-token grant (docker's identity tokens): the form carries refresh_token, service and scope.
  const refresh = (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      const account = refreshTokens[form.get("refresh_token") ?? ""];
      const scope = form.get("scope") ?? undefined;
      requests.push({ account, scope, authenticated: account !== undefined, refresh: true });
      if (form.get("grant_type") !== "refresh_token" || !account) {
        res.writeHead(401, { "content-type": "application/json" }).end('{"error":"invalid_grant"}');
        return;
      }
      const token = jwt(key, certDer, form.get("service") ?? "", account, grant(scope, true, publicRepos));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: token, expires_in: 300 }));
    });
  };
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const realm = `http://127.0.0.1:${port}/token`;
  const authYaml = ["auth:", "  token:", `    realm: ${realm}`, `    service: ${TOKEN_SERVICE}`, `    issuer: ${ISSUER}`, `    rootcertbundle: ${certPath}`].join("\n");
  return {
    realm,
    authYaml,
    requests,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

function grant(scope: string | undefined, authenticated: boolean, publicRepos: string[]): Access[] {
  if (!scope) return [];
  const [type, name, actions] = scope.split(":");
  if (type !== "repository" || !name) return [];
  if (!authenticated && !publicRepos.includes(name)) return [];
  return [{ type, name, actions: (actions ?? "").split(",").filter((a) => a === "pull") }];
}

function jwt(key: KeyObject, certDer: string, audience: string, subject: string, access: Access[]): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT", x5c: [certDer] };
  const claims = { iss: ISSUER, sub: subject, aud: audience, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(sign("sha256", Buffer.from(input), key))}`;
}
