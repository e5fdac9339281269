/** One request to an emulated service. */
export interface CallRecord {
  /** Position in the process's sequence of calls, starting at 1; never reused, not even after a clear or reset. */
  seq: number;
  /** When the request arrived, ISO 8601. */
  time: string;
  account: string;
  region: string;
  service: string;
  /** The operation the request named; empty when it named none. */
  operation: string;
  /** Whether the operation changes state: false for reads (Describe*, List*, Get*, Scan, Query, ...) and for STS. */
  write: boolean;
  /** HTTP status of the response. */
  status: number;
  /**
   * Who called, as GetCallerIdentity names it (`arn:aws:sts::<account>:assumed-role/<role>/<session>`): which role a
   * step acted as. Absent for a request without valid credentials.
   */
  principal?: string;
  /**
   * The AWS service that made the call on the caller's behalf (`cloudformation.amazonaws.com` creating a stack's
   * table), as CloudTrail names it; absent for the clients' own calls.
   */
  invokedBy?: string;
}

export interface CallFilter {
  service?: string;
  operation?: string;
  account?: string;
  write?: boolean;
  /** Only calls after this sequence number. */
  since?: number;
}

export const DEFAULT_CALL_LOG_SIZE = 50_000;

const READ_PREFIXES = ['Describe', 'List', 'Get', 'Search', 'Scan', 'Query', 'BatchGet', 'BatchDescribe', 'Head'];

/** Reads are named for what they do in every AWS API; everything else is taken to change state. */
export function isWriteOperation(operation: string): boolean {
  return operation !== '' && !READ_PREFIXES.some((prefix) => operation.startsWith(prefix));
}

/** The most recent calls, oldest dropped first once the log is full. */
export class CallLog {
  private readonly entries: (CallRecord | undefined)[];
  private start = 0;
  private count = 0;
  private lastSeq = 0;

  constructor(readonly capacity = DEFAULT_CALL_LOG_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('the call log needs room for one call');
    this.entries = new Array<CallRecord | undefined>(capacity);
  }

  record(call: Omit<CallRecord, 'seq'>): void {
    this.lastSeq += 1;
    const entry = { seq: this.lastSeq, ...call };
    if (this.count < this.capacity) {
      this.entries[(this.start + this.count) % this.capacity] = entry;
      this.count += 1;
    } else {
      this.entries[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  list(filter: CallFilter = {}): CallRecord[] {
    const result: CallRecord[] = [];
    for (let offset = 0; offset < this.count; offset += 1) {
      const entry = this.entries[(this.start + offset) % this.capacity] as CallRecord;
      if (matches(entry, filter)) result.push(entry);
    }
    return result;
  }

  clear(): void {
    this.entries.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}

function matches(entry: CallRecord, filter: CallFilter): boolean {
  return (
    (filter.service === undefined || entry.service === filter.service) &&
    (filter.operation === undefined || entry.operation === filter.operation) &&
    (filter.account === undefined || entry.account === filter.account) &&
    (filter.write === undefined || entry.write === filter.write) &&
    (filter.since === undefined || entry.seq > filter.since)
  );
}
