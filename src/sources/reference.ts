/** Docker's reference normalisation: `app:1.0` → `docker.io/library/app:1.0`, `app` → `docker.io/library/app:latest`. */
export function normalizeDockerTag(reference: string): string {
  const slash = reference.lastIndexOf("/");
  const colon = reference.lastIndexOf(":");
  const hasTag = colon > slash;
  let name = hasTag ? reference.slice(0, colon) : reference;
  const tag = hasTag ? reference.slice(colon + 1) : "latest";
  const first = name.split("/")[0];
  const hasDomain = name.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  if (!hasDomain) name = `docker.io/${name.includes("/") ? name : `library/${name}`}`;
  if (name.startsWith("index.docker.io/")) name = `docker.io/${name.slice("index.docker.io/".length)}`;
  return `${name}:${tag}`;
}

/** Whether a user's `--tag` names a RepoTag of a docker archive. */
export function dockerTagMatches(wanted: string, repoTag: string): boolean {
  return wanted === repoTag || normalizeDockerTag(wanted) === normalizeDockerTag(repoTag);
}

/**
 * Whether a user's tag names an OCI layout entry. The entry's `org.opencontainers.image.ref.name` is usually just
 * a tag (`latest`, `1.0`) but may be a full name; `io.containerd.image.name` (Docker 25+) is a full name.
 */
export function ociRefMatches(wanted: string, refName: string | undefined, imageName: string | undefined): boolean {
  if (refName !== undefined) {
    if (wanted === refName) return true;
    const isBareTag = !refName.includes(":") && !refName.includes("/");
    if (isBareTag && tagPart(wanted) === refName) return true;
    if (!isBareTag && dockerTagMatches(wanted, refName)) return true;
  }
  return imageName !== undefined && dockerTagMatches(wanted, imageName);
}

/** `app:1.0` → `1.0`; `registry:5000/app` → undefined */
function tagPart(reference: string): string | undefined {
  const colon = reference.lastIndexOf(":");
  return colon > reference.lastIndexOf("/") ? reference.slice(colon + 1) : undefined;
}
