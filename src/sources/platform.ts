import { ImageError } from "./types.js";

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const NODE_TO_OCI_ARCH: Record<string, string> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant, extra] = text.split("/");
  if (!os || !architecture || extra !== undefined || variant === "") {
    throw new ImageError(`invalid platform "${text}": expected os/arch[/variant], e.g. linux/amd64`);
  }
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function hostPlatform(): Platform {
  return { os: "linux", architecture: NODE_TO_OCI_ARCH[process.arch] ?? process.arch };
}

export function formatPlatform(platform: Platform | undefined): string {
  if (!platform) return "unknown platform";
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}

/** arm64's default variant is v8 and amd64's is v1, so `linux/arm64` matches `linux/arm64/v8`. */
const DEFAULT_VARIANTS: Record<string, string> = { arm64: "v8", amd64: "v1" };

export function platformMatches(wanted: Platform, actual: Platform | undefined): boolean {
  if (!actual || wanted.os !== actual.os || wanted.architecture !== actual.architecture) return false;
  if (!wanted.variant) return true;
  const actualVariant = actual.variant ?? DEFAULT_VARIANTS[actual.architecture];
  return wanted.variant === actualVariant;
}

/**
 * A `--platform` asked of a source holding one image of a known platform (a docker save, a daemon's export): refused
 * the way an OCI layout refuses it, naming the platform there is.
 */
export function checkSinglePlatform(wanted: string | undefined, actual: Partial<Platform>, where: string): void {
  if (wanted === undefined) return;
  const platform = parsePlatform(wanted);
  const there = { os: actual.os ?? "", architecture: actual.architecture ?? "", ...(actual.variant ? { variant: actual.variant } : {}) };
  if (!platformMatches(platform, there)) {
    throw new ImageError(`no ${formatPlatform(platform)} image in ${where}; platforms: ${there.os && there.architecture ? formatPlatform(there) : "unknown"}`);
  }
}
