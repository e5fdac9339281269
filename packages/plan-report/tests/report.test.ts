import { lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, explainError } from '@edd/core';
import { REPORT_OPTION } from '@edd/core/cli';
import {
  mermaidFlow,
  renderHtmlReport,
  renderMarkdownReport,
  reportFormatOf,
  valueText,
  writeReport,
  writeRequestedReport,
} from '../src/index.js';
import { CALLBACK_OFFER, HOSTILE, MAIN_MENU, connectPlan, demoPlans, hostilePlan } from './fixtures/plans.js';

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(demoPlans);

  it('is one page that loads nothing: no script, no URL, a policy that refuses anything else', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/https?:|\/\//);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('has the summary, every change and its diff, and a picture of each flow that has one', () => {
    expect(html).toContain('Plan: 3 to create, 5 to update, 1 to delete, 5 unchanged.');
    for (const plan of demoPlans)
      for (const r of plan.resources.filter((r) => r.action !== 'unchanged'))
        expect(html).toContain(`data-action="${r.action}" data-kind="${r.kind}" data-name="${r.name}"`);
    expect(html).toContain('&quot;For billing press 1. For appeals press 2.&quot;');
    expect(html).toContain('hours &quot;EDD Standard Hours&quot;');
    expect(html.match(/<figure class="flow-picture"/g)).toHaveLength(2);
    expect(html.match(/<g class="block"/g)).toHaveLength(MAIN_MENU.nodes.length + CALLBACK_OFFER.nodes.length);
    expect(html).toContain('layout only (block positions in the designer)');
    expect(html).toContain('<pre class="value">block &quot;Appeals queue&quot;</pre>');
  });

  it('writes every name and value from the plan as text', () => {
    const page = renderHtmlReport([hostilePlan]);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>');
    expect(page).toContain('&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;');
  });

  it('says what a deploy did when it reports one', () => {
    const page = renderHtmlReport([connectPlan], {
      kind: 'deploy',
      outcome: 'Applied: 2 created, 4 updated, 1 deleted in 3.2 s.',
    });
    expect(page).toContain('<h1>Deployed: instance edd-qa in qa</h1>');
    expect(page).toContain('Deployed: 2 created, 4 updated, 1 deleted, 3 unchanged.');
    expect(page).toContain('Applied: 2 created, 4 updated, 1 deleted in 3.2 s.');
  });

  it('says when there is nothing to change, and names what stops a plan', () => {
    const empty = renderHtmlReport([
      { ...connectPlan, resources: [], counts: { create: 0, update: 0, delete: 0, unchanged: 0 } },
    ]);
    expect(empty).toContain('Nothing to change.');
    const blocked = renderHtmlReport([
      {
        ...connectPlan,
        blockers: [{ file: 'connect/flows/x.json', path: 'Actions[2]', message: 'refers to a missing queue' }],
      },
    ]);
    expect(blocked).toContain('Blocked: 1 problem must be fixed before this plan can be applied');
    expect(blocked).toContain('connect/flows/x.json Actions[2]: refers to a missing queue');
  });

  it('draws no picture of a flow too large to lay out quickly, and says so', () => {
    const nodes = Array.from({ length: 201 }, (_, i) => ({
      id: `b${i}`,
      type: 'MessageParticipant',
      status: 'unchanged' as const,
    }));
    const page = renderHtmlReport([
      { ...connectPlan, resources: [{ kind: 'flow', name: 'Huge', action: 'create', graph: { nodes, edges: [] } }] },
    ]);
    expect(page).toContain('No picture of this flow: 201 blocks: flows of more than 200 are not drawn.');
    expect(page).not.toContain('<svg');
  });
});

