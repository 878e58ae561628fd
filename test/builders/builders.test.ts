import { describe, expect, it } from "vitest";
import { builderArgs, storageFlags } from "../../src/builders/builders.js";

const request = {
  context: "/src/app",
  dockerfile: "/src/app/Dockerfile.prod",
  target: "final",
  buildArgs: ["A=1", "B"],
  tag: "app:dev",
  extraArgs: ["--isolation", "chroot"],
  iidFile: "/tmp/x/iid",
};

describe("builder command lines", () => {
  it("docker and podman build, buildah bud with one layer per step; pass-through flags before the context", () => {
    const common = ["--iidfile", "/tmp/x/iid", "-f", "/src/app/Dockerfile.prod", "--target", "final", "--build-arg", "A=1", "--build-arg", "B", "-t", "app:dev", "--isolation", "chroot", "/src/app"];
    expect(builderArgs("docker", request)).toEqual(["build", ...common]);
    expect(builderArgs("podman", request)).toEqual(["build", ...common]);
    expect(builderArgs("buildah", request)).toEqual(["bud", "--layers", ...common]);
    expect(builderArgs("docker", { ...request, target: undefined, tag: undefined, buildArgs: [], extraArgs: [] })).toEqual([
      "build", "--iidfile", "/tmp/x/iid", "-f", "/src/app/Dockerfile.prod", "/src/app",
    ]);
  });

  it("the storage flags among the pass-through flags, in both spellings, for the export", () => {
    expect(storageFlags(["--isolation", "chroot", "--root", "/r", "--runroot=/rr", "--storage-driver", "vfs", "--storage-opt=a=b", "--pull=never"])).toEqual([
      "--root", "/r", "--runroot=/rr", "--storage-driver", "vfs", "--storage-opt=a=b",
    ]);
    expect(storageFlags(["--rootless", "--root"])).toEqual([]);
  });
});
