import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { expectRefusedCleanly, runStep, type StepRun } from '@edd/test-support';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBot, writeFolder, zipFiles } from '../fixtures/sample-bot.js';
import { DEV, EXE, FAST, QA, TIME_SCALE, clientsFor, seedBot } from '../integration/support.js';

// Every file lex-deploy reads comes from a repository anyone with commit rights can change, and the pipeline's role
// can write to Prod. Each case is an input an attacker could commit: the step must stop before its first write, say
// which file, and let no secret out.

let localAws: LocalAws;
const work = mkdtempSync(join(tmpdir(), 'edd-lex-hostile-'));
let count = 0;

beforeAll(async () => {
  localAws = await startLocalAws({ timeScale: TIME_SCALE });
});
afterAll(() => localAws?.close());

/** A fresh folder holding a valid bot of the QA account (Manifest.json + EDDBot/). */
function botFolder(): string {
  const dir = join(work, `bot-${++count}`);
  return writeFolder(dir, sampleBot({ name: 'EDDBot', account: QA.AccountNumber }));
}

function zipFile(entries: Zippable): string {
  const file = join(work, `bot-${++count}.zip`);
  writeFileSync(file, zipSync(entries));
  return file;
}

function botEntries(): Zippable {
  const entries: Zippable = {};
  for (const [path, content] of sampleBot({ name: 'EDDBot', account: QA.AccountNumber }))
    entries[path] = strToU8(content);
  return entries;
}

function patch(file: string, edit: (archive: Buffer) => void): string {
  const archive = readFileSync(file);
  edit(archive);
  writeFileSync(file, archive);
  return file;
}

const CENTRAL = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

function lexDeploy(args: string[], env: { Environment: string; AccountNumber: string } = QA): Promise<StepRun> {
  const fast = args[0] === 'validate' ? [] : FAST;
  return runStep(localAws, { exe: EXE, args: [...args, ...fast], account: env.AccountNumber, env });
}

interface HostileCase {
  name: string;
  /** Builds the input and returns the arguments of `deploy` and what the refusal must name. */
  arrange: () => { source: string; mentions: (string | RegExp)[]; code?: number };
}

