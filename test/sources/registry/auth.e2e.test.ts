import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseChallenge } from "../../../src/sources/registry/auth.js";
import { openRemoteImage, type RemoteImageOptions } from "../../../src/sources/remote.js";
import { startFaultProxy, type FaultProxy } from "../../helpers/fault-proxy.js";
import { decodedDiffIds, seededRegistry, type SeededRegistry } from "../../helpers/registry-fixture.js";
import { startTokenServer, type TokenServer } from "../../helpers/token-server.js";

const USER = "labuser";
const PASSWORD = "s3cret-pass";

let dir: string;
let emptyConfig: string;
let tokens: TokenServer;
let tokenRegistry: SeededRegistry;
let basicRegistry: SeededRegistry;
let expected: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "layerscope-auth-"));
  emptyConfig = join(dir, "no-docker-config");
  mkdirSync(emptyConfig);
  tokens = await startTokenServer(dir, { [USER]: PASSWORD }, ["test/public"], { "refresh-abc": USER });
  mkdirSync(join(dir, "token"));
  tokenRegistry = await seededRegistry(join(dir, "token"), tokens.authYaml, ["test/app", "test/public"]);
  mkdirSync(join(dir, "basic"));
  const htpasswd = join(dir, "basic", "htpasswd");
  execFileSync("htpasswd", ["-Bbc", htpasswd, USER, PASSWORD], { stdio: "ignore" });
  basicRegistry = await seededRegistry(join(dir, "basic"), ["auth:", "  htpasswd:", "    realm: test-realm", `    path: ${htpasswd}`].join("\n"));
  expected = tokenRegistry.image.layers.map((l) => l.diffId);
});

afterAll(async () => {
  await tokenRegistry?.registry.stop();
  await basicRegistry?.registry.stop();
  await tokens?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const base = (): RemoteImageOptions => ({ dockerConfigDir: emptyConfig, transport: { retries: 1, retryBaseDelayMs: 5 } });

async function pull(reference: string, options: RemoteImageOptions): Promise<string[]> {
  const source = await openRemoteImage(reference, options);
  try {
    return await decodedDiffIds(source);
  } finally {
    await source.close();
  }
}

function writeDockerConfig(name: string, config: unknown): string {
  const configDir = join(dir, name);
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, "config.json"), JSON.stringify(config));
  return configDir;
}

describe("bearer token auth (the registry validates the tokens)", () => {
  const ref = () => `docker://${tokenRegistry.registry.address}/test/app:1.0`;

  it("pulls a public repository with an anonymous token", async () => {
    tokens.requests.length = 0;
    expect(await pull(`docker://${tokenRegistry.registry.address}/test/public:1.0`, base())).toEqual(expected);
    expect(tokens.requests.length).toBeGreaterThan(0);
    expect(tokens.requests.every((r) => !r.authenticated)).toBe(true);
  });

  it("asks for credentials when the anonymous token is not enough", async () => {
    await expect(openRemoteImage(ref(), base())).rejects.toThrow(/test\/app: authentication required, or the repository does not exist/);
  });

  it("pulls with --username/--password", async () => {
    tokens.requests.length = 0;
    expect(await pull(ref(), { ...base(), username: USER, password: PASSWORD })).toEqual(expected);
    expect(tokens.requests.some((r) => r.authenticated && r.account === USER && r.scope === "repository:test/app:pull")).toBe(true);
  });

  it("reports a wrong password without showing it", async () => {
    const err = await openRemoteImage(ref(), { ...base(), username: USER, password: "wrong-pass-xyz" }).catch((e: Error) => e);
    expect(String(err)).toMatch(/authentication failed/);
    expect(String(err)).not.toContain("wrong-pass-xyz");
  });

  it("takes credentials from docker's config.json after an anonymous try", async () => {
    const auth = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
    const configDir = writeDockerConfig("cfg-auths", { auths: { [`http://${tokenRegistry.registry.address}`]: { auth } } });
    tokens.requests.length = 0;
    expect(await pull(ref(), { ...base(), dockerConfigDir: configDir })).toEqual(expected);
    expect(tokens.requests[0].authenticated).toBe(false);
    expect(tokens.requests.some((r) => r.authenticated)).toBe(true);
  });

  it("uses an identity token from docker's config.json through the OAuth2 refresh-token grant", async () => {
    const configDir = writeDockerConfig("cfg-identity", { auths: { [tokenRegistry.registry.address]: { identitytoken: "refresh-abc" } } });
    tokens.requests.length = 0;
    expect(await pull(ref(), { ...base(), dockerConfigDir: configDir })).toEqual(expected);
    expect(tokens.requests.some((r) => r.refresh && r.account === USER)).toBe(true);
  });

  describe("credential helpers", () => {
    let savedPath: string | undefined;
    beforeAll(() => {
      const bin = join(dir, "bin");
      mkdirSync(bin, { recursive: true });
      const script = join(bin, "docker-credential-lstest");
      const server = tokenRegistry.registry.address;
      writeFileSync(
        script,
        [
          "#!/bin/sh",
          '[ "$1" = get ] || exit 2',
          "read -r server",
          `if [ "$server" = "${server}" ]; then echo '{"ServerURL":"${server}","Username":"${USER}","Secret":"${PASSWORD}"}'; exit 0; fi`,
          "echo 'credentials not found in native keychain'; exit 1",
        ].join("\n") + "\n",
      );
      chmodSync(script, 0o755);
      savedPath = process.env.PATH;
      process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ""}`;
    });
    afterAll(() => {
      process.env.PATH = savedPath;
    });

    it("uses credHelpers for the registry's host", async () => {
      const configDir = writeDockerConfig("cfg-helpers", { credHelpers: { [tokenRegistry.registry.address]: "lstest" } });
      expect(await pull(ref(), { ...base(), dockerConfigDir: configDir })).toEqual(expected);
    });

    it("uses credsStore", async () => {
      const configDir = writeDockerConfig("cfg-store", { credsStore: "lstest" });
      expect(await pull(ref(), { ...base(), dockerConfigDir: configDir })).toEqual(expected);
    });

    it("treats a helper that knows no credentials for the host as none", async () => {
      const configDir = writeDockerConfig("cfg-store-miss", { credsStore: "lstest" });
      const other = `docker://${basicRegistry.registry.address}/test/app:1.0`;
      await expect(openRemoteImage(other, { ...base(), dockerConfigDir: configDir })).rejects.toThrow(/authentication required/);
    });
  });
});

