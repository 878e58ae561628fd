// Writing ustar members for the generated benchmark images (bench-million.mjs, make-huge.mjs).

/** A ustar header: a file (type "0"), a directory ("5"); mode 0644 or 0755, uid/gid 0, a fixed mtime. */
export function tarHeader(name, size, type) {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, "utf8");
  block.write(type === "5" ? "0000755\0" : "0000644\0", 100);
  block.write("0000000\0", 108);
  block.write("0000000\0", 116);
  block.write(size.toString(8).padStart(11, "0") + "\0", 124);
  block.write("14567123456\0", 136);
  block.write(type, 156);
  block.write("ustar\u000000", 257, "latin1");
  block.fill(32, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
  return block;
}

/** Zero bytes after `size` bytes of content, up to the next 512-byte block. */
export function tarPadding(size) {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

/** How many bytes a member of `size` bytes of content takes in a tar: its header, content and padding. */
export function tarMemberBytes(size) {
  return 512 + Math.ceil(size / 512) * 512;
}
