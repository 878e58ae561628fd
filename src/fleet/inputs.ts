import { ImageError } from "../sources/types.js";

/** `--list FILE`: one reference a line; blank lines and `#` comments are skipped. */
export function parseReferenceList(text: string, what: string): string[] {
  const references: string[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (/\s/.test(line) || /[\u0000-\u001f\u007f]/.test(line)) throw new ImageError(`${what}:${i + 1}: not one image reference`);
    references.push(line);
  }
  return references;
}

const POD_DIGEST = /^(?:docker-pullable:\/\/)?([^@\s]+@sha256:[a-f0-9]{64})$/;

/**
 * The images of `kubectl get pods -A -o json` (or `-o json` of one namespace, or a single pod): every container,
 * init container and ephemeral container, as `docker://` registry references. Where the pod's status tells the
 * digest the node runs (`imageID` as `repo@sha256:…`), that exact image is named; otherwise the spec's reference.
 */
export function podImages(text: string, what: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImageError(`${what}: not JSON (give kubectl get pods -A -o json)`);
  }
  const object = (value: unknown): Record<string, unknown> => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.map(object) : []);
  const top = object(json);
  const pods = top.kind === "Pod" ? [top] : top.kind === "List" || top.kind === "PodList" || Array.isArray(top.items) ? list(top.items) : undefined;
  if (pods === undefined) throw new ImageError(`${what}: not a pod list (give kubectl get pods -A -o json)`);
  const found = new Set<string>();
  for (const pod of pods) {
    const spec = object(pod.spec);
    const status = object(pod.status);
    const running = new Map<string, string>();
    for (const state of [...list(status.containerStatuses), ...list(status.initContainerStatuses), ...list(status.ephemeralContainerStatuses)]) {
      const digest = typeof state.imageID === "string" ? POD_DIGEST.exec(state.imageID)?.[1] : undefined;
      if (typeof state.name === "string" && digest) running.set(state.name, digest);
    }
    for (const container of [...list(spec.containers), ...list(spec.initContainers), ...list(spec.ephemeralContainers)]) {
      const image = typeof container.image === "string" ? container.image.trim() : "";
      const pinned = typeof container.name === "string" ? running.get(container.name) : undefined;
      const reference = pinned ?? image;
      if (reference === "" || /[\s\u0000-\u001f]/.test(reference)) continue;
      found.add(`docker://${reference}`);
    }
  }
  return [...found].sort();
}
