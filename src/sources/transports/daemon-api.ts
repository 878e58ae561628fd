import { request, type IncomingMessage } from "node:http";
import { ImageError } from "../../errors.js";

/** Where a Docker-compatible Engine API listens: a unix socket, or plain HTTP on tcp://host:port. */
export type DaemonEndpoint = { socketPath: string; label: string } | { host: string; port: number; label: string };

/** `unix:///run/x.sock`, `/run/x.sock` or `tcp://127.0.0.1:2375`. */
export function parseDaemonHost(text: string): DaemonEndpoint {
  if (text.startsWith("unix://")) return { socketPath: text.slice("unix://".length), label: text.slice("unix://".length) };
  if (text.startsWith("/")) return { socketPath: text, label: text };
  const tcp = /^(?:tcp|http):\/\/([^/:]+|\[[^\]]+\]):(\d+)\/?$/.exec(text);
  if (tcp) return { host: tcp[1].replace(/^\[|\]$/g, ""), port: Number(tcp[2]), label: text };
  throw new ImageError(`unsupported daemon address "${text}" (unix:///path or tcp://host:port without TLS)`);
}

/** Connection failures that mean "no daemon here" rather than "the daemon failed". */
export function isUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ECONNREFUSED" || code === "EACCES" || code === "ENOTSOCK" || code === "EHOSTUNREACH";
}

/**
 * GET on the Engine API. Resolves with the response (any status) once its headers arrive; `headersTimeoutMs`
 * bounds the wait for them only, so a slow consumer of the body is never timed out.
 */
export function daemonGet(endpoint: DaemonEndpoint, path: string, headersTimeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const where = "socketPath" in endpoint ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
    const req = request({ ...where, path, method: "GET", headers: { host: "docker" } });
    const timer = setTimeout(() => {
      req.destroy(new ImageError(`the daemon at ${endpoint.label} did not answer within ${headersTimeoutMs / 1000} s`));
    }, headersTimeoutMs);
    req.on("response", (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

/** The daemon's `{"message": …}` error body, as one line. */
export async function daemonErrorMessage(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    if (length < 4096) parts.push(chunk);
    length += chunk.length;
  }
  const text = Buffer.concat(parts).toString("utf8");
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === "string") return message.split("\n")[0];
  } catch {
    // not JSON
  }
  return `HTTP ${res.statusCode}`;
}
