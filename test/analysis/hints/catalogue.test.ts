import { describe, expect, it } from "vitest";
import { ownHints } from "../../../src/analysis/base/split.js";
import type { BaseFigures } from "../../../src/analysis/base/types.js";
import { analyzeImage } from "../../../src/analysis/analyze.js";
import { computeHints, hintsOfLayer } from "../../../src/analysis/hints/compute-hints.js";
import type { Hint } from "../../../src/analysis/hints/types.js";
import type { Analysis } from "../../../src/analysis/types.js";
import { openImage } from "../../../src/sources/open.js";
import { buildImage, type EntrySpec, type HistorySpec } from "../../helpers/build-image.js";

interface FixtureLayer {
  createdBy: string;
  entries: EntrySpec[];
}

async function analyzeLayers(
  layers: FixtureLayer[],
  extra: { history?: HistorySpec[]; env?: string[]; labels?: Record<string, string> } = {},
): Promise<Analysis> {
  const built = await buildImage(
    { layers: layers.map((layer) => ({ entries: layer.entries, createdBy: layer.createdBy })), ...extra },
    { format: "docker-archive" },
  );
  const source = await openImage(built.path);
  try {
    return await analyzeImage(source);
  } finally {
    await source.close();
  }
}

const BASE: FixtureLayer = { createdBy: "ADD rootfs.tar /", entries: [{ path: "etc/os-release", content: "ID=test\n" }] };

function only(hints: Hint[], id: string): Hint[] {
  return hints.filter((hint) => hint.id === id);
}

describe("package manager caches", () => {
  it("fire on the layer that left them, with their bytes, and not on a layer that cleaned up", async () => {
    const analysis = await analyzeLayers([
      BASE,
      {
        createdBy: "/bin/sh -c pip install flask",
        entries: [
          { path: "root/.cache/pip/http/a", size: 5000 },
          { path: "usr/lib/flask.py", size: 10 },
        ],
      },
      {
        createdBy: "/bin/sh -c npm ci",
        entries: [
          { path: "root/.npm/_cacache/b", size: 3000 },
          { path: "app/node_modules/x/index.js", size: 20 },
        ],
      },
      { createdBy: "/bin/sh -c yarn install", entries: [{ path: "usr/local/share/.cache/yarn/v6/c", size: 2000 }] },
      { createdBy: "/bin/sh -c apk add curl", entries: [{ path: "var/cache/apk/APKINDEX.tar.gz", size: 1500 }] },
      { createdBy: "/bin/sh -c dnf install -y make", entries: [{ path: "var/cache/dnf/repo.solv", size: 1200 }] },
      { createdBy: "/bin/sh -c pip install --no-cache-dir requests", entries: [{ path: "usr/lib/requests.py", size: 10 }] },
    ]);
    const hints = computeHints(analysis);
    const expected: Array<[string, number, number]> = [
      ["pip-cache", 1, 5000],
      ["npm-cache", 2, 3000],
      ["yarn-cache", 3, 2000],
      ["apk-cache", 4, 1500],
      ["yum-cache", 5, 1200],
    ];
    for (const [id, layer, bytes] of expected) {
      expect(only(hints, id).map((hint) => [hint.layer, hint.bytes])).toEqual([[layer, bytes]]);
      expect(only(hints, id)[0].instruction).toBe(analysis.summary.layers[layer].command);
    }
    expect(hintsOfLayer(hints, 6)).toEqual([]);
    // node_modules made by a RUN is not a build-context leftover
    expect(only(hints, "node-modules-copied")).toEqual([]);
  });

  it("flags apt-get install without --no-install-recommends only", async () => {
    const analysis = await analyzeLayers([
      BASE,
      { createdBy: "/bin/sh -c apt-get install -y curl", entries: [{ path: "usr/bin/curl", size: 10 }] },
      { createdBy: "/bin/sh -c apt-get install -y --no-install-recommends wget", entries: [{ path: "usr/bin/wget", size: 10 }] },
    ]);
    expect(only(computeHints(analysis), "apt-recommends").map((hint) => hint.layer)).toEqual([1]);
  });
});

