import { PRIORITIES, type Priority } from "@switchyard/shared";

/**
 * The runner's request queue: the platform's five priorities (critical first), a depth
 * limit, per-request deadlines and aging.
 *
 * - Each priority level is FIFO. A batch starts at the head of the highest non-empty level
 *   and is filled with entries of the same group (model + length bucket) in priority order.
 * - Aging: an entry that has waited `agingMs` at its level moves up one level (and again
 *   after each further period), so bulk work cannot starve behind a steady stream of
 *   higher-priority work.
 * - Deadlines: expired entries are removed by a sweep and when met while forming a batch;
 *   they are handed to `onExpired` and never reach compute.
 * - Depth: `tryEnqueue` refuses a group of entries as a whole when they do not fit.
 */

export interface QueueEntry<T> {
  readonly item: T;
  readonly priority: Priority;
  /** Effective level now: 0 = critical … 4 = bulk. */
  level: number;
  readonly enqueuedAt: number;
  levelSince: number;
  readonly deadlineAt: number;
  /** Entries batch together only with entries of the same group. */
  readonly groupKey: string;
  /** Queue slots it takes (rows; 1 per text for embeddings). */
  readonly slots: number;
  removed: boolean;
}

export interface EnqueueInput<T> {
  item: T;
  priority: Priority;
  deadlineAt: number;
  groupKey: string;
  slots?: number;
}

export interface RequestQueueOptions<T> {
  maxDepth: number;
  agingMs: number;
  now?: () => number;
  onExpired: (entry: QueueEntry<T>) => void;
}

export class RequestQueue<T> {
  private readonly levels: Array<Array<QueueEntry<T>>> = PRIORITIES.map(() => []);
  private readonly heads: number[] = PRIORITIES.map(() => 0);
  private depthSlots = 0;
  private readonly perLevel: number[] = PRIORITIES.map(() => 0);
  private readonly now: () => number;
  maxDepth: number;

  constructor(private readonly options: RequestQueueOptions<T>) {
    this.now = options.now ?? (() => performance.now());
    this.maxDepth = options.maxDepth;
  }

  /** Slots taken by waiting entries. */
  get depth(): number {
    return this.depthSlots;
  }

  /** Waiting slots per effective priority level. */
  depthByPriority(): Record<Priority, number> {
    const out = {} as Record<Priority, number>;
    PRIORITIES.forEach((p, i) => (out[p] = this.perLevel[i] ?? 0));
    return out;
  }

  /** Room for `slots` more? */
  hasRoom(slots: number): boolean {
    return this.depthSlots + slots <= this.maxDepth;
  }

  /**
   * Add entries, all or none. Returns null when they do not fit (the caller refuses the
   * request); `force` skips the depth check (for later parts of an already admitted request).
   */
  tryEnqueue(inputs: ReadonlyArray<EnqueueInput<T>>, force = false): Array<QueueEntry<T>> | null {
    const slots = inputs.reduce((s, e) => s + (e.slots ?? 1), 0);
    if (!force && !this.hasRoom(slots)) return null;
    const now = this.now();
    const out: Array<QueueEntry<T>> = [];
    for (const input of inputs) {
      const level = PRIORITIES.indexOf(input.priority);
      const entry: QueueEntry<T> = {
        item: input.item,
        priority: input.priority,
        level: level < 0 ? 2 : level,
        enqueuedAt: now,
        levelSince: now,
        deadlineAt: input.deadlineAt,
        groupKey: input.groupKey,
        slots: input.slots ?? 1,
        removed: false,
      };
      this.push(entry);
      out.push(entry);
    }
    return out;
  }

  private push(entry: QueueEntry<T>): void {
    const level = this.levels[entry.level];
    if (!level) throw new Error(`bad level ${entry.level}`);
    level.push(entry);
    this.depthSlots += entry.slots;
    this.perLevel[entry.level] = (this.perLevel[entry.level] ?? 0) + entry.slots;
  }

  private markRemoved(entry: QueueEntry<T>): void {
    if (entry.removed) return;
    entry.removed = true;
    this.depthSlots -= entry.slots;
    this.perLevel[entry.level] = (this.perLevel[entry.level] ?? 0) - entry.slots;
  }

