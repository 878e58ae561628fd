/**
 * Throws in a test of the unit project (vitest.config.ts sets LAYERSCOPE_TEST_PROJECT there): `what` needs the
 * machine (../shared, the build, a registry), which only the integration project's files may use.
 */
export function integrationOnly(what: string): void {
  if (process.env.LAYERSCOPE_TEST_PROJECT === "unit") {
    throw new Error(`${what} is for the integration project: name this test file *.e2e.test.ts`);
  }
}
