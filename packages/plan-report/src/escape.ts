/**
 * Every name and value in a plan comes from a repository anyone with commit rights can change: a flow called
 * `<script>` must read as those characters wherever the report shows it.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * Text inside a Markdown paragraph, heading, list item or table cell. Characters that start inline syntax
 * (emphasis, code, links, tables, strike-through) are escaped with a backslash, and so is what would start a block
 * at the beginning; `<`, `>`, `&` and `"` become entities, so no renderer takes them for HTML; line breaks become
 * spaces, so a value cannot start a block of its own.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2')
    .replace(/[&<>"]/g, (c) => HTML[c]!);
}

/** Inline code in Markdown: a fence longer than any run of backticks inside, padded when it touches a backtick. */
export function markdownCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any run of backticks in the text. */
export function markdownFence(text: string, info = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/**
 * A label inside Mermaid's quotes (`n1["..."]`, `-->|"..."|`). Mermaid reads `#<decimal>;` as a character, so
 * everything but letters, digits and a few harmless marks is written that way: quotes, brackets, pipes, `#`, `<`
 * and backticks cannot end the label, open HTML or Markdown inside it, or close the code fence around the diagram.
 */
export function mermaidText(text: string): string {
  let out = '';
  for (const char of text.replace(/[\r\n\t]+/g, ' ')) {
    out += /[A-Za-z0-9 ,.:/_()+=@$?!-]/.test(char) ? char : `#${char.codePointAt(0)};`;
  }
  return out;
}