  /** Drop entries that are already gone from the front of each level; compact when sparse. */
  private tidy(levelIndex: number): void {
    const level = this.levels[levelIndex];
    if (!level) return;
    let head = this.heads[levelIndex] ?? 0;
    while (head < level.length && level[head]?.removed) head++;
    if (head === level.length) {
      level.length = 0;
      head = 0;
    } else if (head > 1024 && head * 2 > level.length) {
      level.splice(0, head);
      head = 0;
    }
    this.heads[levelIndex] = head;
  }

  /** Move entries that waited `agingMs` at their level up one level. */
  age(now = this.now()): number {
    let moved = 0;
    for (let li = 1; li < this.levels.length; li++) {
      this.tidy(li);
      const level = this.levels[li];
      if (!level) continue;
      let head = this.heads[li] ?? 0;
      while (head < level.length) {
        const e = level[head];
        if (!e) break;
        if (e.removed) {
          head++;
          continue;
        }
        if (now - e.levelSince < this.options.agingMs) break;
        // Remove from this level, append to the one above.
        head++;
        this.perLevel[li] = (this.perLevel[li] ?? 0) - e.slots;
        e.level = li - 1;
        e.levelSince = now;
        this.perLevel[li - 1] = (this.perLevel[li - 1] ?? 0) + e.slots;
        this.levels[li - 1]?.push(e);
        moved++;
      }
      this.heads[li] = head;
      this.tidy(li);
    }
    return moved;
  }

  /** Remove expired entries and hand them to onExpired. */
  expire(now = this.now()): number {
    let count = 0;
    for (let li = 0; li < this.levels.length; li++) {
      const level = this.levels[li];
      if (!level) continue;
      for (let i = this.heads[li] ?? 0; i < level.length; i++) {
        const e = level[i];
        if (e && !e.removed && e.deadlineAt <= now) {
          this.markRemoved(e);
          this.options.onExpired(e);
          count++;
        }
      }
      this.tidy(li);
    }
    return count;
  }

  /**
   * Take the next batch: the oldest entry of the highest level, then entries of its group
   * in priority order while `accept(entry, batch)` says they fit, up to `maxSlots` slots.
   */
  takeBatch(maxSlots: number, accept: (entry: QueueEntry<T>, batch: ReadonlyArray<QueueEntry<T>>) => boolean = () => true): Array<QueueEntry<T>> {
    const now = this.now();
    this.age(now);
    const batch: Array<QueueEntry<T>> = [];
    let group: string | null = null;
    let slots = 0;
    for (let li = 0; li < this.levels.length && slots < maxSlots; li++) {
      const level = this.levels[li];
      if (!level) continue;
      for (let i = this.heads[li] ?? 0; i < level.length && slots < maxSlots; i++) {
        const e = level[i];
        if (!e || e.removed) continue;
        if (e.deadlineAt <= now) {
          this.markRemoved(e);
          this.options.onExpired(e);
          continue;
        }
        if (group === null) {
          group = e.groupKey;
        } else if (e.groupKey !== group) {
          continue;
        }
        if (batch.length > 0 && (slots + e.slots > maxSlots || !accept(e, batch))) continue;
        this.markRemoved(e);
        batch.push(e);
        slots += e.slots;
      }
      this.tidy(li);
    }
    return batch;
  }

  /** Remove and return everything waiting (shutdown). */
  drainAll(): Array<QueueEntry<T>> {
    const out: Array<QueueEntry<T>> = [];
    for (let li = 0; li < this.levels.length; li++) {
      const level = this.levels[li];
      if (!level) continue;
      for (let i = this.heads[li] ?? 0; i < level.length; i++) {
        const e = level[i];
        if (e && !e.removed) {
          this.markRemoved(e);
          out.push(e);
        }
      }
      this.tidy(li);
    }
    return out;
  }

  /** Take one specific entry out (its caller gave up). */
  remove(entry: QueueEntry<T>): boolean {
    if (entry.removed) return false;
    this.markRemoved(entry);
    return true;
  }
}
