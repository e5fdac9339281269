import { ExitCode, ValidationError } from '../errors.js';
import { hasChanges, type PlanDocument } from './model.js';

/**
 * What stops a plan from being applied. The plan and its blockers were printed already, so this says it in one line
 * (exit 3) and repeats none of them; the `--json` report carries them under `plan.blockers`.
 */
export class PlanBlockedError extends ValidationError {
  constructor(plan: Pick<PlanDocument, 'blockers'>) {
    const n = plan.blockers.length;
    super(`the plan is blocked by ${n} problem${n === 1 ? '' : 's'} (listed above); nothing was written`);
  }
}

/**
 * The exit code of a plan that is not blocked: 0, or with `--detailed-exitcode` 0 when nothing would change and 6
 * when changes are pending. A blocked plan throws PlanBlockedError (3) instead.
 */
export function planExitCode(plan: PlanDocument, { detailedExitcode = false } = {}): number {
  if (plan.blockers.length > 0) throw new PlanBlockedError(plan);
  return detailedExitcode && hasChanges(plan) ? ExitCode.ChangesPending : ExitCode.Success;
}
