import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLines, type Line } from './lines.js';

export interface SortRecord<K> {
  key: K;
  line: string;
}

export interface ExternalSortOptions<K> {
  compare: (a: K, b: K) => number;
  /** Recovers a record's key from its line when runs are merged back from disk. */
  keyOfLine: (line: string) => K;
  /** Approximate memory the buffered records may take before they are sorted and spilled to a run file. */
  memoryBytes: number;
  tempDir?: string;
}

// What a buffered record costs besides its text (object, key parts, array slot), measured roughly on V8.
const RECORD_OVERHEAD_BYTES = 160;

/** Writes lines to a file, waiting whenever the stream's buffer is full. */
export async function writeLines(path: string, lines: AsyncIterable<string> | Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  const closed = once(out, 'close');
  let bytes = 0;
  let chunk = '';
  const flush = async () => {
    const encoded = Buffer.from(chunk);
    chunk = '';
    bytes += encoded.length;
    if (!out.write(encoded)) await once(out, 'drain');
  };
  try {
    // A sorted array is written without a promise per line.
    if (Symbol.iterator in lines) {
      for (const line of lines) {
        chunk += `${line}\n`;
        if (chunk.length >= 1 << 20) await flush();
      }
    } else {
      for await (const line of lines) {
        chunk += `${line}\n`;
        if (chunk.length >= 1 << 20) await flush();
      }
    }
    await flush();
    out.end();
    await closed;
    return bytes;
  } catch (error) {
    out.destroy();
    throw error;
  }
}

/**
 * Sorts records of any number with bounded memory: records are buffered up to the memory budget, then sorted and
 * spilled to a run file; the runs are merged (k-way, by a heap) when the sorted sequence is read. A table that fits
 * in the budget never touches the disk.
 */
export class ExternalSorter<K> {
  private buffer: SortRecord<K>[] = [];
  private bytes = 0;
  private readonly runs: string[] = [];
  private dir: string | undefined;
  private spilling: Promise<void> = Promise.resolve();

  constructor(private readonly options: ExternalSortOptions<K>) {}

  /** Run files written so far. */
  get runCount(): number {
    return this.runs.length;
  }

  /**
   * Adds a record. When that brings memory over the budget, returns a promise to wait for while the run is written
   * (nothing to wait for otherwise: no promise per record).
   */
  add(record: SortRecord<K>): Promise<void> | undefined {
    this.buffer.push(record);
    this.bytes += record.line.length * 2 + RECORD_OVERHEAD_BYTES;
    return this.bytes >= this.options.memoryBytes ? this.spill() : undefined;
  }

  private sortBuffer(): SortRecord<K>[] {
    const records = this.buffer;
    this.buffer = [];
    this.bytes = 0;
    return records.sort((a, b) => this.options.compare(a.key, b.key));
  }

  private spill(): Promise<void> {
    const records = this.sortBuffer();
    this.spilling = this.spilling.then(async () => {
      this.dir ??= await mkdtemp(join(this.options.tempDir ?? tmpdir(), 'dynamo-export-'));
      const path = join(this.dir, `run-${this.runs.length}.jsonl`);
      this.runs.push(path);
      await writeLines(
        path,
        records.map((r) => r.line),
      );
    });
    return this.spilling;
  }

  /**
   * Every record added, in key order: the sorted array itself when everything fitted in memory, else a merge of the
   * runs read back from disk.
   */
  async sorted(): Promise<SortRecord<K>[] | AsyncGenerator<SortRecord<K>>> {
    if (this.runs.length === 0) return this.sortBuffer();
    if (this.buffer.length > 0) await this.spill();
    await this.spilling;
    return this.merge();
  }

  private async *merge(): AsyncGenerator<SortRecord<K>> {
    const { compare, keyOfLine } = this.options;
    const heap = new MinHeap<{ record: SortRecord<K>; source: AsyncGenerator<Line> }>((a, b) =>
      compare(a.record.key, b.record.key),
    );
    const advance = async (source: AsyncGenerator<Line>) => {
      for (let next = await source.next(); !next.done; next = await source.next()) {
        const line = next.value.text;
        if (line) {
          heap.push({ record: { key: keyOfLine(line), line }, source });
          return;
        }
      }
    };
    for (const run of this.runs) await advance(readLines(run));
    while (heap.size > 0) {
      const head = heap.pop()!;
      yield head.record;
      await advance(head.source);
    }
  }

  /** Removes the run files. */
  async dispose(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.compare(items[left]!, items[smallest]!) < 0) smallest = left;
        if (right < items.length && this.compare(items[right]!, items[smallest]!) < 0) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}
