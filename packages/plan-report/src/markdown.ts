import type { BlockChange, FieldChange, FlowGraph, PlanDocument, PlannedResource } from '@edd/core';
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
import { escapeHtml, escapeMarkdown as md, markdownCode, markdownFence, mermaidText } from './escape.js';
import { fitText, tooLargeToDraw, transitionStatus } from './layout.js';
import { STATUS_STYLE } from './svg.js';
import { fieldSide, type Describe } from './values.js';

/** `- path: before` / `+ path: after` lines of a diff block; multi-line values keep their sign on every line. */
function diffLines(field: FieldChange, describe: Describe | undefined, indent = ''): string[] {
  const side = (sign: string, which: 'before' | 'after') => {
    const text = fieldSide(field, which, describe);
    if (text === undefined) return [];
    const [first, ...rest] = text.split('\n');
    return [`${sign} ${indent}${field.path}: ${first}`, ...rest.map((line) => `${sign} ${indent}${line}`)];
  };
  return [...side('-', 'before'), ...side('+', 'after')];
}

const BLOCK_SIGN: Record<BlockChange['change'], string> = { added: '+', changed: '~', removed: '-' };

function blockLine(block: BlockChange): string {
  const name = block.label !== undefined ? `"${block.label}" (${block.type})` : block.type;
  return `block ${name} ${block.id}`;
}

function diffBlock(resource: PlannedResource, describe: Describe | undefined): string | undefined {
  const lines: string[] = [];
  for (const block of resource.blocks ?? []) {
    if (block.change === 'changed') {
      lines.push(`@@ ${BLOCK_SIGN[block.change]} ${blockLine(block)} @@`);
      for (const field of block.fields ?? []) lines.push(...diffLines(field, describe, '  '));
    } else lines.push(`${BLOCK_SIGN[block.change]} ${blockLine(block)}`);
  }
  if (resource.action !== 'unchanged')
    for (const field of resource.fields ?? []) lines.push(...diffLines(field, describe));
  return lines.length > 0 ? markdownFence(lines.join('\n'), 'diff') : undefined;
}

const MARK: Record<FlowGraph['nodes'][number]['status'], string> = {
  added: '+ ',
  changed: '~ ',
  removed: '\u2212 ',
  unchanged: '',
};

const LINK_STYLE = {
  added: 'stroke:#1e8e3e,stroke-width:2px',
  removed: 'stroke:#c5221f,stroke-width:2px,stroke-dasharray:5 3',
} as const;

/** The flow as a Mermaid flowchart: generated node ids, every label escaped, a class per kind of change. */
export function mermaidFlow(graph: FlowGraph): string {
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    if (ids.has(node.id)) continue;
    const id = `n${ids.size}`;
    ids.set(node.id, id);
    const name = mermaidText(MARK[node.status] + fitText(node.label ?? node.type));
    const type = node.label !== undefined && node.label !== node.type ? `<br/>${mermaidText(fitText(node.type))}` : '';
    lines.push(`  ${id}["${name}${type}"]:::${node.status}`);
  }
  // Mermaid styles links by their position among the diagram's links.
  let links = 0;
  const linkStyles: string[] = [];
  if (graph.start !== undefined && ids.has(graph.start)) {
    lines.push(`  entry((" ")) --> ${ids.get(graph.start)}`);
    links++;
  }
  let skipped = 0;
  for (const edge of graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) {
      skipped++;
      continue;
    }
    const label = edge.label !== undefined ? `|"${mermaidText(fitText(edge.label, 24))}"|` : '';
    lines.push(`  ${from} -->${label} ${to}`);
    const status = transitionStatus(edge);
    if (status !== 'unchanged') linkStyles.push(`  linkStyle ${links} ${LINK_STYLE[status]}`);
    links++;
  }
  lines.push(...linkStyles);
  for (const status of ['added', 'changed', 'removed', 'unchanged'] as const) {
    const s = STATUS_STYLE[status];
    const dash = status === 'removed' ? ',stroke-dasharray:5 3' : '';
    lines.push(
      `  classDef ${status} fill:${s.fill},stroke:${s.stroke},stroke-width:${status === 'unchanged' ? 1 : 2}px${dash}`,
    );
  }
  if (skipped > 0) lines.push(`  %% ${plural(skipped, 'transition')} to a missing block not drawn`);
  return lines.join('\n');
}

