import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
  },
});
