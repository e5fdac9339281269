/**
 * The account registry of seed Table 1. This file is the single source of truth: the pipeline template's
 * `TargetAccount` AllowedValues are generated from it, and every step checks `$Environment`/`$AccountNumber`
 * against it. Edit it through `pnpm new-environment` so the generated files stay in step.
 */
export interface EnvironmentRecord {
  /** Name used by IV (and by the pipelines: `$Environment` is its lower-case form). */
  ivName: string;
  /** Name EDD uses for the same account, or null where the seed says "n/a". */
  eddName: string | null;
  /** Exactly 12 digits; leading zeros are significant, so it is always a string. */
  account: string;
  purpose: string;
  /** Git branch whose pushes deploy into this account. */
  branch: string;
  defaultRegion: string;
  /** False when the seed's account number could not be confirmed; such an environment cannot be used. */
  confirmed: boolean;
  /** True for the account that hosts the pipelines themselves (it is never a deployment target). */
  pipelineAccount?: boolean;
}

const REGION = 'us-east-1';

export const REGISTRY: readonly EnvironmentRecord[] = [
  {
    ivName: 'Shared',
    eddName: null,
    account: '318484875904',
    purpose: 'Contains all AWS CodePipeline, CodeBuild, and CodeCommit resources',
    branch: 'main',
    defaultRegion: REGION,
    confirmed: true,
    pipelineAccount: true,
  },
  {
    ivName: 'RND',
    eddName: null,
    // The seed prints 11 digits for this account; it is kept verbatim and unconfirmed rather than guessed.
    account: '90541811020',
    purpose: 'Developers create components in the AWS Console',
    branch: 'rnd',
    defaultRegion: REGION,
    confirmed: false,
  },
  {
    ivName: 'Feature',
    eddName: null,
    account: '441184076731',
    purpose: 'Developers use this account to test their infrastructure as code and deployments',
    branch: 'feature',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'Dev',
    eddName: null,
    account: '658456346551',
    purpose: 'Used for internal testing and validation',
    branch: 'dev',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'QA',
    eddName: 'QA',
    account: '640079793484',
    purpose: 'Used for testing by Osaas',
    branch: 'qa',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'QA-FIX',
    eddName: 'QA-FIX',
    account: '137271411486',
    purpose: 'Patch/bugfix environment for QA',
    branch: 'qa-fix',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'Sandbox1',
    eddName: 'Sandbox1',
    account: '559450564007',
    purpose: "R&D environment for EDD's IT department",
    branch: 'sandbox1',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'Sandbox2',
    eddName: 'Sandbox2',
    account: '123372620210',
    purpose: "R&D environment for EDD's IT department",
    branch: 'sandbox2',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'Sandbox3',
    eddName: 'Sandbox3',
    account: '990703426931',
    purpose: "R&D environment for EDD's IT department",
    branch: 'sandbox3',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'DIBT',
    eddName: 'DIBT',
    account: '414275752728',
    purpose: 'Training environment for call center workers',
    branch: 'dibt',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'Staging',
    eddName: 'UAT',
    account: '443054495397',
    purpose: 'Used for customer validation',
    branch: 'staging',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'UAT',
    eddName: 'Performance',
    account: '635425321918',
    purpose: 'Used for performance testing',
    branch: 'uat',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'UAT-FIX',
    eddName: 'UAT-FIX',
    account: '058264286667',
    purpose: 'Patch/bugfix environment for UAT',
    branch: 'uat-fix',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'Prod',
    eddName: 'Prod',
    account: '559550955475',
    purpose: 'Contains production Connect instance',
    branch: 'prod',
    defaultRegion: REGION,
    confirmed: true,
  },
  {
    ivName: 'Prod-FIX',
    eddName: 'Prod-FIX',
    account: '891376957702',
    purpose: 'Patch/bugfix environment for Prod',
    branch: 'prod-fix',
    defaultRegion: REGION,
    confirmed: true,
  },
];
