import { defineConfig } from "vitest/config";

/**
 * Two projects (`npm test` runs both; `npm run test:unit` the first):
 * - unit: the code under test imported from src/, with images written by test/helpers; needs only Node and zstd,
 *   builds nothing and starts nothing (under a minute);
 * - integration: files named *.e2e.test.ts(x), which need the built CLI (bin/layerscope.js, dist/), the real images
 *   of ../shared/realimages, registries, buildah, podman, containerd, tmux or chromium, and the files named
 *   *.slow.test.ts, property tests that take many seconds of CPU; the global setup builds dist/ and starts the lab
 *   registries once.
 */
const INTEGRATION = ["test/**/*.e2e.test.ts", "test/**/*.e2e.test.tsx", "test/**/*.slow.test.ts"];

export default defineConfig({
  test: {
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
          exclude: ["**/node_modules/**", ...INTEGRATION],
          globalSetup: ["test/setup/unit.ts"],
          // test/helpers/project.ts: the helpers that need the machine refuse to run here
          env: { LAYERSCOPE_TEST_PROJECT: "unit" },
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: INTEGRATION,
          globalSetup: ["test/setup/integration.ts"],
          // real images read on a machine other suites share; a file's setup may build an image (minutes)
          testTimeout: 120_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
