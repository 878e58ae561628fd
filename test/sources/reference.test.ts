import { describe, expect, it } from "vitest";
import { parseImageReference } from "../../src/sources/reference.js";
import { ImageError } from "../../src/errors.js";

const DIGEST = `sha256:${"9a".repeat(32)}`;

describe("parseImageReference", () => {
  it("splits registry, repository, tag and digest", () => {
    expect(parseImageReference(`127.0.0.1:5000/lab/tiny:oci@${DIGEST}`)).toEqual({
      registry: "127.0.0.1:5000",
      repository: "lab/tiny",
      tag: "oci",
      digest: DIGEST,
    });
    expect(parseImageReference("app")).toEqual({ registry: "docker.io", repository: "library/app" });
    expect(parseImageReference("[::1]:65535/lab/app").registry).toBe("[::1]:65535");
    expect(parseImageReference("[::1]/lab/app").registry).toBe("[::1]");
  });

  it("refuses a digest no registry could answer for, before asking one", () => {
    const cases: Array<[string, string]> = [
      ["localhost:5000/lab/tiny@sha256:abc", 'image reference "localhost:5000/lab/tiny@sha256:abc": invalid digest "sha256:abc"'],
      [`app@sha256:${"9A".repeat(32)}`, "invalid digest"],
      [`app@sha384:${"9a".repeat(48)}`, 'unsupported digest algorithm "sha384"'],
      ["app@nodigest", 'invalid digest "nodigest"'],
      ["127.0.0.1:99999/lab/tiny", 'invalid registry port in image reference "127.0.0.1:99999/lab/tiny" (a number from 1 to 65535)'],
      ["127.0.0.1:0/lab/tiny", "invalid registry port"],
      ["reg.example:/lab/tiny", "invalid registry port"],
    ];
    for (const [reference, message] of cases) {
      expect(() => parseImageReference(reference)).toThrow(ImageError);
      expect(() => parseImageReference(reference)).toThrow(message);
    }
  });
});
