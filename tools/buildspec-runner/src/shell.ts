import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** What became of one command: its exit status, or the shell itself ended (`exit` in a command). */
export type CommandOutcome = { kind: 'exited'; status: number } | { kind: 'shell-ended'; status: number | null };

export interface ShellOptions {
  cwd: string;
  env: Record<string, string>;
  /** Where command files are written. */
  workDir: string;
  onOutput: (text: string) => void;
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * One bash process for a whole build, as buildspec 0.2 promises: `cd`, variables and functions set by one command
 * are there for the next, across phases. Each command is written to a file and sourced with its standard input
 * closed (so it cannot eat the commands that follow) and its status is reported on file descriptor 3, which the
 * command itself does not see.
 */
export class ShellSession {
  private readonly child: ChildProcess;
  private readonly statuses: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;
  private endStatus: number | null = null;
  private counter = 0;
  private readonly drained: Promise<unknown>;

  private constructor(private readonly options: ShellOptions) {
    this.child = spawn('bash', ['--noprofile', '--norc'], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      // Its own process group, so a timeout can end the commands it started too.
      detached: true,
    });
    this.child.stdout!.on('data', (chunk: Buffer) => options.onOutput(chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => options.onOutput(chunk.toString()));
    this.drained = Promise.all(
      [this.child.stdout!, this.child.stderr!].map((stream) => new Promise((resolve) => stream.once('close', resolve))),
    );
    let pending = '';
    (this.child.stdio[3] as Readable).on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        this.deliver(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    });
    this.child.stdin!.on('error', () => undefined);
    this.child.on('exit', (status) => {
      this.ended = true;
      this.endStatus = status;
      this.deliver(undefined);
    });
  }

  static async start(options: ShellOptions): Promise<ShellSession> {
    await mkdir(options.workDir, { recursive: true });
    return new ShellSession(options);
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  private deliver(line: string | undefined): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(line);
    else if (line !== undefined) this.statuses.push(line);
  }

  private nextStatus(): Promise<string | undefined> {
    const queued = this.statuses.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Runs one buildspec command in the shell and waits for it. */
  async run(command: string): Promise<CommandOutcome> {
    if (this.ended) return { kind: 'shell-ended', status: this.endStatus };
    const file = join(this.options.workDir, `command-${String(++this.counter).padStart(4, '0')}.sh`);
    await writeFile(file, `${command}\n`);
    this.child.stdin!.write(`{ . ${quote(file)}; } </dev/null 3>&-; printf '%s\\n' "$?" >&3\n`);
    const line = await this.nextStatus();
    if (line === undefined) return { kind: 'shell-ended', status: this.endStatus };
    return { kind: 'exited', status: Number(line) };
  }

  /** Sets a variable in the shell the way CodeBuild updates its own (CODEBUILD_BUILD_SUCCEEDING). */
  async exportVariable(name: string, value: string): Promise<void> {
    await this.run(`export ${name}=${quote(value)}`);
  }

  /** The current values of shell variables (unset ones are left out). */
  async readVariables(names: string[]): Promise<Record<string, string>> {
    if (names.length === 0 || this.ended) return {};
    const file = join(this.options.workDir, 'variables');
    const list = names.map(quote).join(' ');
    await this.run(
      `for __edd_name in ${list}; do if [ -n "\${!__edd_name+set}" ]; then printf '%s\\0%s\\0' "$__edd_name" "\${!__edd_name}"; fi; done > ${quote(file)}`,
    );
    const fields = (await readFile(file, 'utf8')).split('\0');
    const values: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) values[fields[i]!] = fields[i + 1]!;
    return values;
  }

  /** Ends the shell and everything it started. */
  async close(): Promise<void> {
    if (!this.ended) {
      this.child.stdin!.end();
      const ended = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      const timer = setTimeout(() => this.kill(), 5000);
      await ended;
      clearTimeout(timer);
    }
    // Background jobs a command left behind belong to the build and end with it.
    this.kill();
    await this.drained;
  }

  kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // The process group is already gone.
    }
  }
}
