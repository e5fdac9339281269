/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdownReport, writeReport } from '../src/index.js';
import { STATUS_STYLE } from '../src/svg.js';
import { browserMissing, launchChromium } from './chromium.js';
import { HOSTILE, demoPlans, hostilePlan } from './fixtures/plans.js';

interface DrawnBlock {
  id: string;
  status: string;
  box: { x: number; y: number; width: number; height: number };
  fill: string;
  text: string[];
  textFits: boolean;
}

interface DrawnFlow {
  flow: string;
  visible: boolean;
  svg: { x: number; y: number; width: number; height: number };
  blocks: DrawnBlock[];
  transitions: { from: string; to: string; status: string; stroke: string }[];
}

const hex = (color: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

const overlap = (a: DrawnBlock['box'], b: DrawnBlock['box']) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Opens a report file and records everything the page asks for beyond itself, and every error it meets. */
async function open(browser: Browser, file: string) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, requests, errors, dialogs };
}

function drawnFlows(page: Page): Promise<DrawnFlow[]> {
  return page.$$eval('figure.flow-picture', (figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector('svg')!;
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      };
      return {
        flow: figure.getAttribute('data-flow')!,
        visible: (figure as HTMLElement).offsetHeight > 0,
        svg: box(svg),
        transitions: [...svg.querySelectorAll('path.transition')].map((p) => ({
          from: p.getAttribute('data-from')!,
          to: p.getAttribute('data-to')!,
          status: p.getAttribute('data-status')!,
          stroke: getComputedStyle(p).stroke,
        })),
        blocks: [...svg.querySelectorAll('g.block')].map((g) => {
          const rect = g.querySelector('rect')!;
          const texts = [...g.querySelectorAll('text:not(.mark)')] as SVGTextElement[];
          const rectBox = rect.getBoundingClientRect();
          return {
            id: g.getAttribute('data-block-id')!,
            status: g.getAttribute('data-status')!,
            box: box(rect),
            fill: getComputedStyle(rect).fill,
            text: texts.map((t) => t.textContent ?? ''),
            textFits: texts.every((t) => {
              const r = t.getBoundingClientRect();
              return r.width > 0 && r.left >= rectBox.left && r.right <= rectBox.right;
            }),
          };
        }),
      };
    }),
  );
}

