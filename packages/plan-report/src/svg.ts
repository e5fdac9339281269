import { escapeHtml } from './escape.js';
import { FONT_SIZE, START_ID, type BlockStatus, type FlowLayout, type Point, type TransitionStatus } from './layout.js';

/** Colours of the blocks, with a mark in the corner too, so the picture does not rely on colour alone. */
export const STATUS_STYLE: Record<BlockStatus, { fill: string; stroke: string; mark: string; words: string }> = {
  added: { fill: '#e6f4ea', stroke: '#1e8e3e', mark: '+', words: 'added' },
  changed: { fill: '#fef3d6', stroke: '#b06000', mark: '~', words: 'changed' },
  removed: { fill: '#fce8e6', stroke: '#c5221f', mark: '\u2212', words: 'removed' },
  unchanged: { fill: '#ffffff', stroke: '#9aa0a6', mark: '', words: 'unchanged' },
};

/** Transitions that appear are drawn green, those that go away red and dashed. */
const TRANSITION_STYLE: Record<TransitionStatus, { color: string; attributes: string }> = {
  added: { color: '#1e8e3e', attributes: ' stroke-width="2"' },
  removed: { color: '#c5221f', attributes: ' stroke-width="1.6" stroke-dasharray="5 3"' },
  unchanged: { color: '#5f6368', attributes: ' stroke-width="1.3"' },
};

const FONT = `-apple-system, 'Segoe UI', 'Liberation Sans', Arial, sans-serif`;
const round = (n: number) => Math.round(n * 10) / 10;

/** A smooth path through dagre's points: straight to each midpoint, curving around the points between. */
function pathOf(points: Point[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  let d = `M${round(first!.x)},${round(first!.y)}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const next = rest[i + 1]!;
    d += ` Q${round(p.x)},${round(p.y)} ${round((p.x + next.x) / 2)},${round((p.y + next.y) / 2)}`;
  }
  const last = rest.at(-1);
  if (last) d += ` L${round(last.x)},${round(last.y)}`;
  return d;
}

/**
 * The picture of one flow as SVG inline in HTML, which needs no namespace (so the page holds no URL at all), with
 * presentation attributes only: no stylesheet, no script, no reference outside the element but its own arrow head.
 * `key` makes its ids unique in the page.
 */
export function flowSvg(layout: FlowLayout, options: { key: string; title: string }): string {
  const arrow = `arrow-${options.key}`;
  const out: string[] = [];
  out.push(
    `<svg class="flow" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="${escapeHtml(options.title)}" font-family="${FONT}" font-size="${FONT_SIZE}">`,
    `<defs>${(['unchanged', 'added', 'removed'] as const)
      .map(
        (status) =>
          `<marker id="${arrow}-${status}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${TRANSITION_STYLE[status].color}"/></marker>`,
      )
      .join('')}</defs>`,
  );
  if (layout.start) {
    out.push(
      `<circle class="start" cx="${round(layout.start.at.x)}" cy="${round(layout.start.at.y)}" r="7" fill="#5f6368"><title>Entry point</title></circle>`,
    );
  }
  for (const t of layout.transitions) {
    const from = t.from === START_ID ? 'start' : t.from;
    out.push(
      `<path class="transition" data-from="${escapeHtml(from)}" data-to="${escapeHtml(t.to)}" data-status="${t.status}" d="${pathOf(t.points)}" fill="none" stroke="${TRANSITION_STYLE[t.status].color}"${TRANSITION_STYLE[t.status].attributes} marker-end="url(#${arrow}-${t.status})"/>`,
    );
  }
  for (const t of layout.transitions) {
    if (t.label === undefined || !t.labelAt) continue;
    const { x, y } = t.labelAt;
    out.push(
      `<g class="transition-label"><rect x="${round(x - t.labelWidth / 2)}" y="${round(y - 8)}" width="${round(t.labelWidth)}" height="16" rx="3" fill="#ffffff" fill-opacity="0.9"/>`,
      `<text x="${round(x)}" y="${round(y + 4)}" text-anchor="middle" fill="#3c4043" font-size="11">${escapeHtml(t.label)}</text></g>`,
    );
  }
  for (const b of layout.blocks) {
    const style = STATUS_STYLE[b.status];
    const name = b.label !== undefined ? `${b.label} (${b.type})` : b.type;
    out.push(
      `<g class="block" data-block-id="${escapeHtml(b.id)}" data-status="${b.status}" transform="translate(${round(b.x)},${round(b.y)})">`,
      `<title>${escapeHtml(`${name}, ${style.words}\n${b.id}`)}</title>`,
      `<rect width="${round(b.width)}" height="${round(b.height)}" rx="6" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${b.status === 'unchanged' ? 1 : 2}"${b.status === 'removed' ? ' stroke-dasharray="5 3"' : ''}/>`,
    );
    b.lines.forEach((line, i) => {
      const first = i === 0;
      out.push(
        `<text x="${round(b.width / 2)}" y="${20 + i * 16}" text-anchor="middle" fill="${first ? '#202124' : '#5f6368'}"${first ? ' font-weight="600"' : ' font-size="11"'}${b.status === 'removed' ? ' text-decoration="line-through"' : ''}>${escapeHtml(line)}</text>`,
      );
    });
    if (style.mark) {
      out.push(
        `<circle cx="0" cy="0" r="8" fill="${style.stroke}"/><text class="mark" x="0" y="4" text-anchor="middle" fill="#ffffff" font-size="12" font-weight="700">${style.mark}</text>`,
      );
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}
