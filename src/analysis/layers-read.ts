import { PrefixTreeModel, type KnownChanges } from "../tree/prefix-model.js";
import type { PathChange } from "../tree/types.js";
import type { LayersRead } from "./types.js";
import { PrefixHashes } from "./prefix-hashes.js";
import type { ScannedLayer } from "./scan.js";

/**
 * Follows a scan that reads layers in any order: each time the layers read from the bottom grow, hashes the files
 * they need hashed (hashShadowedFiles on them alone: a layer's changes compare it only with the layers below, and
 * the same pairs are hashed as for the whole image: PrefixHashes) and hands them over. One step at a time; `settled()` waits for
 * the last step and throws the error of a step that failed.
 */
export class LayersReadFeed {
  private readonly scanned: Array<ScannedLayer | undefined>;
  private readonly sizes: Array<{ sizeBytes: number; entries: number }> = [];
  private ready = 0;
  private sent = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  /** The changes found so far, by the trees shown or by the analysis */
  private readonly known: KnownChanges = { changes: [] };
  /** Every layer is read and its files hashed as the whole image needs */
  hashedAll = false;
  private readonly hashes = new PrefixHashes();

  constructor(
    layerCount: number,
    private readonly emit: (read: LayersRead) => void,
  ) {
    this.scanned = new Array<ScannedLayer | undefined>(layerCount);
  }

  layerDone(layer: ScannedLayer): void {
    this.scanned[layer.blob.index] = layer;
    this.sizes[layer.blob.index] = { sizeBytes: layer.entries.reduce((sum, e) => sum + e.size, 0), entries: layer.entries.length };
    while (this.ready < this.scanned.length && this.scanned[this.ready]) this.ready++;
    if (this.ready > this.sent) this.chain = this.chain.then(() => this.step());
  }

  private async step(): Promise<void> {
    const count = this.ready;
    if (count <= this.sent || this.failure) return;
    const layers = this.scanned.slice(0, count) as ScannedLayer[];
    try {
      await this.hashes.extend(layers);
    } catch (error) {
      this.failure = { error };
      return;
    }
    this.sent = count;
    this.hashedAll = count === this.scanned.length;
    const tree = new PrefixTreeModel(
      layers.map((layer) => ({ entries: layer.entries })),
      this.known,
    );
    this.emit({ count, tree, layers: this.sizes.slice(0, count) });
  }

  /**
   * The changes of the bottom layers that a tree shown already made known: the analysis takes them instead of
   * finding them again, and gives its own (every layer's) to the trees shown after.
   */
  get knownChanges(): PathChange[][] {
    return this.known.changes;
  }

  set knownChanges(changes: PathChange[][]) {
    if (changes.length > this.known.changes.length) this.known.changes = changes;
  }

  async settled(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure.error;
  }
}
