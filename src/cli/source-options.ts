import type { Command } from "commander";

const SOURCE_OPTIONS: [flags: string, description: string][] = [
  ["--source <kind>", "force the source kind (docker-archive, oci-archive, oci, dir, registry, docker, podman, containerd, containers-storage)"],
  ["--platform <os/arch>", "pick this platform from a multi-platform image"],
  ["--tag <tag>", "pick this tag from an archive or layout holding several images"],
  ["--verify", "verify the digests of uncompressed local layers too (reads every byte)"],
  ["--username <name>", "registry user name (with --password-stdin)"],
  ["--password-stdin", "read the registry password from standard input"],
  ["--insecure", "plain HTTP for a registry that is not on localhost"],
  ["--save <dir>", "also write an image pulled from a registry as an OCI layout in DIR"],
  ["--storage-root <dir>", "containers-storage root for containers-storage: images (default: skopeo's)"],
  ["--containerd-address <socket>", "containerd's socket (default $CONTAINERD_ADDRESS, else /run/containerd/containerd.sock)"],
  ["--namespace <ns>", "containerd namespace (default $CONTAINERD_NAMESPACE, else default)"],
  ["--no-cache", "do not read or write the layer cache ($XDG_CACHE_HOME/layerscope)"],
];

/**
 * The options that choose, fetch and read an image, shared by every command that takes one; `except` leaves
 * some out (long names, e.g. `--tag` for a command that gives it another meaning).
 */
export function addSourceOptions(command: Command, except: string[] = []): Command {
  for (const [flags, description] of SOURCE_OPTIONS) {
    if (!except.includes(flags.split(" ")[0])) command.option(flags, description);
  }
  return command;
}
