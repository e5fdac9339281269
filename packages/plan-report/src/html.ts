import type { BlockChange, FieldChange, PlanDocument, PlannedResource } from '@edd/core';
import {
  SYMBOL,
  blockCounts,
  changedResources,
  countsLine,
  defaultTitle,
  generatedAt,
  plural,
  problemText,
  targetText,
  totalCounts,
  type ReportOptions,
} from './content.js';
import { escapeHtml as h } from './escape.js';
import { layoutFlow, tooLargeToDraw } from './layout.js';
import { STATUS_STYLE, flowSvg } from './svg.js';
import { fieldSide, type Describe } from './values.js';

// Everything the page needs is in the file: no script, no font, no image, nothing fetched. The policy makes a
// browser refuse anything else, should a value ever slip through as markup.
const POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light; --add: #1e8e3e; --add-bg: #e6f4ea; --chg: #b06000; --chg-bg: #fef3d6;
  --del: #c5221f; --del-bg: #fce8e6; --muted: #5f6368; --line: #dadce0; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 -apple-system, 'Segoe UI', 'Liberation Sans', Arial,
  sans-serif; color: #202124; background: #f8f9fa; }
code, pre, .value { font-family: ui-monospace, Menlo, Consolas, 'Liberation Mono', monospace; font-size: 12.5px; }
header { margin-bottom: 20px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 4px; }
.meta { color: var(--muted); margin: 0; }
.outcome { margin: 8px 0 0; font-weight: 600; }
[data-report="stopped"] .outcome { color: var(--del); }
.totals { margin: 8px 0 0; font-weight: 600; }
table { border-collapse: collapse; }
.summary { margin: 16px 0 24px; background: #fff; border: 1px solid var(--line); }
.summary th, .summary td { padding: 6px 12px; border-bottom: 1px solid var(--line); text-align: left; }
.summary td.n { text-align: right; font-variant-numeric: tabular-nums; }
.plan { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 24px; }
.plan > .meta { margin-bottom: 12px; }
.blockers { border: 1px solid var(--del); background: var(--del-bg); border-radius: 6px; padding: 8px 12px;
  margin: 0 0 12px; }
.blockers h3 { margin: 0 0 4px; font-size: 14px; color: var(--del); }
.blockers ul { margin: 0; padding-left: 20px; }
.resource { border-left: 4px solid var(--line); margin: 0 0 10px; padding: 2px 0 2px 12px; }
.resource.create { border-color: var(--add); }
.resource.update { border-color: var(--chg); }
.resource.delete { border-color: var(--del); }
.resource > details > summary { cursor: pointer; padding: 2px 0; }
.symbol { display: inline-block; width: 1.2em; font-weight: 700; font-family: ui-monospace, Menlo, Consolas,
  'Liberation Mono', monospace; }
.create .symbol { color: var(--add); } .update .symbol { color: var(--chg); } .delete .symbol { color: var(--del); }
.kind { color: var(--muted); }
.name { font-weight: 600; }
.where { color: var(--muted); font-size: 12.5px; margin-left: 6px; }
.note { color: var(--muted); margin: 4px 0; }
.changes { margin: 6px 0; width: 100%; table-layout: fixed; }
.changes th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; padding: 2px 8px; }
.changes td { vertical-align: top; padding: 3px 8px; border-top: 1px solid #f1f3f4; overflow-wrap: anywhere; }
.changes col.path { width: 28%; }
.value { white-space: pre-wrap; margin: 0; }
.before .value { background: var(--del-bg); }
.after .value { background: var(--add-bg); }
.block-change td:first-child { font-weight: 700; width: 1.5em; }
.block-change.added td:first-child { color: var(--add); }
.block-change.changed td:first-child { color: var(--chg); }
.block-change.removed td:first-child { color: var(--del); }
figure { margin: 10px 0 4px; }
figcaption { color: var(--muted); font-size: 12.5px; margin-bottom: 4px; }
.picture { overflow: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; max-height: 640px; }
.picture svg { display: block; }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -2px;
  margin-right: 4px; border: 2px solid; }
