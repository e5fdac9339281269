import { createHash } from 'node:crypto';
import { z } from 'zod';
import { requireTarget, type StepContext } from '../context.js';
import { ValidationError, type Problem } from '../errors.js';
import { InputRoot } from '../input/input-root.js';
import { parseJsonStrict } from '../input/strict-json.js';
import { stableStringify, writeStableJsonAtomic } from '../json.js';
import type { Logger } from '../logger.js';
import type { PlanDocument } from './model.js';
import { planDocumentSchema } from './schema.js';

/**
 * A saved plan (`plan --out plan.json`): the plan people approved, the step's own change set, and a fingerprint of
 * everything the plan was computed from. `deploy --plan plan.json` applies exactly that change set, and refuses when
 * a fingerprint moved: the source, or any resource of the target the plan read.
 */

export const SAVED_PLAN_FORMAT = 'edd-saved-plan/1';

/** The fingerprint of something the plan expected not to exist. */
export const ABSENT = 'absent';

export interface PlanFingerprints {
  /** Everything read from the source (files, and the options that selected them), as one fingerprint. */
  source: string;
  /** The same per source file, so a refusal names the files that changed. */
  sourceFiles: Record<string, string>;
  /** Every target resource the plan read: `<type>/<name>` -> fingerprint of what was read, or `absent`. */
  target: Record<string, string>;
}

export interface SavedPlan<C = unknown> {
  format: typeof SAVED_PLAN_FORMAT;
  plan: PlanDocument;
  fingerprints: PlanFingerprints;
  /** What the step needs to apply exactly this plan, in its own terms. */
  changeSet: C;
}

/** `sha256:<hex>` of a value's JSON with sorted keys, so the same content always gives the same fingerprint. */
export function fingerprint(value: unknown): string {
  const hash = createHash('sha256');
  if (Buffer.isBuffer(value)) hash.update(value);
  else hash.update(stableStringify(value));
  return `sha256:${hash.digest('hex')}`;
}

export interface FingerprintDrift {
  key: string;
  /** Absent: the plan did not read it. */
  before?: string;
  /** Absent: it was not read this time. */
  after?: string;
}

