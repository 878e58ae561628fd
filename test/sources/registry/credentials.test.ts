import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsFromDockerConfig, dockerConfigDir } from "../../../src/sources/registry/credentials.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "layerscope-creds-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(content: unknown): string {
  const d = mkdtempSync(join(dir, "cfg-"));
  writeFileSync(join(d, "config.json"), typeof content === "string" ? content : JSON.stringify(content));
  return d;
}

describe("docker config credentials", () => {
  it("reads `auth` (base64 user:password) by registry host, with or without scheme", async () => {
    const d = config({ auths: { "https://reg.example:5000": { auth: Buffer.from("me:pa:ss").toString("base64") } } });
    expect(await credentialsFromDockerConfig("reg.example:5000", d)).toEqual({ username: "me", password: "pa:ss" });
    expect(await credentialsFromDockerConfig("other.example", d)).toBeUndefined();
  });

  it("refuses an `auth` that is not base64 of user:password, as docker does, naming the file and host", async () => {
    for (const auth of ["garbage!!", Buffer.from("no-colon").toString("base64"), Buffer.from(":nouser").toString("base64")]) {
      const d = config({ auths: { "127.0.0.1:5001": { auth } } });
      await expect(credentialsFromDockerConfig("127.0.0.1:5001", d)).rejects.toThrow(
        `${join(d, "config.json")}: the auths entry for 127.0.0.1:5001 is not base64 of user:password (run docker login again)`,
      );
    }
    expect(await credentialsFromDockerConfig("127.0.0.1:5001", config({ auths: { "127.0.0.1:5001": { auth: "" } } }))).toBeUndefined();
  });

  it("knows the Docker Hub under its historical key", async () => {
    const d = config({ auths: { "https://index.docker.io/v1/": { username: "u", password: "p" } } });
    expect(await credentialsFromDockerConfig("docker.io", d)).toEqual({ username: "u", password: "p" });
  });

  it("reads identity tokens", async () => {
    const d = config({ auths: { "ghcr.io": { identitytoken: "tok" } } });
    expect(await credentialsFromDockerConfig("ghcr.io", d)).toEqual({ identityToken: "tok" });
  });

  it("gives none without a config file, and a one-line error for a broken one", async () => {
    expect(await credentialsFromDockerConfig("ghcr.io", join(dir, "nowhere"))).toBeUndefined();
    await expect(credentialsFromDockerConfig("ghcr.io", config("{not json"))).rejects.toThrow(/config\.json: cannot read docker's config \(invalid JSON\)/);
  });

  it("reports a credential helper that is not installed", async () => {
    const d = config({ credHelpers: { "ghcr.io": "layerscope-no-such-helper" } });
    await expect(credentialsFromDockerConfig("ghcr.io", d)).rejects.toThrow("credential helper docker-credential-layerscope-no-such-helper is not installed");
  });

  it("uses DOCKER_CONFIG when set", () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: "/x/y" })).toBe("/x/y");
    expect(dockerConfigDir({})).toMatch(/\.docker$/);
  });
});