.unchanged-list { color: var(--muted); margin-top: 8px; }
.unchanged-list ul { columns: 3 220px; margin: 4px 0; }
footer { color: var(--muted); font-size: 12px; }
`;

function valueCell(field: FieldChange, side: 'before' | 'after', describe: Describe | undefined): string {
  const text = fieldSide(field, side, describe);
  if (text === undefined) return `<td class="${side} none"></td>`;
  return `<td class="${side}"><pre class="value">${h(text)}</pre></td>`;
}

function fieldRows(fields: readonly FieldChange[], describe: Describe | undefined): string {
  return fields
    .map(
      (f) =>
        `<tr class="field" data-path="${h(f.path)}"><td><code>${h(f.path)}</code></td>${valueCell(f, 'before', describe)}${valueCell(f, 'after', describe)}</tr>`,
    )
    .join('\n');
}

function fieldsTable(fields: readonly FieldChange[], describe: Describe | undefined): string {
  if (fields.length === 0) return '';
  return [
    '<table class="changes fields"><colgroup><col class="path"><col><col></colgroup>',
    '<thead><tr><th>field</th><th>before</th><th>after</th></tr></thead><tbody>',
    fieldRows(fields, describe),
    '</tbody></table>',
  ].join('\n');
}

const BLOCK_MARK: Record<BlockChange['change'], string> = { added: '+', changed: '~', removed: '\u2212' };

function blocksTable(blocks: readonly BlockChange[], describe: Describe | undefined): string {
  if (blocks.length === 0) return '';
  const rows = blocks.map((b) => {
    const name = b.label !== undefined ? `${h(b.label)} <span class="kind">(${h(b.type)})</span>` : h(b.type);
    const head = `<tr class="block-change ${b.change}" data-block-id="${h(b.id)}"><td>${BLOCK_MARK[b.change]}</td><td colspan="2">block ${name} <code class="where">${h(b.id)}</code></td></tr>`;
    if (!b.fields?.length) return head;
    return `${head}\n<tr><td></td><td colspan="2"><table class="changes"><colgroup><col class="path"><col><col></colgroup><tbody>${fieldRows(b.fields, describe)}</tbody></table></td></tr>`;
  });
  return `<table class="changes blocks"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function legend(): string {
  return `<div class="legend">${(['added', 'changed', 'removed', 'unchanged'] as const)
    .map(
      (s) =>
        `<span><i style="background:${STATUS_STYLE[s].fill};border-color:${STATUS_STYLE[s].stroke}"></i>${s}</span>`,
    )
    .join('')}</div>`;
}

function picture(resource: PlannedResource, key: string): string {
  if (!resource.graph || resource.graph.nodes.length === 0) return '';
  const tooLarge = tooLargeToDraw(resource.graph);
  if (tooLarge) return `<p class="note flow-not-drawn">No picture of this ${h(resource.kind)}: ${h(tooLarge)}.</p>`;
  const layout = layoutFlow(resource.graph);
  const title = `${resource.kind} ${resource.name}`;
  const skipped = layout.skipped > 0 ? `; ${plural(layout.skipped, 'transition')} to a missing block not drawn` : '';
  return [
    `<figure class="flow-picture" data-flow="${h(resource.name)}">`,
    `<figcaption>${h(title)}: ${h(blockCounts(resource.graph))}${h(skipped)}${legend()}</figcaption>`,
    `<div class="picture">${flowSvg(layout, { key, title })}</div>`,
    '</figure>',
  ].join('\n');
}

function resourceSection(resource: PlannedResource, key: string, describe: Describe | undefined): string {
  const group = resource.group !== undefined ? ` <span class="kind">[${h(resource.group)}]</span>` : '';
  const file = resource.file !== undefined ? `<code class="where">${h(resource.file)}</code>` : '';
  const body = [
    resource.note !== undefined ? `<p class="note">${h(resource.note)}</p>` : '',
    resource.layoutOnly ? '<p class="note">layout only (block positions in the designer)</p>' : '',
    blocksTable(resource.blocks ?? [], describe),
    resource.action === 'unchanged' ? '' : fieldsTable(resource.fields ?? [], describe),
    picture(resource, key),
  ].filter(Boolean);
  return [
    `<div class="resource ${resource.action}" id="${key}" data-action="${resource.action}" data-kind="${h(resource.kind)}" data-name="${h(resource.name)}">`,
    `<details open><summary><span class="symbol">${SYMBOL[resource.action]}</span><span class="kind">${h(resource.kind)}</span> <span class="name">${h(resource.name)}</span>${group}${file}</summary>`,
    ...body,
    '</details></div>',
  ].join('\n');
}

