import { globTest } from "../../analysis/glob.js";

/**
 * Paths that differ between two builds of the same Dockerfile, by class: what a build writes with the time, a
 * random seed or the order it ran in. A difference there is build noise, not something a fix removed or changed.
 * (A difference in modification time alone is noise everywhere, and is not listed.)
 */
const NOISE_CLASSES: ReadonlyArray<{ name: string; globs: string[] }> = [
  { name: "logs", globs: ["/var/log/**"] },
  { name: "ld.so.cache", globs: ["/etc/ld.so.cache", "/var/cache/ldconfig/**"] },
  { name: "__pycache__", globs: ["/**/__pycache__", "/**/__pycache__/**", "/**/*.pyc"] },
  {
    name: "apt/dpkg state backups",
    globs: ["/var/lib/dpkg/*-old", "/var/cache/debconf/*-old", "/var/lib/dpkg/lock*", "/var/lib/apt/lists/lock", "/var/cache/apt/archives/lock", "/var/lib/dpkg/triggers/Lock"],
  },
  { name: "caches of fonts, man pages and mime types", globs: ["/var/cache/fontconfig/**", "/var/cache/man/**", "/usr/share/mime/**"] },
  { name: "machine identity", globs: ["/etc/machine-id", "/var/lib/dbus/machine-id", "/var/lib/systemd/random-seed"] },
];

const compiled = NOISE_CLASSES.map((noise) => ({ name: noise.name, test: globTest(noise.globs, { dot: true }) }));

/** The noise class of a path, or undefined. */
export function noiseClass(path: string): string | undefined {
  return compiled.find((noise) => noise.test(path))?.name;
}
