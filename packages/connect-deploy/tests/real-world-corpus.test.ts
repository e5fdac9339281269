import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowStructureProblems } from '../src/model/flow-content.js';
import { parseInstanceResourceArn } from '../src/references/arns.js';
import { forEachRef, type SourceIndex, symbolize } from '../src/references/rewrite.js';
import type { ReferenceProblem } from '../src/references/rewrite.js';

// Flows exported from real Connect instances (published under their own licences). Read in place, never copied.
const corpus = process.env.EDD_FIXTURES_DIR ?? join(import.meta.dirname, '../../../../shared/fixtures');
const flowsDir = join(corpus, 'connect-flows');
const present = existsSync(flowsDir);
if (!present) console.log(`real-world corpus not found at ${flowsDir}: skipping (set EDD_FIXTURES_DIR to run it)`);

function realFlows(): { file: string; content: Record<string, unknown> }[] {
  const out: { file: string; content: Record<string, unknown> }[] = [];
  const scv = join(flowsDir, 'salesforce-scv');
  for (const f of readdirSync(scv).filter((n) => n.endsWith('.json'))) {
    const raw = JSON.parse(readFileSync(join(scv, f), 'utf8')) as { ContactFlow: { Content: string } };
    out.push({ file: `salesforce-scv/${f}`, content: JSON.parse(raw.ContactFlow.Content) as Record<string, unknown> });
  }
  for (const sub of ['flows', 'modules']) {
    const dir = join(flowsDir, 'stock-default-flows', sub);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('-content.json'))) {
      out.push({
        file: `stock-default-flows/${sub}/${f}`,
        content: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>,
      });
    }
  }
  return out;
}

describe.runIf(present)('real-world flow corpus', () => {
  it('passes the structural checks that run before any write', () => {
    for (const { file, content } of realFlows()) expect(flowStructureProblems(content), file).toEqual([]);
  });

  it('turns every instance ARN of the stock flows into a reference, in Parameters and Metadata alike', () => {
    for (const { file, content } of realFlows().filter((f) => f.file.startsWith('stock'))) {
      const ids = new Map<string, { type: 'prompt' | 'flow' | 'flow-module'; name: string }>();
      let instanceId = '';
      JSON.stringify(content, (_k, v: unknown) => {
        const parsed = typeof v === 'string' ? parseInstanceResourceArn(v) : undefined;
        if (parsed?.type === 'prompt') {
          ids.set(parsed.id, { type: 'prompt', name: `prompt ${parsed.id}` });
          instanceId = parsed.instanceId;
        }
        return v;
      });
      const index: SourceIndex = {
        instanceId,
        resources: ids,
        phoneNumbers: new Map(),
        lexAliases: new Map(),
        lambdaName: (n) => ({ function: n }),
      };
      const problems: ReferenceProblem[] = [];
      const symbolic = symbolize(content, index, problems);
      expect(problems, file).toEqual([]);
      let refs = 0;
      forEachRef(symbolic, () => refs++);
      const arnCount = (JSON.stringify(content).match(/:instance\/[0-9a-f-]{36}\/prompt\//g) ?? []).length;
      expect(refs, file).toBe(arnCount);
      expect(JSON.stringify(symbolic), file).not.toMatch(/:instance\/[0-9a-f-]{36}\/prompt\//);
    }
  });
});