const sourceCases: HostileCase[] = [
  {
    name: 'a bot file linked to /proc/self/environ',
    arrange: () => {
      const dir = botFolder();
      execFileSync('rm', [join(dir, 'EDDBot/Bot.json')]);
      symlinkSync('/proc/self/environ', join(dir, 'EDDBot/Bot.json'));
      return { source: dir, mentions: ['EDDBot/Bot.json', 'system file'] };
    },
  },
  {
    name: 'a locale folder linked to a folder outside the source',
    arrange: () => {
      const dir = botFolder();
      const outside = writeFolder(join(work, `outside-${count}`), new Map([['BotLocale.json', '{}']]));
      symlinkSync(outside, join(dir, 'EDDBot/BotLocales/fr_FR'));
      return { source: dir, mentions: ['EDDBot/BotLocales/fr_FR', 'leaves'] };
    },
  },
  {
    name: 'a FIFO among the bot files (reading it would block)',
    arrange: () => {
      const dir = botFolder();
      execFileSync('mkfifo', [join(dir, 'EDDBot/BotLocales/en_US/Notes.json')]);
      return { source: dir, mentions: ['EDDBot/BotLocales/en_US/Notes.json', 'FIFO'] };
    },
  },
  {
    name: 'a dangling link',
    arrange: () => {
      const dir = botFolder();
      symlinkSync(join(work, 'nowhere'), join(dir, 'EDDBot/Extra.json'));
      return { source: dir, mentions: ['EDDBot/Extra.json', 'does not exist'] };
    },
  },
  {
    name: 'a zip entry that climbs out of the archive (Bot/../../x.json)',
    arrange: () => ({
      source: zipFile({ ...botEntries(), 'EDDBot/../../x.json': strToU8('{}') }),
      mentions: ['EDDBot/../../x.json', 'leads out of its folder'],
    }),
  },
  {
    name: 'a zip entry with an absolute path',
    arrange: () => ({
      source: zipFile({ ...botEntries(), '/etc/cron.d/x.json': strToU8('{}') }),
      mentions: ['/etc/cron.d/x.json', 'absolute'],
    }),
  },
  {
    name: 'a zip entry that is a symbolic link to /proc/self/environ',
    arrange: () => {
      const file = zipFile({ ...botEntries(), 'EDDBot/Link.json': strToU8('/proc/self/environ') });
      return {
        source: patch(file, (archive) => {
          // The last central directory entry is the link: made by Unix, mode lrwxrwxrwx.
          const at = archive.lastIndexOf(CENTRAL);
          archive.writeUInt16LE((3 << 8) | 20, at + 4);
          archive.writeUInt32LE((0o120777 << 16) >>> 0, at + 38);
        }),
        mentions: ['EDDBot/Link.json', 'symbolic link'],
      };
    },
  },
  {
    name: 'a zip bomb whose entry inflates to more than it declares',
    arrange: () => {
      const file = zipFile({
        ...botEntries(),
        'EDDBot/Bomb.json': [new Uint8Array(20_000_000).fill(32), { level: 9 }],
      });
      return {
        source: patch(file, (archive) => {
          const at = archive.lastIndexOf(CENTRAL);
          archive.writeUInt32LE(100, at + 24);
        }),
        mentions: ['EDDBot/Bomb.json', 'more than the 100 bytes it declares'],
      };
    },
  },
  {
    name: 'a zip that declares more than any bot unpacks to',
    arrange: () => {
      const file = zipFile(botEntries());
      return {
        source: patch(file, (archive) => {
          for (let at = archive.indexOf(CENTRAL); at >= 0; at = archive.indexOf(CENTRAL, at + 4))
            archive.writeUInt32LE(0x7fffffff, at + 24);
        }),
        mentions: [/bot-\d+\.zip cannot be read: it unpacks to more than \d+ bytes/],
      };
    },
  },
  {
    name: 'a zip over the 50 MB Lex imports (refused before it is read)',
    arrange: () => {
      const file = join(work, `big-${++count}.zip`);
      writeFileSync(file, '');
      truncateSync(file, 50 * 1024 * 1024 + 1);
      return { source: file, mentions: [/big-\d+\.zip/, 'at most 52428800 bytes'] };
    },
  },
  {
    name: 'a zip linked to /proc/self/environ',
    arrange: () => {
      const link = join(work, `environ-${++count}.zip`);
      symlinkSync('/proc/self/environ', link);
      return { source: link, mentions: [/environ-\d+\.zip/, 'system file'] };
    },
  },
  {
    name: 'a source under /proc',
    arrange: () => ({ source: '/proc/self/environ', mentions: ['/proc/self', 'system folder'], code: 2 }),
  },
  {
    name: 'a source that does not exist',
    arrange: () => ({ source: join(work, 'missing'), mentions: ['--source', 'missing', 'does not exist'], code: 2 }),
  },
  {
    name: 'an intent that gives a key twice',
    arrange: () => {
      const dir = botFolder();
      const file = join(dir, 'EDDBot/BotLocales/en_US/Intents/CheckBalance/Intent.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('{', '{"name":"Transfer",\n'));
      return { source: dir, mentions: ['Intents/CheckBalance/Intent.json:2', 'key "name" appears twice'] };
    },
  },
  {
    name: 'a bot file that is not JSON',
    arrange: () => {
      const dir = botFolder();
      writeFileSync(join(dir, 'EDDBot/Bot.json'), '{\n  "name": "EDDBot",\n  "dataPrivacy": \n}');
      return { source: dir, mentions: ['EDDBot/Bot.json:4', 'not valid JSON'] };
    },
  },
  {
    name: 'a setting of the wrong type',
    arrange: () => {
      const dir = botFolder();
      const file = join(dir, 'EDDBot/Bot.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"childDirected":false', '"childDirected":"no"'));
      return { source: dir, mentions: ['EDDBot/Bot.json', '$.dataPrivacy.childDirected', 'must be true or false'] };
    },
  },
  {
    name: "another account's ARN (the bot was built in dev and no rule rewrites it)",
    arrange: () => {
      const dir = writeFolder(join(work, `dev-${++count}`), sampleBot({ name: 'EDDBot', account: DEV.AccountNumber }));
      return {
        source: dir,
        mentions: ['Intents/AskAnything/Intent.json', 'assistantArn', 'names the account 658456346551 (Dev)'],
      };
    },
  },
];

describe('lex-deploy deploy refuses hostile sources before its first write', () => {
  for (const c of sourceCases) {
    it(`refuses ${c.name}`, async () => {
      const { source, mentions, code = 3 } = c.arrange();
      const outcome = await lexDeploy(['deploy', '--source', source]);
      await expectRefusedCleanly({ outcome, localAws, code, mentions });
    });
  }

  it('refuses a configuration file that gives a key twice (exit 2)', async () => {
    const dir = botFolder();
    writeFileSync(join(dir, 'lex-deploy.json'), '{"aliasName": "live",\n "aliasName": "test"}');
    const outcome = await lexDeploy(['deploy', '--source', join(dir), '--config', join(dir, 'lex-deploy.json')]);
    await expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['lex-deploy.json:2', '"aliasName"'] });
  });
});

