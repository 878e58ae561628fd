import { describe, expect, it } from "vitest";
import { unknownTransport } from "../../src/sources/transport-name.js";

describe("unknownTransport", () => {
  it("names a prefix that is no transport of layerscope's, instead of a registry's bad port", () => {
    expect(unknownTransport("bogus:/images/app.tar")).toBe(
      'unknown transport "bogus" in bogus:/images/app.tar (layerscope reads docker-archive:, oci-archive:, oci:, dir:, containers-storage:, containerd://, docker://, docker-daemon:)',
    );
    expect(unknownTransport("tarball:app.tar")).toMatch(/^unknown transport "tarball"/);
    expect(unknownTransport("docker-deamon:lab/app:1")).toMatch(/^unknown transport "docker-deamon"/);
    expect(unknownTransport("podman:lab/app:1")).toBe('unknown transport "podman" in podman:lab/app:1 (Podman\'s images: --source podman lab/app:1)');
    expect(unknownTransport("oci-layout:./layout")).toBe('unknown transport "oci-layout" in oci-layout:./layout (an OCI layout: oci:./layout)');
  });

  it("says transports are lower case", () => {
    expect(unknownTransport("OCI:layout")).toBe('unknown transport "OCI" in OCI:layout: transports are lower case (oci:)');
    expect(unknownTransport("Docker-Archive:app.tar")).toMatch(/lower case \(docker-archive:\)$/);
  });

  it("lets registry references and names with tags through", () => {
    for (const reference of ["alpine:3.19", "app:latest", "localhost:5000/app:1", "registry.example.com:abc/app", "oci:layout", "app", "lab/app:1"]) {
      expect(unknownTransport(reference), reference).toBeUndefined();
    }
  });
});
