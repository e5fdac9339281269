/**
 * The emulator's sense of time. AWS-shaped waits (an instance that takes seconds to become ACTIVE, a resource that
 * reads as missing right after its create, a bot build, a presigned URL's lifetime) are deadlines in emulated time,
 * which runs `timeScale` times faster than the wall clock, so that a test can run the same scenario that much
 * faster; request quotas refill on it too. Changing the scale while the emulator runs speeds up or slows down what is
 * already pending. Timestamps shown to callers (CreatedTime, LastModifiedTime) stay on the wall clock.
 */
export class EmulatorClock {
  private scale: number;
  private anchorWall = Date.now();
  private anchorEmulated = this.anchorWall;

  constructor(timeScale = 1) {
    this.scale = timeScale;
  }

  get timeScale(): number {
    return this.scale;
  }

  set timeScale(value: number) {
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`timeScale must be a positive number (${value})`);
    this.anchorEmulated = this.now();
    this.anchorWall = Date.now();
    this.scale = value;
  }

  /**
   * How far emulated time is ahead of the wall clock. A restored state sets it back, so that the deadlines it holds
   * keep their meaning although emulated time ran faster than the wall clock in an earlier run.
   */
  get offset(): number {
    return this.now() - Date.now();
  }

  set offset(ms: number) {
    if (!Number.isFinite(ms)) throw new RangeError(`the clock offset must be a number of milliseconds (${ms})`);
    this.anchorWall = Date.now();
    this.anchorEmulated = this.anchorWall + ms;
  }

  /** Emulated milliseconds: compare deadlines from `after` with this. */
  now(): number {
    return this.anchorEmulated + (Date.now() - this.anchorWall) * this.scale;
  }

  /** The deadline of an AWS delay of `ms` that starts now. */
  after(ms: number): number {
    return this.now() + ms;
  }

  /** How long an AWS delay of `ms` lasts on the wall clock at the current scale, for real waits (latency faults). */
  scaled(ms: number): number {
    return ms / this.scale;
  }
}