// Reads only, and each case has its own folder: these run side by side.
describe.concurrent('validate and deploy --dry-run agree on every refusal', () => {
  for (const c of sourceCases) {
    it(`on ${c.name}`, async ({ expect }) => {
      const { source, code = 3 } = c.arrange();
      const validated = await lexDeploy(['validate', '--source', source, '--json']);
      const planned = await lexDeploy(['deploy', '--source', source, '--dry-run', '--json']);
      expect(validated.code, validated.stderr).toBe(code);
      expect(planned.code, planned.stderr).toBe(code);
      // The same problems, but for the process id a path under /proc/self resolves to.
      const pid = (text: string) => text.replace(/\/proc\/\d+/g, '/proc/<pid>');
      const problems = (o: StepRun) =>
        pid(JSON.stringify((JSON.parse(o.stdout) as { problems?: unknown }).problems ?? null));
      const errors = (o: StepRun) =>
        o.stderr
          .split('\n')
          .filter((l) => l.startsWith('error: '))
          .map(pid);
      expect(problems(validated)).toEqual(problems(planned));
      // A source that is valid but cannot go to this account is refused after its plan, in the plan's words.
      if (/^Plan: /m.test(planned.stderr)) expect(planned.stderr).toMatch(/^Blocked: \d+ problems? must be fixed/m);
      else expect(errors(validated)).toEqual(errors(planned));
    });
  }
});

describe('lex-deploy export writes only inside --out', () => {
  it('refuses an --out whose bot folder is a link leading elsewhere, before Lex is asked for the export', async () => {
    await seedBot(
      await clientsFor(localAws, DEV.AccountNumber),
      DEV.AccountNumber,
      zipFiles(sampleBot({ name: 'EDDBot', account: DEV.AccountNumber })),
      'EDDBot',
    );
    const out = join(work, 'out');
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(out);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(out, 'EDDBot'));
    const outcome = await lexDeploy(['export', '--bot-name', 'EDDBot', '--out', out], DEV);
    await expectRefusedCleanly({
      outcome,
      localAws,
      code: 3,
      mentions: ['EDDBot/Manifest.json', 'a link that leaves'],
    });
    expect(execFileSync('ls', ['-A', elsewhere]).toString()).toBe('');
  });
});
