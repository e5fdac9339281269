import { describe, expect, expectTypeOf, it } from 'vitest';
import * as bin from '../src/cli/index.js';
import * as library from '../src/index.js';
import type { CliDefinition } from '../src/cli/index.js';
import type { StepCall, StepInput, StepOutcome, StepReport } from '../src/index.js';

describe('the library entries', () => {
  it('keep the command line out of the main entry', () => {
    for (const name of ['runCli', 'defineVerb', 'option', 'COMMON_OPTIONS', 'stepLayer']) {
      expect(Object.keys(library)).not.toContain(name);
      expect(Object.keys(bin)).toContain(name);
    }
  });

  it('pin the main entry', () => {
    expect(Object.keys(library).sort()).toMatchInlineSnapshot(`
      [
        "ABSENT",
        "APPLYING_HEADING",
        "ApplyProgress",
        "AwsClients",
        "AwsOperationError",
        "EddError",
        "ExitCode",
        "InputRoot",
        "KeyedRateLimiter",
        "OutputRoot",
        "PlanBlockedError",
        "RunReport",
        "SAVED_PLAN_FORMAT",
        "Semaphore",
        "UnsafeInputError",
        "UsageError",
        "ValidationError",
        "WaitTimeoutError",
        "appliedLine",
        "applyLine",
        "awsErrorCode",
        "awsOperationName",
        "backoffDelay",
        "blockName",
        "countPlan",
        "createLogger",
        "describeDrift",
        "errorKind",
        "exitCodeOf",
        "expandDeep",
        "expandPlaceholders",
        "explainError",
        "findDuplicateKey",
        "fingerprint",
        "fingerprintDrift",
        "formatField",
        "formatProblem",
        "formatValue",
        "getCallerIdentity",
        "hasChanges",
        "invokeStep",
        "isAwsServiceError",
        "isEddError",
        "mapConcurrent",
        "normaliseRelativePath",
        "pacingPlugin",
        "parseJsonStrict",
        "planDocumentSchema",
        "planExitCode",
        "planTargetOf",
        "poll",
        "printPlanDocument",
        "readJsonConfig",
        "readSavedPlan",
        "readStepPlan",
        "redact",
        "refuseSourceDrift",
        "registerSecret",
        "renderPlan",
        "requireTarget",
        "resourceLines",
        "retry",
        "saveRequestedPlan",
        "silentLogger",
        "sleep",
        "stableStringify",
        "summaryLine",
        "templatize",
        "toAwsOperationError",
        "toStepError",
        "verifyAccount",
        "writeFileAtomic",
        "writeSavedPlan",
        "writeStableJsonAtomic",
      ]
    `);
  });

  it('pin the command-line entry', () => {
    expect(Object.keys(bin).sort()).toMatchInlineSnapshot(`
      [
        "APPLY_PLAN_OPTION",
        "BASE_OPTIONS",
        "COMMON_OPTIONS",
        "CONNECT_PACING_OPTIONS",
        "DETAILED_EXITCODE_OPTION",
        "PLAN_VERBOSE_OPTION",
        "REPORT_OPTION",
        "SAVE_PLAN_OPTION",
        "commonOptionsFor",
        "defineVerb",
        "envNameFor",
        "envPrefixOf",
        "option",
        "pacingOptions",
        "pathProblem",
        "renderCliHelp",
        "renderHelpIndex",
        "renderVerbHelp",
        "resolveOptions",
        "runCli",
        "specsOf",
        "stepLayer",
        "suggestion",
      ]
    `);
  });

  it('type a verb called as a function', () => {
    expectTypeOf(library.invokeStep<StepReport>).toEqualTypeOf<
      (def: CliDefinition, verbName: string, values: object, call?: StepCall) => Promise<StepOutcome<StepReport>>
    >();
    expectTypeOf<StepInput<{ source: string; rate?: number; verbose: boolean }, 'source'>>().toEqualTypeOf<
      Partial<{ source: string; rate?: number; verbose: boolean }> &
        Pick<{ source: string; rate?: number; verbose: boolean }, 'source'> &
        library.StepTarget
    >();
    expectTypeOf<{ source: string }>().toMatchTypeOf<
      StepInput<{ source: string; rate?: number; verbose: boolean }, 'source'>
    >();
    expectTypeOf<{ rate: number }>().not.toMatchTypeOf<
      StepInput<{ source: string; rate?: number; verbose: boolean }, 'source'>
    >();
    expectTypeOf(library.toStepError).toEqualTypeOf<(error: unknown) => unknown>();
  });
});
