/**
 * Every regular-file entry of every layer: the bytes the image ships. One record a file, in typed arrays (20 bytes
 * a record; four arrays of numbers took 32–48): the arrays are valid up to `count`, and a longer one replaces each
 * as records are added.
 */
export class FileRecords {
  count = 0;
  /** Layer of the entry */
  layer = new Int32Array(INITIAL);
  /** Index of the entry in its layer */
  entry = new Int32Array(INITIAL);
  size = new Float64Array(INITIAL);
  /** Layer that first removed or replaced the record's path, -1 while it is visible */
  displacedBy = new Int32Array(INITIAL);

  /** Adds a visible record; returns its id. */
  add(layer: number, entry: number, size: number): number {
    if (this.count === this.size.length) this.grow();
    const id = this.count++;
    this.layer[id] = layer;
    this.entry[id] = entry;
    this.size[id] = size;
    this.displacedBy[id] = -1;
    return id;
  }

  /** Makes room for `more` records at once (a layer's entries, at most): grown to its size, not doubled */
  reserve(more: number): void {
    const needed = this.count + more;
    if (needed > this.size.length) this.grow(Math.max(needed, this.count + (this.count >> 3)));
  }

  private grow(length = this.count * 2): void {
    this.layer = copied(this.layer, new Int32Array(length));
    this.entry = copied(this.entry, new Int32Array(length));
    this.size = copied(this.size, new Float64Array(length));
    this.displacedBy = copied(this.displacedBy, new Int32Array(length));
  }
}

const INITIAL = 256;

function copied<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
