import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realImage } from "../helpers/realimages.js";
import { LAB_AUTH, LAB_PLAIN, LAB_USER, useLabRegistries } from "../helpers/registry.js";

// The real CLI against Debian's docker-registry: plain and basic auth, with figures equal to the OCI export's.

let stop: () => Promise<void> = async () => undefined;
const env = { ...process.env, CI: "", DOCKER_CONFIG: mkdtempSync(join(tmpdir(), "layerscope-cfg-")) };

function run(args: string[], input = "", more: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["bin/layerscope.js", ...args], { encoding: "utf8", env: { ...env, ...more }, input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function figures(stdout: string): unknown {
  const { image, layers, waste } = JSON.parse(stdout);
  // blob names, sizes and media types differ between the OCI and the Docker v2 manifests of the same image
  // and the base attribution's wording: only OCI manifests record the base, looked up in the registry only
  const { reference: _r, format: _f, name: _n, manifestDigest: _m, compressedBytes: _c, base: _base, ...rest } = image;
  return { image: rest, layers: layers.map(({ digest: _d, blobSize: _b, mediaType: _t, ...l }: Record<string, unknown>) => l), waste };
}

beforeAll(async () => {
  stop = await useLabRegistries(["features"]);
});
afterAll(() => stop());

describe("layerscope docker://… on a real registry", () => {
  it("gives the figures of the same image read from its OCI layout, plain and with basic auth", () => {
    const local = run([realImage("features", "oci"), "--json", "-"]);
    expect(local.status).toBe(0);
    const plain = run([`docker://${LAB_PLAIN}/lab/features:oci`, "--json", "-"]);
    expect(plain.stderr).toBe("");
    expect(figures(plain.stdout)).toEqual(figures(local.stdout));
    const auth = run([`docker://${LAB_AUTH}/lab/features:v2s2`, "--username", LAB_USER.username, "--password-stdin", "--json", "-"], `${LAB_USER.password}\n`);
    expect(auth.stderr).toBe("");
    expect(figures(auth.stdout)).toEqual(figures(local.stdout));
  });

  it("says in one line when credentials are missing or wrong, and never prints the password", () => {
    const none = run([`docker://${LAB_AUTH}/lab/features:oci`, "--ci"]);
    expect(none.status).toBe(2);
    expect(none.stderr.trim().split("\n")).toHaveLength(1);
    expect(none.stderr).toMatch(/authentication required/);
    const wrong = run([`docker://${LAB_AUTH}/lab/features:oci`, "--username", "labuser", "--password-stdin", "--ci"], "s3cret-wrong\n");
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^layerscope: .*authentication failed/);
    expect(wrong.stderr + wrong.stdout).not.toContain("s3cret-wrong");
  });

  it("names a missing tag", () => {
    const missing = run([`docker://${LAB_PLAIN}/lab/features:no-such-tag`, "--ci"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^layerscope: .*no-such-tag/);
  });
});

describe("--save", () => {
  it("saves a whole layout when the layers are in the layer cache already", () => {
    const cached = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "layerscope-xdg-")) };
    const reference = `docker://${LAB_PLAIN}/lab/features:oci`;
    const first = run([reference, "--json", "-"], "", cached);
    expect(first.status).toBe(0);
    const dir = join(mkdtempSync(join(tmpdir(), "layerscope-save-")), "saved");
    const saving = run([reference, "--save", dir, "--json", "-"], "", cached);
    expect([saving.status, saving.stderr, existsSync(join(dir, "index.json"))]).toEqual([0, "", true]);
    const saved = run([dir, "--json", "-"], "", cached);
    expect(saved.stderr).toBe("");
    expect(figures(saved.stdout)).toEqual(figures(first.stdout));
  });
});