describe('renderMarkdownReport', () => {
  const markdown = renderMarkdownReport(demoPlans);

  it('has the same summary and changes, each diff in a diff block', () => {
    expect(markdown).toContain('**Plan: 3 to create, 5 to update, 1 to delete, 5 unchanged.**');
    expect(markdown).toContain('| instance edd-qa | connect-deploy | qa/640079793484, us-east-1 | 2 | 4 | 1 | 3 |');
    expect(markdown).toContain('### `~` flow **EDD Main Menu** (`connect/flows/EDD Main Menu.json`)');
    expect(markdown).toContain(
      [
        '```diff',
        '- Config[FRIDAY].EndTime: {"Hours":17,"Minutes":0}',
        '+ Config[FRIDAY].EndTime: {"Hours":18,"Minutes":30}',
        '```',
      ].join('\n'),
    );
    expect(markdown).toContain('@@ ~ block "Main menu" (GetParticipantInput)');
    expect(markdown).toContain('+ block "Appeals queue" (UpdateContactTargetQueue)');
  });

  it('draws each flow as a Mermaid flowchart whose nodes carry their change as a class', () => {
    expect(markdown.match(/```mermaid\nflowchart LR/g)).toHaveLength(2);
    const chart = mermaidFlow(MAIN_MENU);
    expect(chart.match(/^ {2}n\d+\[.*\]:::(added|changed|removed|unchanged)$/gm)).toHaveLength(MAIN_MENU.nodes.length);
    expect(chart).toContain('n4["+ Appeals queue<br/>UpdateContactTargetQueue"]:::added');
    expect(chart).toContain('n7["#8722; Satisfaction survey<br/>InvokeFlowModule"]:::removed');
    expect(chart).toContain('n2 -->|"2"| n4');
    expect(chart).toMatch(/classDef removed .*stroke-dasharray/);
    // Links count from 0 in the order written, the entry link first: n2 -->|"2"| n4 is link 5.
    expect(chart).toContain('  linkStyle 5 stroke:#1e8e3e,stroke-width:2px');
    expect(chart).toContain('  linkStyle 6 stroke:#c5221f,stroke-width:2px,stroke-dasharray:5 3');
    expect(chart.match(/linkStyle/g)).toHaveLength(4);
  });

  it('keeps names from the plan from becoming Markdown, HTML or Mermaid syntax', () => {
    const page = renderMarkdownReport([hostilePlan]);
    const outsideCode = page.replace(/(`{3,})[^\n]*\n[\s\S]*?\n\1/g, '').replace(/(`+)[^`]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<(?!\/?(details|summary)>)/);
    const [, chart] = /```mermaid\n([\s\S]*?)\n```/.exec(page)!;
    const label = '(?:[^"<>`|\\[\\]]|<br/>)*';
    const node = new RegExp(`^ {2}n\\d+\\["${label}"\\]:::(added|changed|removed|unchanged)$`);
    const edge = new RegExp(`^ {2}(n\\d+|entry\\(\\(" "\\)\\)) -->(\\|"${label}"\\|)? n\\d+$`);
    const lines = chart!
      .split('\n')
      .slice(1)
      .filter((line) => !/^ {2}(classDef|linkStyle) /.test(line));
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(line.includes('-->') ? edge : node);
    expect(page).toContain('````diff');
  });
});

describe('valueText', () => {
  it('reads references by what they name, in full for long values', () => {
    expect(valueText({ $ref: 'lambda', function: 'edd-lookup' })).toBe('lambda function="edd-lookup"');
    expect(valueText({ QueueId: { $ref: 'queue', name: 'EDD Billing' } })).toBe('{"QueueId":<queue "EDD Billing">}');
    const long = valueText({ Text: 'x'.repeat(120), Queue: { $ref: 'queue', name: 'Q' } });
    expect(long).toBe(`{\n  "Text": "${'x'.repeat(120)}",\n  "Queue": <queue "Q">\n}`);
  });
});