describe("basic auth", () => {
  const ref = () => `docker://${basicRegistry.registry.address}/test/app:1.0`;

  it("pulls with credentials", async () => {
    expect(await pull(ref(), { ...base(), username: USER, password: PASSWORD })).toEqual(basicRegistry.image.layers.map((l) => l.diffId));
  });

  it("refuses a wrong password, without showing it", async () => {
    const err = await openRemoteImage(ref(), { ...base(), username: USER, password: "nope-nope" }).catch((e: Error) => e);
    expect(String(err)).toMatch(/test\/app: authentication failed/);
    expect(String(err)).not.toContain("nope-nope");
  });

  it("asks for credentials when there are none", async () => {
    await expect(openRemoteImage(ref(), base())).rejects.toThrow(/authentication required/);
  });

  describe("redirects", () => {
    let front: FaultProxy;
    let storage: FaultProxy;
    beforeAll(async () => {
      const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
      storage = await startFaultProxy(basicRegistry.registry.address, basic);
      front = await startFaultProxy(basicRegistry.registry.address);
      front.add(/^GET \/v2\/test\/app\/blobs\//, { kind: "redirect", location: `http://${storage.address}/direct` });
    });
    afterAll(async () => {
      await front?.stop();
      await storage?.stop();
    });

    it("follows a blob redirect to another origin without sending the credentials there", async () => {
      const reference = `docker://${front.address}/test/app:1.0`;
      expect(await pull(reference, { ...base(), username: USER, password: PASSWORD })).toEqual(basicRegistry.image.layers.map((l) => l.diffId));
      const direct = storage.log.filter((line) => line.startsWith("GET /direct/v2/test/app/blobs/"));
      expect(direct.length).toBeGreaterThan(0);
      expect(direct.some((line) => line.includes("[auth]"))).toBe(false);
      expect(front.log.some((line) => line.includes("/manifests/") && line.includes("[auth]"))).toBe(true);
    });
  });
});

describe("parseChallenge", () => {
  it("reads a Bearer challenge with quoted parameters", () => {
    const header = 'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"';
    expect(parseChallenge(header)).toEqual({
      scheme: "bearer",
      params: { realm: "https://auth.example/token", service: "registry.example", scope: "repository:a/b:pull,push" },
    });
  });

  it("reads Basic, and prefers Bearer when both are offered", () => {
    expect(parseChallenge('Basic realm="lab-registry"')).toEqual({ scheme: "basic", params: { realm: "lab-registry" } });
    expect(parseChallenge('Basic realm="x", Bearer realm="https://t/token"')?.scheme).toBe("bearer");
    expect(parseChallenge(null)).toBeUndefined();
  });
});
