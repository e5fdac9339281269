import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '@edd/environments';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GENERATED_DIR, driftedTemplates } from '../src/index.js';
import { ROOT } from './support.js';

describe('the committed templates', () => {
  it('are what a fresh synthesis gives (regenerate with pnpm --filter @edd/templates synth)', async () => {
    expect(await driftedTemplates(ROOT)).toEqual([]);
  });

  it("offer the registry's TargetAccount values", () => {
    const product = parse(readFileSync(join(ROOT, GENERATED_DIR, 'pipeline-product.yaml'), 'utf8')) as {
      Parameters: { TargetAccount: { AllowedValues: string[] } };
    };
    expect(product.Parameters.TargetAccount.AllowedValues).toEqual(registry.targetAccountValues());
  });
});
