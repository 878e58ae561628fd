import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * What the proxy does to a matching request:
 * - `status`: answers `status` itself (500, 429, 404 …) without asking the registry;
 * - `drop`: forwards, then cuts the connection after `afterBytes` bytes of the body;
 * - `stall`: forwards, then stops sending after `afterBytes` bytes (the connection stays open);
 * - `stall-headers`: never answers;
 * - `corrupt`: forwards with one byte of the body changed (same length);
 * - `ignore-range`: forwards without the Range header (a server that always sends the whole body);
 * - `redirect`: answers 307 to `location` + the request path. Requests under `/direct/` are forwarded to the
 *   registry without that prefix, with `directAuthorization` added (like a pre-signed storage URL).
 */
type FaultAction =
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  | { kind: "drop"; afterBytes: number }
  | { kind: "stall"; afterBytes: number }
  | { kind: "stall-headers" }
  | { kind: "corrupt"; atByte: number }
  | { kind: "redirect"; location: string }
  | { kind: "ignore-range" };

interface Fault {
  /** Matches `METHOD path`, e.g. /GET \/v2\/.*\/blobs\// */
  match: RegExp;
  action: FaultAction;
  /** How many matching requests get the fault (default: all) */
  times?: number;
  /** How many requests it has hit so far */
  hits: number;
}

export interface FaultProxy {
  /** host:port of the proxy */
  address: string;
  faults: Fault[];
  /** Every request seen, as `METHOD path [range] [auth]` */
  log: string[];
  add(match: RegExp, action: FaultAction, times?: number): Fault;
  clear(): void;
  stop(): Promise<void>;
}

/** A loopback HTTP proxy in front of a registry that injects faults on chosen requests. */
export async function startFaultProxy(upstream: string, directAuthorization?: string): Promise<FaultProxy> {
  const faults: Fault[] = [];
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    log.push([line, req.headers.range, req.headers.authorization ? "[auth]" : undefined].filter(Boolean).join(" "));
    const fault = faults.find((f) => f.match.test(line) && (f.times === undefined || f.hits < f.times));
    if (fault) fault.hits++;
    if (fault?.action.kind === "redirect") {
      res.writeHead(307, { location: fault.action.location + req.url }).end();
      return;
    }
    if (req.url?.startsWith("/direct/")) {
      req.url = req.url.slice("/direct".length);
      if (directAuthorization) req.headers.authorization = directAuthorization;
      else delete req.headers.authorization;
    }
    handle(req, res, upstream, fault?.action);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    address: `127.0.0.1:${port}`,
    faults,
    log,
    add(match, action, times) {
      const fault: Fault = { match, action, times, hits: 0 };
      faults.push(fault);
      return fault;
    },
    clear() {
      faults.length = 0;
      log.length = 0;
    },
    stop() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function handle(req: IncomingMessage, res: ServerResponse, upstream: string, action: FaultAction | undefined): void {
  if (action?.kind === "status") {
    res.writeHead(action.status, { "content-type": "application/json", ...action.headers }).end(action.body ?? "{}");
    return;
  }
  if (action?.kind === "stall-headers") return;
  const [host, port] = upstream.split(":");
  const headers = { ...req.headers, host: upstream };
  if (action?.kind === "ignore-range") delete headers.range;
  const out = request({ host, port: Number(port), path: req.url, method: req.method, headers }, (answer) => {
    // The registry's redirects and Location headers name the upstream; point them at the proxy instead.
    const location = answer.headers.location;
    if (location) answer.headers.location = location.replace(`//${upstream}`, `//${req.headers.host}`);
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    res.flushHeaders();
    let sent = 0;
    answer.on("data", (chunk: Buffer) => {
      const start = sent;
      sent += chunk.length;
      if (action?.kind === "corrupt" && action.atByte >= start && action.atByte < sent) {
        chunk = Buffer.from(chunk);
        chunk[action.atByte - start] ^= 0xff;
      }
      if ((action?.kind === "drop" || action?.kind === "stall") && sent > action.afterBytes) {
        const keep = chunk.subarray(0, Math.max(0, action.afterBytes - start));
        answer.destroy();
        res.write(keep, () => {
          if (action.kind === "drop") res.socket?.destroy();
        });
        return;
      }
      res.write(chunk);
    });
    answer.on("end", () => res.end());
  });
  out.on("error", () => res.destroy());
  req.pipe(out);
}
