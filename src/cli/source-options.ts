import type { Command } from "commander";

/** The options that choose, fetch and read an image, shared by every command that takes one. */
export function addSourceOptions(command: Command): Command {
  return command
    .option("--source <kind>", "force the source kind (docker-archive, oci-archive, oci, dir, registry, docker, podman, containerd, containers-storage)")
    .option("--platform <os/arch>", "pick this platform from a multi-platform image")
    .option("--tag <tag>", "pick this tag from an archive or layout holding several images")
    .option("--verify", "verify the digests of uncompressed local layers too (reads every byte)")
    .option("--username <name>", "registry user name (with --password-stdin)")
    .option("--password-stdin", "read the registry password from standard input")
    .option("--insecure", "plain HTTP for a registry that is not on localhost")
    .option("--save <dir>", "also write an image pulled from a registry as an OCI layout in DIR")
    .option("--storage-root <dir>", "containers-storage root for containers-storage: images (default: skopeo's)")
    .option("--containerd-address <socket>", "containerd's socket (default $CONTAINERD_ADDRESS, else /run/containerd/containerd.sock)")
    .option("--namespace <ns>", "containerd namespace (default $CONTAINERD_NAMESPACE, else default)")
    .option("--no-cache", "do not read or write the layer cache ($XDG_CACHE_HOME/layerscope)");
}
