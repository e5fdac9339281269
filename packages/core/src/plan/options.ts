import { option } from '@edd/cli';

/**
 * The flags of the plan grammar, defined once so every step spells them the same way. Steps spread them into the
 * options of their `plan` and `deploy` verbs.
 */

/** `--verbose`: list unchanged resources too. */
export const PLAN_VERBOSE_OPTION = {
  verbose: option.boolean({ description: 'List unchanged resources too (otherwise they are counted)' }),
};

/** `--detailed-exitcode` (plan): a scheduled job tells "in sync" from "drifted" by the exit code alone. */
export const DETAILED_EXITCODE_OPTION = {
  detailedExitcode: option.boolean({
    envName: false,
    description: 'Exit 0 when nothing would change, 6 when changes are pending (3 when blocked)',
  }),
};

/** `--out plan.json` (plan): save the plan with the fingerprints `deploy --plan` checks. */
export const SAVE_PLAN_OPTION = {
  out: option.path({
    must: 'writable-file',
    envName: false,
    valueName: 'plan.json',
    description: 'Save the plan, with a fingerprint of everything it read, for deploy --plan',
  }),
};

/** `--plan plan.json` (deploy): apply exactly a saved plan, or refuse when what it was made from moved. */
export const APPLY_PLAN_OPTION = {
  plan: option.path({
    must: 'file',
    envName: false,
    valueName: 'plan.json',
    description: 'Apply exactly this saved plan; refused (exit 3) when the source or the target changed since',
  }),
};

/**
 * `--report plan.html|plan.md` (plan and deploy): also write the plan, or what the deploy did, as a review page
 * (`writeReport` of @edd/plan-report). The extension chooses the format; any other name is a usage error (exit 2)
 * before any AWS call, and like `--out` the file must be a regular file in a folder that exists.
 */
export const REPORT_OPTION = {
  report: option.path({
    must: 'writable-file',
    envName: false,
    valueName: 'file',
    pattern: {
      regex: /\.(html?|md|markdown)$/i,
      message: '--report must name an .html file (a page for a browser) or an .md file (Markdown for a pull request)',
    },
    description: 'Also write a review page: .html (self-contained, with pictures of the flows) or .md (Markdown)',
  }),
};
