import { describe, expect, it } from "vitest";
import { findBase, NOT_LOOKED_FOR } from "../../../src/analysis/base/find-base.js";
import type { HistoryEntry } from "../../../src/sources/types.js";

const ids = (...names: string[]): string[] => names.map((name) => `sha256:${name.padEnd(64, "0")}`);
const run = (createdBy: string, comment?: string): HistoryEntry => ({ createdBy, emptyLayer: false, ...(comment ? { comment } : {}) });
const meta = (createdBy: string, comment?: string): HistoryEntry => ({ createdBy, emptyLayer: true, ...(comment ? { comment } : {}) });

describe("findBase", () => {
  it("takes the base image's layers when they are the image's first ones", () => {
    const found = findBase({ diffIds: ids("a", "b", "c"), history: [], bases: [{ reference: "base:1", from: "option", diffIds: ids("a", "b") }] });
    expect(found).toMatchObject({ evidence: "base-image", inheritedLayers: 2, name: "base:1" });
  });

  it("counts the shared part of a base rebuilt since, and says so", () => {
    const found = findBase({ diffIds: ids("a", "b", "c"), history: [], bases: [{ reference: "base:1", from: "option", diffIds: ids("a", "x") }] });
    expect(found).toMatchObject({ evidence: "base-image", inheritedLayers: 1 });
    expect(found.detail).toMatch(/1 of the 2 layers.*rebuilt/);
  });

  it("falls back to buildah's FROM comment, skipping the ids of intermediate steps and the base's own build", () => {
    const history = [
      run("debootstrap"),
      run("/bin/sh -c apt-get install curl", "FROM debian:12"),
      meta("/bin/sh -c #(nop) CMD", "FROM 7c3b236c16ea"),
      meta("/bin/sh -c #(nop) ENV A=1", "FROM localhost/lab/curl:latest"),
      run("/bin/sh -c make", "FROM 4e75b7d5a1f4"),
    ];
    const found = findBase({ diffIds: ids("a", "b", "c"), history, bases: [{ reference: "other", from: "annotation", diffIds: ids("z") }] });
    expect(found).toMatchObject({ evidence: "history", inheritedLayers: 2, name: "localhost/lab/curl:latest" });
    expect(found.detail).toMatch(/other was read, but its layers are not the image's first layers/);
  });

  it("counts the final stage's RUN, COPY and ADD back from the top, through FROM stage", () => {
    const dockerfile = [
      "FROM debian:12 AS build",
      "RUN make",
      "FROM build AS test",
      "COPY . /src",
      "ENV X=1",
      "RUN test",
      "FROM debian:12 AS other",
      "RUN true",
    ].join("\n");
    const found = findBase({ diffIds: ids("a", "b", "c", "d", "e"), history: [], dockerfile: { text: dockerfile, target: "test" } });
    expect(found).toMatchObject({ evidence: "dockerfile", inheritedLayers: 2, name: "debian:12" });
    expect(findBase({ diffIds: ids("a"), history: [], dockerfile: { text: "FROM scratch\nCOPY x /" } })).toMatchObject({ inheritedLayers: 0, name: "scratch" });
  });

  it("reads an empty base annotation as FROM scratch, and says so when nothing tells", () => {
    const annotations = { "org.opencontainers.image.base.name": "", "org.opencontainers.image.base.digest": "" };
    expect(findBase({ diffIds: ids("a"), history: [], annotations })).toMatchObject({ evidence: "annotation", inheritedLayers: 0, name: "scratch" });
    expect(findBase({ diffIds: ids("a"), history: [run("x")] })).toMatchObject({ evidence: "none", inheritedLayers: 0 });
  });

  it("notes a named base it could not read, once per reason", () => {
    const found = findBase({
      diffIds: ids("a", "b"),
      history: [run("x"), run("y", "FROM base")],
      bases: [
        { reference: "base@sha256:1", from: "annotation", error: NOT_LOOKED_FOR },
        { reference: "base", from: "annotation", error: NOT_LOOKED_FOR },
      ],
    });
    expect(found.evidence).toBe("history");
    expect(found.detail.match(/not compared/g)).toHaveLength(1);
  });
});
