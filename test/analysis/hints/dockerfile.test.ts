import { describe, expect, it } from "vitest";
import { finalStage, parseDockerfile, stageNames } from "../../../src/analysis/hints/dockerfile.js";
import { mapLayersToInstructions, matchScore } from "../../../src/analysis/hints/layer-lines.js";

const MULTI = `# syntax=docker/dockerfile:1
FROM debian:bookworm AS build
RUN apt-get update \\
 # a comment inside a continuation
 && apt-get install -y make
COPY . /src
RUN make -C /src

FROM build AS test
RUN make -C /src test

FROM debian:bookworm
WORKDIR /app
COPY --from=build /src/out /app/
RUN <<EOF
chmod 755 /app/run
EOF
ENV MODE=prod
CMD ["/app/run"]
`;

describe("parseDockerfile", () => {
  it("joins continuations, skips comments, keeps heredoc bodies and numbers lines from 1", () => {
    const instructions = parseDockerfile(MULTI);
    expect(instructions.map((ins) => [ins.keyword, ins.line, ins.stage])).toEqual([
      ["FROM", 2, 0],
      ["RUN", 3, 0],
      ["COPY", 6, 0],
      ["RUN", 7, 0],
      ["FROM", 9, 1],
      ["RUN", 10, 1],
      ["FROM", 12, 2],
      ["WORKDIR", 13, 2],
      ["COPY", 14, 2],
      ["RUN", 15, 2],
      ["ENV", 18, 2],
      ["CMD", 19, 2],
    ]);
    expect(instructions[1].args.replace(/\s+/g, " ")).toBe("apt-get update && apt-get install -y make");
    expect(instructions[9].args).toContain("chmod 755 /app/run");
  });

  it("honours the backtick escape directive", () => {
    const instructions = parseDockerfile("# escape=`\nFROM x\nRUN a `\n  b\n");
    expect(instructions.map((ins) => ins.args.replace(/\s+/g, " ").trim())).toEqual(["x", "a b"]);
  });
});

describe("stageNames", () => {
  it("lists the named stages, lower-cased, in order", () => {
    expect(stageNames(parseDockerfile(MULTI))).toEqual(["build", "test"]);
    expect(stageNames(parseDockerfile("FROM scratch AS Tiny\n"))).toEqual(["tiny"]);
  });
});

describe("finalStage", () => {
  it("takes the last stage, or the target with the stages it is built FROM", () => {
    const instructions = parseDockerfile(MULTI);
    expect(finalStage(instructions).map((ins) => ins.line)).toEqual([13, 14, 15, 18, 19]);
    expect(finalStage(instructions, "test").map((ins) => ins.line)).toEqual([3, 6, 7, 10]);
    expect(finalStage(instructions, "nope")).toEqual([]);
  });
});

describe("mapLayersToInstructions", () => {
  const instructions = finalStage(parseDockerfile(MULTI), "test");

  it("matches RUN text and skips the base image's layers", () => {
    const commands = [
      "ADD file:abc in /",
      "RUN apt-get update  && apt-get install -y make",
      "COPY dir:0123 in /src",
      "RUN make -C /src",
      "RUN make -C /src test",
    ];
    expect(mapLayersToInstructions(commands, instructions).map((ins) => ins?.line)).toEqual([undefined, 3, 6, 7, 10]);
  });

  it("matches COPY by destination (classic builders) or text (BuildKit), and never across keywords", () => {
    expect(matchScore("COPY dir:0123 in /src/", instructions[1])).toBe(3);
    expect(matchScore("COPY . /src", instructions[1])).toBe(3);
    expect(matchScore("COPY file:9 in /elsewhere", instructions[1])).toBe(1);
    expect(matchScore("RUN make -C /src", instructions[1])).toBe(0);
  });

  it("pairs a RUN of other text by position, and maps nothing without instructions", () => {
    expect(mapLayersToInstructions(["RUN something else", "RUN make -C /src test"], instructions).map((ins) => ins?.line)).toEqual([3, 10]);
    expect(mapLayersToInstructions(["COPY x in /y"], [])).toEqual([undefined]);
  });
});