function resourceMarkdown(resource: PlannedResource, describe: Describe | undefined): string[] {
  const group = resource.group !== undefined ? ` \\[${md(resource.group)}\\]` : '';
  const file = resource.file !== undefined ? ` (${markdownCode(resource.file)})` : '';
  const out = [
    `### ${markdownCode(SYMBOL[resource.action])} ${md(resource.kind)} **${md(resource.name)}**${group}${file}`,
    '',
  ];
  if (resource.note !== undefined) out.push(md(resource.note), '');
  if (resource.layoutOnly) out.push('layout only (block positions in the designer)', '');
  const diff = diffBlock(resource, describe);
  if (diff) out.push(diff, '');
  const tooLarge = resource.graph ? tooLargeToDraw(resource.graph) : undefined;
  if (tooLarge) out.push(`No picture of this ${md(resource.kind)}: ${md(tooLarge)}.`, '');
  else if (resource.graph && resource.graph.nodes.length > 0) {
    out.push(`${md(blockCounts(resource.graph))}:`, '', markdownFence(mermaidFlow(resource.graph), 'mermaid'), '');
  }
  return out;
}

function planMarkdown(plan: PlanDocument, options: ReportOptions): string[] {
  const kind = options.kind ?? 'plan';
  const target = targetText(plan);
  const out = [
    `## ${md(plan.subject)}`,
    '',
    [`${md(plan.step)} ${md(plan.version)}`, target ? md(target) : undefined, md(countsLine(plan.counts, kind))]
      .filter(Boolean)
      .join(' \u00b7 '),
    '',
  ];
  if (plan.blockers.length > 0) {
    out.push(
      `**Blocked: ${md(plural(plan.blockers.length, 'problem'))} must be fixed before this plan can be applied:**`,
      '',
      ...plan.blockers.map((p) => `- ${md(problemText(p))}`),
      '',
    );
  }
  const changed = changedResources(plan);
  if (changed.length === 0) out.push('Nothing to change.', '');
  for (const resource of changed) out.push(...resourceMarkdown(resource, options.describe));
  const unchanged = plan.resources.filter((r) => r.action === 'unchanged');
  if (unchanged.length > 0 && options.listUnchanged !== false) {
    out.push(
      `<details><summary>${escapeHtml(plural(unchanged.length, 'resource'))} unchanged</summary>`,
      '',
      ...unchanged.map((r) => `- ${md(r.kind)} ${md(r.name)}`),
      '',
      '</details>',
      '',
    );
  } else if (plan.counts.unchanged > 0) out.push(`${plural(plan.counts.unchanged, 'resource')} unchanged`, '');
  return out;
}

/** The report as Markdown for a pull request: the same content as the page, the flows as Mermaid diagrams. */
export function renderMarkdownReport(plans: readonly PlanDocument[], options: ReportOptions = {}): string {
  const kind = options.kind ?? 'plan';
  const title = options.title ?? defaultTitle(plans, kind);
  const when = generatedAt(plans, options);
  const steps = [...new Set(plans.map((p) => `${p.step} ${p.version}`))];
  const out = [`# ${md(title)}`, ''];
  const meta = [when, steps.join(', ')].filter(Boolean).map((t) => md(t!));
  if (meta.length) out.push(meta.join(' \u00b7 '), '');
  out.push(`**${md(countsLine(totalCounts(plans), kind))}**`, '');
  if (options.outcome !== undefined) out.push(md(options.outcome), '');
  if (plans.length > 1) {
    out.push(
      '| subject | step | target | create | update | delete | unchanged |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: |',
    );
    for (const plan of plans)
      out.push(
        `| ${md(plan.subject)}${plan.blockers.length ? ' (blocked)' : ''} | ${md(plan.step)} | ${md(targetText(plan) ?? '')} | ${plan.counts.create} | ${plan.counts.update} | ${plan.counts.delete} | ${plan.counts.unchanged} |`,
      );
    out.push('');
  }
  for (const plan of plans) out.push(...planMarkdown(plan, options));
  return `${out.join('\n').trimEnd()}\n`;
}
