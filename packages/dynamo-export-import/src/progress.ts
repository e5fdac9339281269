export interface ProgressOptions {
  /** What is being counted: `import edd-queues-qa: writing`. */
  label: string;
  /** Expected count; `approximate` marks DynamoDB's item count, which lags behind by hours. */
  total?: number;
  approximate?: boolean;
  intervalMs: number;
  print: (line: string) => void;
  now?: () => number;
}

/**
 * A progress line every few seconds on long runs (CodeBuild shows no progress bar): items done of the total and
 * the rate. Short runs print nothing, since the first line comes after one interval.
 */
export class Progress {
  private done = 0;
  private readonly started: number;
  private readonly timer: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    if (options.intervalMs > 0 && Number.isFinite(options.intervalMs)) {
      this.timer = setInterval(() => this.print(), options.intervalMs);
      this.timer.unref();
    }
  }

  add(count: number): void {
    this.done += count;
  }

  get count(): number {
    return this.done;
  }

  /** The progress line as of now. */
  line(): string {
    const seconds = (this.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.done / seconds) : 0;
    const { total, approximate, label } = this.options;
    const of = total !== undefined ? `/${approximate ? '~' : ''}${total}` : '';
    return `${label}: ${this.done}${of} items (${rate} items/s)`;
  }

  print(): void {
    this.options.print(this.line());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