describe("layer-to-layer waste", () => {
  it("a chmod RUN that re-emits a lower file is a metadata-reemit; rewriting it with new content is not", async () => {
    const analysis = await analyzeLayers([
      BASE,
      {
        createdBy: "COPY file:1 in /app/",
        entries: [
          { path: "app/data.bin", size: 10_000 },
          { path: "app/conf", content: "a=1\n" },
        ],
      },
      { createdBy: "/bin/sh -c chmod 0755 /app/data.bin", entries: [{ path: "app/data.bin", size: 10_000, mode: 0o755 }] },
      { createdBy: "/bin/sh -c echo a=22 > /app/conf", entries: [{ path: "app/conf", content: "a=22\n" }] },
    ]);
    const hints = only(computeHints(analysis), "metadata-reemit");
    expect(hints.map((hint) => [hint.layer, hint.bytes, hint.path])).toEqual([[2, 10_000, "/app/data.bin"]]);
  });

  it("a file deleted by a later layer points at the layer that wrote it", async () => {
    const analysis = await analyzeLayers([
      BASE,
      { createdBy: "/bin/sh -c make", entries: [{ path: "build/obj.o", size: 50_000 }] },
      { createdBy: "/bin/sh -c rm -rf /build", entries: [{ path: ".wh.build" }] },
    ]);
    const hints = only(computeHints(analysis), "deleted-later");
    expect(hints.map((hint) => [hint.layer, hint.bytes, hint.path])).toEqual([[1, 50_000, "/build/obj.o"]]);
    expect(hints[0].message).toContain("layer 2");
  });

  it("a base layer's files deleted later: the fix says so when the base attribution does, and hedges without one", async () => {
    const analysis = await analyzeLayers([
      { createdBy: "COPY data /data", entries: [{ path: "data/a.bin", size: 50_000 }] },
      { createdBy: "/bin/sh -c make", entries: [{ path: "build/obj.o", size: 50_000 }] },
      { createdBy: "/bin/sh -c rm -rf /data /build", entries: [{ path: ".wh.data" }, { path: ".wh.build" }] },
    ]);
    const fixes = (): Array<[number, string, string]> =>
      only(computeHints(analysis), "deleted-later")
        .map((hint): [number, string, string] => [hint.layer, hint.severity, hint.fix.split(":")[0]])
        .sort((a, b) => a[0] - b[0]);
    const own = "create and delete them in the same RUN, or build them in another stage and COPY --from only the result";
    expect(fixes()).toEqual([
      [0, "info", "layer 0 is usually the base image's, and deleting its files saves nothing"],
      [1, "warning", own],
    ]);
    const side = { layers: 0, sizeBytes: 0, wastedBytes: 0, shadowedBytes: 0, deletedBytes: 0, junkBytes: 0, packages: 0, packageBytes: 0 };
    const base = (evidence: "annotation" | "none", inheritedLayers: number) => {
      analysis.summary.image.base = { evidence, inheritedLayers, detail: "", yours: side, inherited: side };
    };
    base("annotation", 0); // FROM scratch: layer 0 is the image's own COPY
    expect(fixes()).toEqual([
      [0, "warning", own],
      [1, "warning", own],
    ]);
    base("annotation", 2);
    expect(fixes()).toEqual([
      [0, "info", "deleting base-image files saves nothing"],
      [1, "info", "deleting base-image files saves nothing"],
    ]);
    base("none", 0); // nothing told: as without an attribution
    expect(fixes()[0]).toEqual([0, "info", "layer 0 is usually the base image's, and deleting its files saves nothing"]);
  });

  it("a large file replaced by a later layer is replaced-later; base-image files replaced are not hinted", async () => {
    const analysis = await analyzeLayers([
      { createdBy: "ADD rootfs.tar /", entries: [{ path: "var/lib/dpkg/status", size: 2_000_000 }] },
      { createdBy: "/bin/sh -c fetch-model", entries: [{ path: "models/m.bin", size: 3_000_000 }] },
      {
        createdBy: "/bin/sh -c fetch-model --small && apt-get install -y x",
        entries: [
          { path: "models/m.bin", size: 1_000 },
          { path: "var/lib/dpkg/status", size: 2_000_100 },
        ],
      },
    ]);
    const hints = only(computeHints(analysis), "replaced-later");
    expect(hints.map((hint) => [hint.layer, hint.bytes, hint.path])).toEqual([[1, 3_000_000, "/models/m.bin"]]);
    expect(hints[0].message).toContain("is replaced by layer 2");
  });
});

