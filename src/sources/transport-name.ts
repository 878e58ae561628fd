/** The transports layerscope reads, as a reference's prefix */
const TRANSPORTS = ["docker-archive:", "oci-archive:", "oci:", "dir:", "containers-storage:", "containerd://", "docker://", "docker-daemon:"];

/** skopeo's transports that layerscope does not read */
const ELSEWHERE = new Set(["tarball", "ostree", "sif", "atomic"]);

/** What to write instead of a prefix that other tools use */
const INSTEAD: Record<string, (rest: string) => string> = {
  podman: (rest) => `Podman's images: --source podman ${rest}`,
  "oci-layout": (rest) => `an OCI layout: oci:${rest}`,
};

/**
 * Why a reference that names no local file cannot be an image reference because of its prefix, if it cannot:
 * `bogus:/x`, `docker-daemn:app:1` or `OCI:dir` would otherwise reach the registry parser, which would call the
 * prefix a host with a bad port. A registry's `host:5000/app` and a `name:tag` pass: a port is a number, a tag has
 * no `/`, and a host with a dot is left to the parser.
 */
export function unknownTransport(reference: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+-]*):(.*)$/s.exec(reference);
  if (!match) return undefined;
  const [, name, rest] = match;
  const known = TRANSPORTS.find((prefix) => prefix.replace(/:(\/\/)?$/, "") === name.toLowerCase());
  const list = `layerscope reads ${TRANSPORTS.join(", ")}`;
  if (known) return name === name.toLowerCase() ? undefined : `unknown transport "${name}" in ${reference}: transports are lower case (${known})`;
  const slash = rest.indexOf("/");
  const pathLike = /^(\/|\.\.?\/|~)/.test(rest) || (slash >= 0 && !/^\d+$/.test(rest.slice(0, slash)));
  if (!ELSEWHERE.has(name) && !pathLike) return undefined;
  const instead = INSTEAD[name]?.(rest);
  return `unknown transport "${name}" in ${reference} (${instead ?? list})`;
}
