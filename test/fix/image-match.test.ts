import { describe, expect, it } from "vitest";
import { imageMatchesDockerfile } from "../../src/fix/image-match.js";
import { analyzeBuiltLayers } from "../helpers/analyze-built.js";

const DOCKERFILE = "FROM scratch\nCOPY . /app\nRUN make /app\n";

describe("imageMatchesDockerfile", () => {
  it("an image one of whose layers is an instruction of the Dockerfile matches; one built from another does not", async () => {
    const built = await analyzeBuiltLayers([
      { entries: [{ path: "app/a", content: "a" }], createdBy: "COPY dir:6d74712d7ec97c6c4bca379b4b244bed7f391bff011d769fbfc4cd5809d79ba9 in /app" },
      { entries: [{ path: "app/b", content: "b" }], createdBy: "/bin/sh -c make /app" },
    ]);
    expect(imageMatchesDockerfile(built, DOCKERFILE, undefined)).toBe(true);
    const other = await analyzeBuiltLayers([{ entries: [{ path: "usr/bin/jq", content: "jq" }], createdBy: "/bin/sh -c apt-get install -y jq" }]);
    expect(imageMatchesDockerfile(other, DOCKERFILE, undefined)).toBe(false);
  });

  it("undecided (a match) for an image without history, where nothing can be compared", async () => {
    const bare = await analyzeBuiltLayers([{ entries: [{ path: "app/a", content: "a" }], createdBy: "" }]);
    expect(imageMatchesDockerfile(bare, DOCKERFILE, undefined)).toBe(true);
  });
});
