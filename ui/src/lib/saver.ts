// Saving without a Save button. Typing is saved after a pause (one undo step per burst of
// typing in one place); structural edits are saved at once. Saves go one at a time, in order,
// so the core always diffs against what the previous save stored.

export interface SaverOptions<D, V> {
  save(doc: D, label: string): Promise<V>;
  /** After each save: the view the core returned. */
  saved(view: V): void;
  failed(error: unknown): void;
  delayMs: number;
}

export class Saver<D, V> {
  private pending: { doc: D; label: string; key: string } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;

  constructor(private readonly opts: SaverOptions<D, V>) {}

  /** Whether an edit is waiting or being written. */
  get busy(): boolean {
    return this.pending !== null || this.inFlight > 0;
  }

  /**
   * Typing: saved after `delayMs` without further typing in the same place (`key`). Typing in
   * another place first saves the earlier burst, so each gets its own undo step.
   */
  typed(doc: D, label: string, key: string): void {
    if (this.pending !== null && this.pending.key !== key) void this.flush();
    this.pending = { doc, label, key };
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.opts.delayMs);
  }

  /** A structural edit: any typing waiting is saved first, then this, at once. */
  now(doc: D, label: string): Promise<void> {
    void this.flush();
    this.pending = { doc, label, key: "" };
    return this.flush();
  }

  /** Writes what is waiting; resolves when every save so far is done. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const job = this.pending;
    this.pending = null;
    if (job !== null) {
      this.inFlight += 1;
      this.chain = this.chain.then(async () => {
        // Not in flight by the time the callbacks run: they read `busy` to show the state.
        let counted = true;
        const landed = (): void => {
          if (counted) this.inFlight -= 1;
          counted = false;
        };
        try {
          const view = await this.opts.save(job.doc, job.label);
          landed();
          this.opts.saved(view);
        } catch (e) {
          landed();
          this.opts.failed(e);
        } finally {
          landed();
        }
      });
    }
    return this.chain;
  }

  /** Forgets anything waiting (the document was closed after a flush, or replaced). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
