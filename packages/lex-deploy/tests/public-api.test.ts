import type { PlanDocument as CorePlanDocument } from '@edd/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as library from '../src/index.js';
import type {
  BotChanges,
  BotPlan,
  DeployBotOptions,
  DeployBotResult,
  DeployResult,
  ExportBotOptions,
  ExportBotResult,
  LexDeployConfig,
  PlanBotOptions,
  PlanDocument,
  ValidateBotOptions,
  ValidateBotResult,
} from '../src/index.js';

// What application repositories build on: a change here is a change of the package's API (see the README's Library).
describe('the public surface', () => {
  it('exports the verbs, the configuration format, the tags deploy writes and the errors, nothing internal', () => {
    expect(Object.keys(library).sort()).toEqual([
      'CONFIG_FILE',
      'CONTENT_TAG',
      'PlanBlockedError',
      'VERSION_TAG',
      'ValidationError',
      'botChanges',
      'configSchema',
      'definition',
      'deployBot',
      'exportBot',
      'planBot',
      'validateBot',
    ]);
  });

  it('types each verb by its options and result', () => {
    expectTypeOf(library.validateBot).parameters.toEqualTypeOf<[ValidateBotOptions]>();
    expectTypeOf(library.validateBot).returns.resolves.toEqualTypeOf<ValidateBotResult>();
    expectTypeOf(library.planBot).parameters.toEqualTypeOf<[PlanBotOptions]>();
    expectTypeOf(library.planBot).returns.resolves.toEqualTypeOf<BotPlan>();
    expectTypeOf(library.deployBot).parameters.toEqualTypeOf<[DeployBotOptions]>();
    expectTypeOf(library.deployBot).returns.resolves.toEqualTypeOf<DeployBotResult>();
    expectTypeOf(library.exportBot).parameters.toEqualTypeOf<[ExportBotOptions]>();
    expectTypeOf(library.exportBot).returns.resolves.toEqualTypeOf<ExportBotResult>();
    expectTypeOf(library.botChanges).parameters.toEqualTypeOf<[string, string]>();
    expectTypeOf(library.botChanges).returns.resolves.toEqualTypeOf<BotChanges>();
  });

  it('keeps the options an application gives and the results it reads', () => {
    expectTypeOf<PlanBotOptions['source']>().toEqualTypeOf<string>();
    expectTypeOf<PlanBotOptions['target']>().toEqualTypeOf<{ environment: string; region?: string }>();
    expectTypeOf<PlanBotOptions>().toHaveProperty('connectInstanceAlias').toEqualTypeOf<string | undefined>();
    expectTypeOf<ValidateBotOptions['target']>().toEqualTypeOf<{ environment: string; region?: string } | undefined>();
    expectTypeOf<BotPlan['plan']>().toEqualTypeOf<CorePlanDocument>();
    expectTypeOf<PlanDocument>().toEqualTypeOf<CorePlanDocument>();
    expectTypeOf<DeployBotResult['result']>().toEqualTypeOf<DeployResult>();
    expectTypeOf<DeployResult['alias']['action']>().toEqualTypeOf<'create' | 'update' | 'unchanged'>();
    expectTypeOf<DeployResult['version']>().toEqualTypeOf<string>();
    expectTypeOf<LexDeployConfig['botName']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(library.configSchema.parse).returns.toEqualTypeOf<LexDeployConfig>();
  });
});
