import { readFileSync, readdirSync, statSync } from 'node:fs';
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

  it('fit what CloudFormation takes from S3 (1 MB), and say so where they outgrow the 51,200 bytes it takes inline', () => {
    const readme = readFileSync(join(ROOT, 'tools/templates/README.md'), 'utf8');
    for (const file of readdirSync(join(ROOT, GENERATED_DIR))) {
      const size = statSync(join(ROOT, GENERATED_DIR, file)).size;
      expect(size, file).toBeLessThan(1_000_000);
      if (size > 51_200) expect(readme).toContain('larger than the 51,200 bytes CloudFormation takes inline');
    }
  });
});
