/**
 * What this instance read or wrote lately, bounded: at most `max` entries (the one set longest ago
 * goes first) and, with `maxAgeMs`, none older than that. A copy that saves a read, never the truth:
 * whoever uses it either checks it with a conditional write or accepts its age, and says which.
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, { readonly value: V; readonly atMs: number }>();
  private readonly now: () => number;

  constructor(private readonly options: { readonly max: number; readonly maxAgeMs?: number; readonly now?: () => number }) {
    this.now = options.now ?? (() => performance.now());
  }

  /** The entry, unless there is none or it is older than `maxAgeMs`. */
  get(key: K): { readonly value: V } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.options.maxAgeMs !== undefined && this.now() - entry.atMs > this.options.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, atMs: this.now() });
    if (this.entries.size > this.options.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
