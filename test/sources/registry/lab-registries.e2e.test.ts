import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeImage } from "../../../src/analysis/analyze.js";
import type { ImageAnalysis } from "../../../src/analysis/types.js";
import { openImage } from "../../../src/sources/open.js";
import { openRemoteImage, type RemoteImageOptions } from "../../../src/sources/remote.js";
import type { ImageSource } from "../../../src/sources/types.js";
import { realImage } from "../../helpers/realimages.js";
import { decodedDiffIds } from "../../helpers/registry-fixture.js";
import { LAB_AUTH, LAB_PLAIN, LAB_USER, useLabRegistries } from "../../helpers/registry.js";

// Real images pushed by ../shared/realimages/registry.sh to Debian's docker-registry, compared with the same
// images read from their OCI layout exports.

let stopRegistries: () => Promise<void> = async () => undefined;
let noConfig: string;
const opts = (): RemoteImageOptions => ({ source: "registry", dockerConfigDir: noConfig });

beforeAll(async () => {
  noConfig = mkdtempSync(join(tmpdir(), "layerscope-nocfg-"));
  stopRegistries = await useLabRegistries(["features", "tiny", "multiarch"]);
});

afterAll(async () => {
  await stopRegistries();
  rmSync(noConfig, { recursive: true, force: true });
});

async function withSource<T>(open: Promise<ImageSource>, use: (source: ImageSource) => Promise<T>): Promise<T> {
  const source = await open;
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

/** The figures that must not depend on where the image came from. */
function figures(analysis: ImageAnalysis): unknown {
  const { reference: _r, format: _f, name: _n, manifestDigest: _m, compressedBytes: _c, ...image } = analysis.image;
  const layers = analysis.layers.map(({ digest: _d, blobSize: _b, mediaType: _t, compression: _z, ...layer }) => layer);
  return { image, layers, waste: analysis.waste };
}

describe("the realimages registries", () => {
  let layoutFigures: unknown;
  let layoutDiffIds: string[];

  beforeAll(async () => {
    await withSource(openImage(realImage("features", "oci")), async (source) => {
      layoutDiffIds = source.config.diffIds;
      layoutFigures = figures((await analyzeImage(source)).summary);
    });
  });

  for (const tag of ["oci", "v2s2", "zstd"]) {
    it(`reads features:${tag} from the plain registry with the same layers and figures as the OCI layout`, async () => {
      await withSource(openRemoteImage(`docker://${LAB_PLAIN}/lab/features:${tag}`, opts()), async (source) => {
        expect(source.format).toBe("registry");
        expect(source.config.diffIds).toEqual(layoutDiffIds);
        expect(figures((await analyzeImage(source)).summary)).toEqual(layoutFigures);
      });
    });
  }

  it("decodes every layer of features:zstd to its diff id", async () => {
    await withSource(openRemoteImage(`docker://${LAB_PLAIN}/lab/features:zstd`, opts()), async (source) => {
      expect(source.layers.map((l) => l.mediaType)).toContain("application/vnd.oci.image.layer.v1.tar+zstd");
      expect(await decodedDiffIds(source)).toEqual(layoutDiffIds);
    });
  });

  it("has the manifest digest of the OCI layout for :oci (pushed byte for byte)", async () => {
    const layout = realImage("features", "oci");
    const index = JSON.parse(readFileSync(join(layout, "index.json"), "utf8")) as { manifests: Array<{ digest: string }> };
    await withSource(openRemoteImage(`docker://${LAB_PLAIN}/lab/features:oci`, opts()), async (source) => {
      expect(source.manifestDigest).toBe(index.manifests[0].digest);
    });
  });

  for (const tag of ["oci", "v2s2"]) {
    it(`reads features:${tag} from the basic-auth registry with credentials`, async () => {
      await withSource(openRemoteImage(`docker://${LAB_AUTH}/lab/features:${tag}`, { ...opts(), ...LAB_USER }), async (source) => {
        expect(figures((await analyzeImage(source)).summary)).toEqual(layoutFigures);
      });
    });
  }

  it("refuses the basic-auth registry without credentials and with a wrong password", async () => {
    await expect(openRemoteImage(`docker://${LAB_AUTH}/lab/tiny:oci`, opts())).rejects.toThrow(/authentication required/);
    await expect(openRemoteImage(`docker://${LAB_AUTH}/lab/tiny:oci`, { ...opts(), username: "labuser", password: "x" })).rejects.toThrow(
      /authentication failed/,
    );
  });

  it("reports a missing tag", async () => {
    await expect(openRemoteImage(`docker://${LAB_PLAIN}/lab/tiny:no-such-tag`, opts())).rejects.toThrow(
      `${LAB_PLAIN}/lab/tiny:no-such-tag: manifest not found`,
    );
  });

  it("reads by digest and checks it", async () => {
    const digest = await withSource(openRemoteImage(`docker://${LAB_PLAIN}/lab/tiny:oci`, opts()), async (s) => s.manifestDigest as string);
    await withSource(openRemoteImage(`docker://${LAB_PLAIN}/lab/tiny@${digest}`, opts()), async (source) => {
      expect(source.manifestDigest).toBe(digest);
    });
  });
});

describe("multi-arch images", () => {
  const amd64 = () => realImage("apt-cleanup", "oci");
  const arm64 = () => realImage("base-arm64", "oci");
  const diffIdsOf = (path: string) => withSource(openImage(path), async (s) => s.config.diffIds);

  for (const tag of ["latest", "v2s2list"]) {
    it(`picks linux/amd64 from multiarch:${tag} by default on this host and linux/arm64 when asked`, async () => {
      await withSource(openRemoteImage(`docker://${LAB_PLAIN}/lab/multiarch:${tag}`, opts()), async (source) => {
        expect(source.config.architecture).toBe("amd64");
        expect(source.config.diffIds).toEqual(await diffIdsOf(amd64()));
      });
      await withSource(openRemoteImage(`docker://${LAB_PLAIN}/lab/multiarch:${tag}`, { ...opts(), platform: "linux/arm64" }), async (source) => {
        expect(source.config.architecture).toBe("arm64");
        expect(await decodedDiffIds(source)).toEqual(await diffIdsOf(arm64()));
      });
    });
  }

  it("lists the platforms there are when the one asked for is missing", async () => {
    await expect(openRemoteImage(`docker://${LAB_AUTH}/lab/multiarch:latest`, { ...opts(), ...LAB_USER, platform: "linux/s390x" })).rejects.toThrow(
      /no image for linux\/s390x; it has linux\/amd64, linux\/arm64\/v8/,
    );
  });

  it("refuses a platform a single-platform image is not", async () => {
    await expect(openRemoteImage(`docker://${LAB_PLAIN}/lab/tiny:oci`, { ...opts(), platform: "linux/arm64" })).rejects.toThrow(
      /the image is linux\/amd64, not linux\/arm64/,
    );
  });
});

describe("--save", () => {
  it("writes what it pulls as an OCI layout that reads back the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "layerscope-save-"));
    try {
      const pulled = await withSource(openRemoteImage(`docker://${LAB_PLAIN}/lab/features:v2s2`, { ...opts(), saveDir: dir }), async (source) =>
        figures((await analyzeImage(source)).summary),
      );
      const saved = await withSource(openImage(dir), async (source) => {
        expect(source.format).toBe("oci-layout");
        return figures((await analyzeImage(source, { verifyAll: true })).summary);
      });
      expect(saved).toEqual(pulled);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