describe('writeReport', () => {
  it('writes HTML or Markdown by the file name, creating its folder, and nothing beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-report-'));
    const html = await writeReport(join(dir, 'reports', 'plan.html'), demoPlans);
    const md = await writeReport(join(dir, 'reports', 'plan.MD'), demoPlans);
    expect([html.format, md.format]).toEqual(['html', 'markdown']);
    expect(readFileSync(html.file, 'utf8')).toMatch(/^<!doctype html>/);
    expect(readFileSync(md.file, 'utf8')).toMatch(/^# Plan for 3 subjects in qa\n/);
    expect(readdirSync(join(dir, 'reports')).sort()).toEqual(['plan.MD', 'plan.html']);
  });

  it('replaces an existing report whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-report-'));
    writeFileSync(join(dir, 'plan.html'), 'old');
    await writeReport(join(dir, 'plan.html'), [connectPlan]);
    expect(readFileSync(join(dir, 'plan.html'), 'utf8')).toContain('instance edd-qa');
  });

  it('refuses a file name that is neither HTML nor Markdown before writing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-report-'));
    await expect(writeReport(join(dir, 'plan.txt'), demoPlans)).rejects.toThrow(
      /report file '.*plan\.txt' must name an \.html file .* or an \.md file/,
    );
    expect(readdirSync(dir)).toEqual([]);
    expect(['a.html', 'a.htm', 'b.md', 'c.markdown', 'd.txt', 'html'].map(reportFormatOf)).toEqual([
      'html',
      'html',
      'markdown',
      'markdown',
      undefined,
      undefined,
    ]);
  });

  it("takes exactly the names the steps' --report option lets through", () => {
    const names = ['r/plan.html', 'a.HTM', 'b.md', 'c.Markdown', 'plan.html.txt', 'plan.json', 'md', 'x.mdx'];
    expect(names.map((n) => REPORT_OPTION.report.pattern!.regex.test(n))).toEqual(
      names.map((n) => reportFormatOf(n) !== undefined),
    );
    expect(names.filter((n) => reportFormatOf(n) !== undefined)).toEqual([
      'r/plan.html',
      'a.HTM',
      'b.md',
      'c.Markdown',
    ]);
  });

  it("replaces a link at the report's name instead of writing through it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-report-'));
    writeFileSync(join(dir, 'elsewhere.txt'), 'keep me');
    symlinkSync(join(dir, 'elsewhere.txt'), join(dir, 'plan.html'));
    await writeReport(join(dir, 'plan.html'), [connectPlan]);
    expect(lstatSync(join(dir, 'plan.html')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'plan.html'), 'utf8')).toContain('instance edd-qa');
    expect(readFileSync(join(dir, 'elsewhere.txt'), 'utf8')).toBe('keep me');
  });
});

describe('writeRequestedReport', () => {
  it('writes the report a step was asked for and says where; nothing when none was asked for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-report-'));
    const lines: string[] = [];
    const logger = { info: (line: string) => lines.push(line) };
    await writeRequestedReport(undefined, demoPlans, { logger });
    expect(readdirSync(dir)).toEqual([]);
    await writeRequestedReport(join(dir, 'plan.md'), demoPlans, { kind: 'deploy', outcome: 'Applied: 1', logger });
    expect(readFileSync(join(dir, 'plan.md'), 'utf8')).toMatch(/^# Deployed: 3 subjects in qa\n[\s\S]*Applied: 1/);
    expect(lines).toEqual([`review page: ${join(dir, 'plan.md')} (Markdown)`]);
  });

  it('turns a report it cannot write into a usage error that names the option and the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-report-'));
    writeFileSync(join(dir, 'a-file'), '');
    const file = join(dir, 'a-file', 'plan.html');
    const error: unknown = await writeRequestedReport(file, demoPlans, { logger: { info: () => {} } }).catch(
      (e: unknown) => e,
    );
    expect(exitCodeOf(error)).toBe(2);
    expect(explainError(error)).toEqual([
      expect.stringMatching(new RegExp(`^--report: cannot write ${file}: .+; choose a file`)),
    ]);
    expect(readdirSync(dir)).toEqual(['a-file']);
  });
});

describe('the hostile fixture', () => {
  it('really is hostile', () => {
    expect(HOSTILE).toContain('<script>');
  });
});