/** The keys whose fingerprints differ between the saved plan and now, in key order. */
export function fingerprintDrift(
  saved: Readonly<Record<string, string>>,
  now: Readonly<Record<string, string>>,
): FingerprintDrift[] {
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(now)])].sort();
  const out: FingerprintDrift[] = [];
  for (const key of keys) {
    const before = Object.hasOwn(saved, key) ? saved[key] : undefined;
    const after = Object.hasOwn(now, key) ? now[key] : undefined;
    if (before === after) continue;
    out.push({ key, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  return out;
}

/** What happened to one fingerprinted thing, in words: `created since the plan`, `changed since the plan`. */
export function describeDrift(drift: FingerprintDrift): string {
  if (drift.before === ABSENT) return 'created since the plan';
  if (drift.after === ABSENT) return 'deleted since the plan';
  if (drift.before === undefined) return 'read now but not by the plan';
  if (drift.after === undefined) return 'read by the plan but not now';
  return 'changed since the plan';
}

/** Written piece by piece: a change set can be as long as a table. */
/**
 * Refuses (exit 3) a saved plan whose source moved: each file that changed, appeared or went away, named by
 * `name` (the saved key by default). Returns when the source is the one the plan was made from.
 */
export function refuseSourceDrift(
  file: string,
  saved: Pick<PlanFingerprints, 'source' | 'sourceFiles'>,
  now: Pick<PlanFingerprints, 'source' | 'sourceFiles'>,
  name: (key: string) => string = (key) => key,
): void {
  if (saved.source === now.source) return;
  const problems: Problem[] = fingerprintDrift(saved.sourceFiles, now.sourceFiles).map((d) => ({
    file: name(d.key),
    message:
      d.before === undefined
        ? 'added to the source since the plan'
        : d.after === undefined
          ? 'removed from the source since the plan'
          : 'changed since the plan',
  }));
  throw new ValidationError(
    `${file} cannot be applied: the source changed since the plan was made; make the plan again and have it approved; nothing was written`,
    problems,
  );
}

export async function writeSavedPlan(file: string, saved: SavedPlan): Promise<void> {
  await writeStableJsonAtomic(file, saved);
}

/** Plans hold field values, not flow content or audio: this is far above any real one. */
const MAX_SAVED_PLAN_BYTES = 64 * 1024 * 1024;

export interface SavedPlanExpectation<C> {
  step: string;
  version: string;
  /** Where this run acts: a plan for another environment, account or region is refused. */
  target?: { environment: string; account: string; region: string };
  /** The step's change set. */
  changeSet: z.ZodType<C>;
  /** The option that named the file, for messages: `--plan`. */
  what?: string;
}

/**
 * Reads a saved plan: it comes from outside the step (a pipeline artifact, a file someone handed over), so it is
 * read like any untrusted input and checked before anything trusts it: its shape, that it is a plan of this step and
 * version for this target, and that nothing blocks it. Every refusal is a ValidationError (exit 3).
 */
export async function readSavedPlan<C>(file: string, expect: SavedPlanExpectation<C>): Promise<SavedPlan<C>> {
  const what = expect.what ?? '--plan';
  const { root, name } = await InputRoot.openFile(file, { what });
  const text = (await root.readText(name, {
    maxBytes: MAX_SAVED_PLAN_BYTES,
    tooLarge: (size) => `is ${size} bytes; a saved plan is at most ${MAX_SAVED_PLAN_BYTES}`,
  }))!;
  const refuse = (message: string, problems: Problem[] = []): never => {
    throw new ValidationError(`${file} cannot be applied: ${message}`, problems);
  };
  const parsed = parseJsonStrict(text);
  if (!parsed.ok) refuse(`line ${parsed.problem.line}: ${parsed.problem.message}`);
  const envelope = z
    .object({
      format: z.literal(SAVED_PLAN_FORMAT),
      plan: planDocumentSchema,
      fingerprints: z
        .object({
          source: z.string(),
          sourceFiles: z.record(z.string(), z.string()),
          target: z.record(z.string(), z.string()),
        })
        .strict(),
      changeSet: expect.changeSet,
    })
    .strict();
  const checked = envelope.safeParse((parsed as { value: unknown }).value);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => ({
      file,
      ...(issue.path.length > 0 ? { path: issue.path.map(String).join('.') } : {}),
      message: issue.message,
    }));
    refuse(
      `it is not a saved plan of this format (${problems.length} problem${problems.length === 1 ? '' : 's'}); save it again with plan --out`,
      problems,
    );
  }
  const saved = checked.data as SavedPlan<C>;
  const plan = saved.plan;
  if (plan.step !== expect.step) refuse(`it is a plan of ${plan.step}; ${expect.step} applies only its own plans`);
  if (plan.version !== expect.version)
    refuse(
      `it was made by ${plan.step} ${plan.version} and this is ${expect.version}; make the plan again with this version`,
    );
  const want = expect.target;
  const have = plan.target;
  if (want && (!have || have.account !== want.account || have.region !== want.region))
    refuse(
      `it is a plan for ${have ? `${have.environment}/${have.account} (${have.region})` : 'no target'}, not for ${want.environment}/${want.account} (${want.region}); make a plan for this target`,
    );
  if (plan.blockers.length > 0)
    refuse(
      `it is blocked by ${plan.blockers.length} problem${plan.blockers.length === 1 ? '' : 's'}; fix them and make the plan again`,
    );
  return saved;
}

/**
 * `deploy --plan FILE` of the running step: {@link readSavedPlan} expecting this step, this version and the run's
 * target (a deploy always has one).
 */
export function readStepPlan<C>(
  ctx: Pick<StepContext, 'step' | 'version' | 'target' | 'verb'>,
  file: string,
  changeSet: z.ZodType<C>,
): Promise<SavedPlan<C>> {
  const { environment, account, region } = requireTarget(ctx as StepContext);
  return readSavedPlan(file, {
    step: ctx.step,
    version: ctx.version,
    target: { environment, account, region },
    changeSet,
  });
}

/**
 * `plan --out FILE`: saves the plan `make` builds, or, when the plan is blocked, says it was not saved (a blocked
 * plan cannot be applied). Nothing when no file was asked for.
 */
export async function saveRequestedPlan(
  file: string | undefined,
  document: PlanDocument,
  make: () => SavedPlan | Promise<SavedPlan>,
  logger: Pick<Logger, 'info'>,
): Promise<void> {
  if (!file) return;
  if (document.blockers.length > 0) {
    logger.info(`not saved to ${file}: a blocked plan cannot be applied`);
    return;
  }
  await writeSavedPlan(file, await make());
  logger.info(`saved the plan to ${file}: deploy --plan ${file} applies exactly it`);
}