describe("build context and build tools", () => {
  it("node_modules copied from the context, and compilers and headers left in the final image", async () => {
    const analysis = await analyzeLayers([
      BASE,
      {
        createdBy: "/bin/sh -c apt-get install -y --no-install-recommends gcc libz-dev",
        entries: [
          { path: "usr/bin/gcc-12", size: 900 },
          { path: "usr/include/zlib.h", size: 100 },
          { path: "usr/lib/gcc/x86_64-linux-gnu/12/cc1", size: 5000 },
        ],
      },
      {
        createdBy: "COPY dir:abc in /app/",
        entries: [
          { path: "app/node_modules/left-pad/index.js", size: 300 },
          { path: "app/index.js", size: 10 },
        ],
      },
    ]);
    const hints = computeHints(analysis);
    expect(only(hints, "build-tools").map((hint) => [hint.layer, hint.bytes])).toEqual([[1, 6000]]);
    expect(only(hints, "node-modules-copied").map((hint) => [hint.layer, hint.bytes])).toEqual([[2, 300]]);
  });
});

describe("secrets", () => {
  it("name where a credential is, never its value, also for a key deleted by a later layer", async () => {
    const secret = "ghp_" + "Z".repeat(36);
    const analysis = await analyzeLayers(
      [
        BASE,
        { createdBy: `|1 GH_TOKEN=${secret} /bin/sh -c git clone https://github.com/x/y`, entries: [{ path: "root/.ssh/id_ed25519", content: "key" }] },
        { createdBy: "/bin/sh -c rm /root/.ssh/id_ed25519", entries: [{ path: "root/.ssh/.wh.id_ed25519" }] },
      ],
      {
        history: [
          { createdBy: "ADD rootfs.tar /" },
          { createdBy: `/bin/sh -c #(nop) ENV API_PASSWORD=${secret}`, emptyLayer: true },
          { createdBy: `|1 GH_TOKEN=${secret} /bin/sh -c git clone https://github.com/x/y` },
          { createdBy: "/bin/sh -c rm /root/.ssh/id_ed25519" },
        ],
        env: ["PATH=/usr/bin", `API_PASSWORD=${secret}`],
        labels: { "org.example.token": secret, "org.example.title": "demo" },
      },
    );
    const hints = computeHints(analysis, {
      dockerfile: `FROM scratch\nENV API_PASSWORD=${secret}\nARG GH_TOKEN\nRUN git clone https://github.com/x/y\nRUN rm /root/.ssh/id_ed25519\n`,
    });
    const secrets = hints.filter((hint) => hint.id.startsWith("secret-"));
    expect(secrets.map((hint) => [hint.id, hint.layer, hint.line])).toEqual(
      expect.arrayContaining([
        ["secret-env", 1, 2], // the ENV wrote no layer: it belongs with the first layer after it
        ["secret-build-arg", 1, 3],
        ["secret-label", 2, undefined], // not in the history: the last layer
        ["secret-file", 1, 4],
      ]),
    );
    expect(secrets.map((hint) => [hint.id, hint.history])).toEqual(
      expect.arrayContaining([
        ["secret-env", 1], // the ENV entry: it wrote no layer
        ["secret-build-arg", undefined], // the RUN that recorded it wrote layer 1
        ["secret-label", undefined],
      ]),
    );
    // with layer 0 the base's, the image's own ENV is still its own: --ignore-base keeps it
    const own = ownHints(hints, { inheritedLayers: 1 } as BaseFigures).map((hint) => hint.id);
    expect(own).toEqual(expect.arrayContaining(["secret-env", "secret-build-arg", "secret-label", "secret-file"]));
    expect(secrets.find((hint) => hint.id === "secret-file")?.message).toContain("deleted by a later layer");
    expect(JSON.stringify(hints)).not.toContain(secret);
    expect(
      computeHints(analysis, { silence: ["secret-env", "secret-label", "secret-build-arg", "secret-file"] }).some((hint) => hint.id.startsWith("secret-")),
    ).toBe(false);
  });
});
