import { describe, expect, it } from "vitest";
import { buildImage } from "../helpers/build-image.js";
import { runInProcess } from "../helpers/cli-io.js";

const binary = Buffer.concat([Buffer.from("\u007fELF"), Buffer.alloc(64), Buffer.from("tail")]);
// larger than the bytes sniffed and than one read: what comes after the sniff must not reach the terminal either
const bigBinary = Buffer.concat([Buffer.from("\u007fELF"), Buffer.alloc(64), Buffer.alloc(1 << 20, "x")]);
const hostile = "title\u001b]0;pwned\u0007\n\u001b[31mred\u001b[0m\tok \u202etxt.exe\n";

async function image(): Promise<string> {
  const built = await buildImage(
    {
      layers: [
        [
          { path: "bin/tool", content: binary, mode: 0o755 },
          { path: "bin/big-tool", content: bigBinary, mode: 0o755 },
          { path: "etc/hostile.txt", content: hostile },
          { path: "etc/plain.txt", content: "plain\n" },
          { path: "dev/null", type: "char", devmajor: 1, devminor: 3 },
          { path: "etc/link", type: "symlink", linkname: "plain.txt" },
        ],
        [{ path: "etc/plain.txt", content: "changed\n" }],
      ],
    },
    { format: "oci-layout" },
  );
  return built.path;
}

describe("layerscope cat", () => {
  it("writes the bytes as they are to a pipe, at any layer, through symlinks", async () => {
    const path = await image();
    const plain = await runInProcess(["cat", path, "/etc/link"]);
    expect([plain.status, plain.stdout.toString(), plain.stderr]).toEqual([0, "changed\n", ""]);
    expect((await runInProcess(["cat", path, "etc/plain.txt", "--layer", "0"])).stdout.toString()).toBe("plain\n");
    expect((await runInProcess(["cat", path, "/bin/tool"])).stdout).toEqual(binary);
    expect((await runInProcess(["cat", path, "/etc/hostile.txt"])).stdout.toString()).toBe(hostile);
  });

  it("refuses binary content on a terminal unless --force, and escapes what could drive the terminal", async () => {
    const path = await image();
    const refused = await runInProcess(["cat", path, "/bin/tool"], { tty: true });
    expect(refused.status).toBe(2);
    expect(refused.stdout.length).toBe(0);
    expect(refused.stderr).toBe(
      `layerscope: /bin/tool (after layer 1): binary file (${binary.length} bytes), not written to a terminal: redirect it (> FILE) or add --force\n`,
    );
    expect((await runInProcess(["cat", path, "/bin/tool", "--force"], { tty: true })).stdout).toEqual(binary);
    const big = await runInProcess(["cat", path, "/bin/big-tool"], { tty: true });
    expect([big.status, big.stdout.length]).toEqual([2, 0]);
    expect(big.stderr).toMatch(/^layerscope: \/bin\/big-tool \(after layer 1\): binary file \(1048644 bytes\), not written to a terminal/);
    const text = await runInProcess(["cat", path, "/etc/hostile.txt"], { tty: true });
    expect(text.stdout.toString()).toBe("title\\x1b]0;pwned\\x07\n\\x1b[31mred\\x1b[0m\tok \\u202etxt.exe\n");
  });

  it("says in one line, exit 2, what is not a file", async () => {
    const path = await image();
    const lines = async (args: string[]) => {
      const run = await runInProcess(["cat", path, ...args]);
      return [run.status, run.stdout.length, run.stderr];
    };
    expect(await lines(["/etc"])).toEqual([2, 0, "layerscope: /etc (after layer 1): is a directory (layerscope ls lists it)\n"]);
    expect(await lines(["/nope"])).toEqual([2, 0, "layerscope: /nope (after layer 1): no such file\n"]);
    expect(await lines(["/nope/deeper"])).toEqual([2, 0, "layerscope: /nope/deeper (after layer 1): no such file (/nope is missing)\n"]);
    expect(await lines(["/dev/null"])).toEqual([2, 0, "layerscope: /dev/null (after layer 1): a character device, not a regular file\n"]);
    expect(await lines(["/etc/link", "--no-follow"])).toEqual([
      2,
      0,
      "layerscope: /etc/link (after layer 1): a symlink to plain.txt (not followed: --no-follow)\n",
    ]);
    expect(await lines(["/etc/plain.txt", "--layer", "7"])).toEqual([2, 0, `layerscope: --layer 7: ${path} has layers 0 to 1\n`]);
    expect(await lines([""])).toEqual([2, 0, 'layerscope: an empty PATH: give an absolute path inside the image ("/" for its root)\n']);
  });
});