describe.skipIf(browserMissing)('the HTML report in a real browser', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'plan-report-browser-'));

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders on its own: nothing fetched, no error, every change listed', async () => {
    const { file } = await writeReport(join(dir, 'demo.html'), demoPlans);
    const { page, url, requests, errors } = await open(browser, file);
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    expect(await page.title()).toBe('Plan for 3 subjects in qa');
    expect(await page.locator('.totals').innerText()).toBe('Plan: 3 to create, 5 to update, 1 to delete, 5 unchanged.');
    const changed = demoPlans.flatMap((p) => p.resources.filter((r) => r.action !== 'unchanged'));
    expect(await page.locator('.resource').count()).toBe(changed.length);
    for (const r of changed)
      await expect(page.locator(`.resource[data-name="${r.name}"]`).isVisible()).resolves.toBe(true);
    expect(await page.locator('.resource[data-name="EDD Main Menu"] td.after').first().innerText()).toBe(
      'hours "EDD Business Hours"',
    );
    await page.close();
  });

  it('draws every flow with all its blocks, marks exactly the changed ones, and keeps their names inside them', async () => {
    const { file } = await writeReport(join(dir, 'flows.html'), demoPlans);
    const { page } = await open(browser, file);
    const drawn = await drawnFlows(page);
    const expected = demoPlans.flatMap((p) => p.resources.filter((r) => r.graph));
    expect(drawn.map((d) => d.flow)).toEqual(expected.map((r) => r.name));
    for (const resource of expected) {
      const flow = drawn.find((d) => d.flow === resource.name)!;
      const graph = resource.graph!;
      expect(flow.visible).toBe(true);
      expect(flow.transitions).toHaveLength(graph.edges.length + (graph.start ? 1 : 0));
      const status = (e: object) => (e as { status?: string }).status ?? 'unchanged';
      const drawnStatus = flow.transitions
        .filter((t) => t.from !== 'start')
        .map((t) => `${t.from}>${t.to}:${t.status}`);
      expect(drawnStatus.sort()).toEqual(graph.edges.map((e) => `${e.from}>${e.to}:${status(e)}`).sort());
      for (const t of flow.transitions)
        expect(t.stroke).toBe(
          { added: 'rgb(30, 142, 62)', removed: 'rgb(197, 34, 31)', unchanged: 'rgb(95, 99, 104)' }[t.status],
        );
      expect(flow.blocks.map((b) => [b.id, b.status]).sort()).toEqual(graph.nodes.map((n) => [n.id, n.status]).sort());
      const marked = flow.blocks
        .filter((b) => b.status !== 'unchanged')
        .map((b) => b.id)
        .sort();
      const changedBlocks = resource.blocks?.map((b) => b.id).sort();
      if (changedBlocks) expect(marked).toEqual(changedBlocks);
      else expect(marked).toEqual(graph.nodes.map((n) => n.id).sort());
      for (const block of flow.blocks) {
        const node = graph.nodes.find((n) => n.id === block.id)!;
        expect(block.fill).toBe(hex(STATUS_STYLE[node.status].fill));
        expect(block.text[0]).toBe(node.label ?? node.type);
        expect(block.textFits, `${block.text.join(' / ')} fits its box`).toBe(true);
        expect(block.box.width).toBeGreaterThan(0);
        expect(block.box.x).toBeGreaterThanOrEqual(flow.svg.x);
        expect(block.box.y).toBeGreaterThanOrEqual(flow.svg.y);
        expect(block.box.x + block.box.width).toBeLessThanOrEqual(flow.svg.x + flow.svg.width);
        expect(block.box.y + block.box.height).toBeLessThanOrEqual(flow.svg.y + flow.svg.height);
      }
      for (const [i, a] of flow.blocks.entries())
        for (const b of flow.blocks.slice(i + 1))
          expect(overlap(a.box, b.box), `${a.id} and ${b.id} overlap`).toBe(false);
    }
    await page.close();
  });

  it('shows names from a hostile repository as text and runs nothing', async () => {
    const { file } = await writeReport(join(dir, 'hostile.html'), [hostilePlan]);
    const { page, requests, url, dialogs, errors } = await open(browser, file);
    expect(requests).toEqual([url]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.locator('script, img, iframe, b').count()).toBe(0);
    expect(await page.title()).toBe(`Plan for instance ${HOSTILE} in qa`);
    expect(await page.locator('.resource .name').innerText()).toBe(HOSTILE);
    expect(await page.locator('.blockers li').innerText()).toBe(`${HOSTILE}: bad ${HOSTILE}`);
    const [flow] = await drawnFlows(page);
    expect(flow!.blocks.map((b) => b.id).sort()).toEqual([HOSTILE, 'b"2'].sort());
    await page.close();
  });
});

describe.skipIf(browserMissing)("the Markdown report's Mermaid diagrams, rendered by Mermaid", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('parse and draw every block with its class, hostile labels as text', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><body></body>');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js') });
    const charts = [...renderMarkdownReport([...demoPlans, hostilePlan]).matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map(
      (m) => m[1]!,
    );
    const graphs = [...demoPlans, hostilePlan].flatMap((p) => p.resources.flatMap((r) => (r.graph ? [r.graph] : [])));
    expect(charts).toHaveLength(graphs.length);
    for (const [i, chart] of charts.entries()) {
      const drawn = await page.evaluate(
        async ({ chart, i }) => {
          const mermaid = (
            globalThis as unknown as {
              mermaid: { initialize(o: object): void; render(id: string, text: string): Promise<{ svg: string }> };
            }
          ).mermaid;
          mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
          const { svg } = await mermaid.render(`chart${i}`, chart);
          const holder = document.createElement('div');
          holder.innerHTML = svg;
          document.body.append(holder);
          const nodes = [...holder.querySelectorAll('g.node')].filter((n) => /\bn\d+\b/.test(n.id));
          return {
            classes: nodes.map((n) =>
              ['added', 'changed', 'removed', 'unchanged'].find((c) => n.classList.contains(c)),
            ),
            labels: nodes.map((n) => n.textContent ?? ''),
            scripts: holder.querySelectorAll('script, img, iframe').length,
          };
        },
        { chart, i },
      );
      const graph = graphs[i]!;
      expect(drawn.scripts).toBe(0);
      expect(drawn.classes.sort()).toEqual(graph.nodes.map((n) => n.status).sort());
      if (i === charts.length - 1) expect(drawn.labels.join(' ')).toContain('<script>document.title="pwned"');
    }
    await page.close();
  });
});