function planSection(plan: PlanDocument, index: number, options: ReportOptions): string {
  const kind = options.kind ?? 'plan';
  const key = `plan-${index + 1}`;
  const target = targetText(plan);
  const out = [
    `<section class="plan" id="${key}" data-step="${h(plan.step)}" data-subject="${h(plan.subject)}">`,
    `<h2>${h(plan.subject)}</h2>`,
    `<p class="meta">${h(plan.step)} ${h(plan.version)}${target ? ` \u00b7 ${h(target)}` : ''} \u00b7 ${h(countsLine(plan.counts, kind))}</p>`,
  ];
  if (plan.blockers.length > 0) {
    out.push(
      `<div class="blockers"><h3>Blocked: ${h(plural(plan.blockers.length, 'problem'))} must be fixed before this plan can be applied</h3><ul>`,
      ...plan.blockers.map((p) => `<li>${h(problemText(p))}</li>`),
      '</ul></div>',
    );
  }
  const changed = changedResources(plan);
  if (changed.length === 0) out.push(`<p class="note">Nothing to change.</p>`);
  changed.forEach((r, i) => out.push(resourceSection(r, `${key}-r${i + 1}`, options.describe)));
  const unchanged = plan.resources.filter((r) => r.action === 'unchanged');
  if (unchanged.length > 0 && options.listUnchanged !== false) {
    out.push(
      `<details class="unchanged-list"><summary>${h(plural(unchanged.length, 'resource'))} unchanged</summary><ul>`,
      ...unchanged.map((r) => `<li>${h(r.kind)} ${h(r.name)}</li>`),
      '</ul></details>',
    );
  } else if (plan.counts.unchanged > 0) {
    out.push(`<p class="unchanged-list">${h(plural(plan.counts.unchanged, 'resource'))} unchanged</p>`);
  }
  out.push('</section>');
  return out.join('\n');
}

function summaryTable(plans: readonly PlanDocument[]): string {
  const rows = plans.map((plan, i) => {
    const blocked = plan.blockers.length > 0 ? ` <span class="blocked">(blocked)</span>` : '';
    return `<tr><td><a href="#plan-${i + 1}">${h(plan.subject)}</a>${blocked}</td><td>${h(plan.step)}</td><td>${h(targetText(plan) ?? '')}</td>${(['create', 'update', 'delete', 'unchanged'] as const).map((k) => `<td class="n">${plan.counts[k]}</td>`).join('')}</tr>`;
  });
  return [
    '<table class="summary"><thead><tr><th>subject</th><th>step</th><th>target</th><th>create</th><th>update</th><th>delete</th><th>unchanged</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
  ].join('\n');
}

/** The report as one self-contained HTML page. */
export function renderHtmlReport(plans: readonly PlanDocument[], options: ReportOptions = {}): string {
  const kind = options.kind ?? 'plan';
  const title = options.title ?? defaultTitle(plans, kind);
  const when = generatedAt(plans, options);
  const steps = [...new Set(plans.map((p) => `${p.step} ${p.version}`))];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body data-report="${kind}">`,
    '<header>',
    `<h1>${h(title)}</h1>`,
    `<p class="meta">${[when, steps.join(', ')]
      .filter(Boolean)
      .map((t) => h(t!))
      .join(' \u00b7 ')}</p>`,
    `<p class="totals">${h(countsLine(totalCounts(plans), kind))}</p>`,
    options.outcome !== undefined ? `<p class="outcome">${h(options.outcome)}</p>` : '',
    '</header>',
    plans.length > 1 ? summaryTable(plans) : '',
    '<main>',
    ...plans.map((plan, i) => planSection(plan, i, options)),
    '</main>',
    '<footer>Symbols: + create, ~ update, - delete, = unchanged. Blocks are matched by their Identifier.</footer>',
    '</body>',
    '</html>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}
