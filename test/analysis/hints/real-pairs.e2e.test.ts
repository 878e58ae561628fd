import { describe, expect, it } from "vitest";
import { computeHints } from "../../../src/analysis/hints/compute-hints.js";
import type { Hint } from "../../../src/analysis/hints/types.js";
import { analyzePair, dockerfileOf, lineOf, truthBytesUnder, truthFiles } from "./pair-images.js";

/** Hints of a real image, with its own Dockerfile */
async function hintsOf(name: string): Promise<{ hints: Hint[]; dockerfile: string; commands: string[] }> {
  const analysis = await analyzePair(name);
  const dockerfile = dockerfileOf(name);
  return { hints: computeHints(analysis, { dockerfile }), dockerfile, commands: analysis.summary.layers.map((layer) => layer.command) };
}

function ids(hints: Hint[]): string[] {
  return [...new Set(hints.map((hint) => hint.id))].sort();
}

function one(hints: Hint[], id: string, path?: string): Hint {
  const found = hints.filter((hint) => hint.id === id && (path === undefined || hint.path === path));
  expect(found, `${id} ${path ?? ""}`).toHaveLength(1);
  return found[0];
}

describe("apt: lists and caches left by the RUN", () => {
  it("fire on the apt-get layer of apt-nocleanup, with the bytes of the truth, and not on apt-cleanup", async () => {
    const bad = await hintsOf("apt-nocleanup");
    const line = lineOf(bad.dockerfile, "RUN apt-get");
    const lists = one(bad.hints, "apt-lists");
    expect([lists.layer, lists.line, lists.instruction]).toEqual([1, line, bad.commands[1]]);
    expect(lists.bytes).toBe(truthBytesUnder("apt-nocleanup", "/var/lib/apt/lists"));
    const cache = one(bad.hints, "apt-cache");
    expect([cache.layer, cache.line]).toEqual([1, line]);
    expect(cache.bytes).toBe(truthBytesUnder("apt-nocleanup", "/var/cache/apt"));

    const good = await hintsOf("apt-cleanup");
    expect(good.hints.filter((hint) => hint.id.startsWith("apt-"))).toEqual([]);
  });

  it("cleanup in a later RUN: the update and install layers get apt-cleanup-later with their line", async () => {
    const { hints, dockerfile } = await hintsOf("apt-split-cleanup");
    const later = hints.filter((hint) => hint.id === "apt-cleanup-later").sort((a, b) => a.layer - b.layer);
    expect(later.map((hint) => [hint.layer, hint.line])).toEqual([
      [1, lineOf(dockerfile, "RUN apt-get update")],
      [2, lineOf(dockerfile, "RUN apt-get install")],
    ]);
    expect(later.every((hint) => hint.bytes > 0 && /removed by layers? .*3/.test(hint.message))).toBe(true);
    // nothing of apt is left at the end, so no junk hint
    expect(ids(hints)).not.toContain("apt-lists");
  });
});

describe("build tools: single- vs multi-stage build of the same app", () => {
  it("make stays in the single-stage image (its install line), not in the multi-stage one", async () => {
    const single = await hintsOf("hint-build-single");
    const tools = one(single.hints, "build-tools");
    expect([tools.layer, tools.line]).toEqual([1, lineOf(single.dockerfile, "RUN apt-get")]);
    expect(tools.message).toContain("make");
    expect(tools.bytes).toBeGreaterThanOrEqual(truthFiles("hint-build-single").get("/usr/bin/make")!);

    for (const name of ["hint-build-multi", "multistage"]) {
      expect(ids((await hintsOf(name)).hints)).not.toContain("build-tools");
    }
  });
});

describe("COPY . . with and without a .dockerignore", () => {
  it("the .git, node_modules and editor leftovers copied in are hinted at the COPY line", async () => {
    const bad = await hintsOf("hint-copy-git");
    const line = lineOf(bad.dockerfile, "COPY . .");
    for (const id of ["git-dir", "node-modules-copied", "editor-leftovers"]) {
      const hint = one(bad.hints, id);
      expect([hint.layer, hint.line], id).toEqual([1, line]);
    }
    expect(one(bad.hints, "git-dir").bytes).toBe(truthBytesUnder("hint-copy-git", "/app/.git"));
    expect(one(bad.hints, "node-modules-copied").bytes).toBe(truthBytesUnder("hint-copy-git", "/app/node_modules"));

    expect((await hintsOf("hint-copy-ignore")).hints).toEqual([]);
  });
});

describe("chmod after COPY", () => {
  it("the chmod/chown RUN re-emits the files whole; COPY --chmod does not", async () => {
    const bad = await hintsOf("hint-chmod-run");
    const hint = one(bad.hints, "metadata-reemit");
    expect([hint.layer, hint.line]).toEqual([bad.commands.length - 1, lineOf(bad.dockerfile, "RUN chmod")]);
    const truth = truthFiles("hint-chmod-run");
    expect(hint.bytes).toBe(truth.get("/opt/tool.sh")! + truth.get("/usr/local/share/data.txt")!);

    expect((await hintsOf("hint-chmod-copy")).hints).toEqual([]);
  });

  it("features: the chmod/chown/touch RUN and the 24 MiB deleted by a later RUN", async () => {
    const { hints, dockerfile } = await hintsOf("features");
    const reemit = one(hints, "metadata-reemit");
    expect(reemit.line).toBe(lineOf(dockerfile, "RUN echo v2-longer-content"));
    const deleted = hints.find((hint) => hint.id === "deleted-later" && hint.line === lineOf(dockerfile, "RUN dd if=/dev/urandom"));
    expect(deleted?.bytes).toBe(24 * 1024 * 1024);
  });
});

describe("secrets", () => {
  it("ENV token, build argument, label and key files are hinted at their lines, without their values", async () => {
    const bad = await hintsOf("hint-secrets");
    const lines = (id: string, path?: string): [number, number | undefined] => {
      const hint = one(bad.hints, id, path);
      return [hint.layer, hint.line];
    };
    const runLayer = bad.commands.findIndex((command) => command.includes(".npmrc"));
    const copyLayer = bad.commands.findIndex((command) => command.startsWith("COPY"));
    expect(lines("secret-env")[1]).toBe(lineOf(bad.dockerfile, "ENV API_TOKEN"));
    expect(lines("secret-label")[1]).toBe(lineOf(bad.dockerfile, "LABEL"));
    // ENV and LABEL write no layer: their hints name the config's history entry (base's debootstrap, ARG, ENV, LABEL…)
    expect(one(bad.hints, "secret-env").history).toBe(2);
    expect(one(bad.hints, "secret-label").history).toBe(3);
    expect(one(bad.hints, "secret-build-arg").history).toBeUndefined();
    expect(lines("secret-build-arg")).toEqual([runLayer, lineOf(bad.dockerfile, "ARG NPM_TOKEN")]);
    expect(lines("secret-file", "/root/.npmrc")).toEqual([runLayer, lineOf(bad.dockerfile, "RUN echo")]);
    for (const path of ["/app/id_rsa", "/app/.env", "/app/server.pem"]) {
      expect(lines("secret-file", path)).toEqual([copyLayer, lineOf(bad.dockerfile, "COPY keys/")]);
    }
    expect(one(bad.hints, "secret-file", "/app/id_rsa").severity).toBe("error");
    const json = JSON.stringify(bad.hints);
    for (const value of ["lab-secret-api-token", "lab-label-password", "npm_labSecretBuildArgToken"]) expect(json).not.toContain(value);

    expect((await hintsOf("hint-nosecrets")).hints).toEqual([]);
  });
});
