import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Emulator, EmulatorState } from './emulator.js';
import { LocalAwsStateError } from './errors.js';
import { decodeState, encodeState } from './state-codec.js';

/** The file a state directory holds. */
export const STATE_FILE_NAME = 'local-aws-state.json';
/**
 * The shape of the file and of every service's snapshot in it. A change of either takes a new version: a file of
 * another version is refused rather than half understood.
 */
export const STATE_FORMAT_VERSION = 2;
/** How long after a change the state is saved; changes in the meantime go with it. */
export const SAVE_DELAY_MS = 2000;

interface StateFile extends EmulatorState {
  formatVersion: number;
  savedAt: string;
  savedBy: string;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseStateFile(text: string): EmulatorState {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${messageOf(error)}); the file is corrupt`);
  }
  if (!isRecord(document) || document.formatVersion === undefined) {
    throw new Error('not a local-aws state file (no formatVersion)');
  }
  const { formatVersion, clockOffsetMs, services } = document;
  if (formatVersion !== STATE_FORMAT_VERSION) {
    throw new Error(
      `written in state format ${JSON.stringify(formatVersion)}, and this local-aws reads format ` +
        `${STATE_FORMAT_VERSION} only; move the file away to start empty`,
    );
  }
  if (typeof clockOffsetMs !== 'number' || !isRecord(services)) {
    throw new Error('not a local-aws state file (clockOffsetMs or services missing)');
  }
  return { clockOffsetMs, services: decodeState(services, 'services') as Record<string, unknown> };
}

/**
 * `--state-dir`: restores the state saved in the directory at start, saves it SAVE_DELAY_MS after a change (with
 * every change made in the meantime) and on close. The file is written beside and renamed over the old one, so a
 * process killed while writing leaves the previous state whole, and one killed at any time loses at most the changes
 * of the last SAVE_DELAY_MS.
 */
export class StateDirectory {
  readonly file: string;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    dir: string,
    private readonly emulator: Emulator,
  ) {
    this.file = join(resolve(dir), STATE_FILE_NAME);
  }

  /** Restores the saved state, if any, and from then on saves after changes. Throws LocalAwsStateError. */
  async open(): Promise<void> {
    const text = await this.read();
    if (text !== undefined) {
      try {
        await this.emulator.restore(parseStateFile(text));
      } catch (error) {
        throw new LocalAwsStateError(this.file, messageOf(error));
      }
    }
    this.emulator.stateChanged = () => this.changed();
  }

  /** Saves the state a last time; changes after this are not saved. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.emulator.stateChanged = () => {};
    await this.save();
  }

  /** The saved state's text, or undefined when nothing was saved yet; checks that the directory takes a file. */
  private async read(): Promise<string | undefined> {
    try {
      const dir = dirname(this.file);
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
      return await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new LocalAwsStateError(this.file, messageOf(error));
    }
  }

  private changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save().catch((error: unknown) => {
        process.stderr.write(`local-aws: could not save the state to ${this.file}: ${messageOf(error)}\n`);
      });
    }, SAVE_DELAY_MS);
    // A pending save must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  /** Saves now, once a save under way has finished; saves never interleave. */
  private save(): Promise<void> {
    this.saving = this.saving.catch(() => undefined).then(() => this.write());
    return this.saving;
  }

  private async write(): Promise<void> {
    const { clockOffsetMs, services } = await this.emulator.snapshot();
    const document: StateFile = {
      formatVersion: STATE_FORMAT_VERSION,
      savedAt: new Date().toISOString(),
      savedBy: `local-aws ${__EDD_PACKAGE_VERSION__}`,
      clockOffsetMs,
      services: encodeState(services, 'services') as Record<string, unknown>,
    };
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(`${JSON.stringify(document)}\n`);
        // On disk before the rename, so that a crash of the machine cannot leave a renamed but empty file.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
