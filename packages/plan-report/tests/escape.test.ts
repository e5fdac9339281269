import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownCode, markdownFence, mermaidText } from '../src/escape.js';

describe('escapeHtml', () => {
  it('turns every character that could open markup or end an attribute into an entity', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('escapeMarkdown', () => {
  it('escapes inline syntax and HTML', () => {
    expect(escapeMarkdown('*bold* _em_ `code` [x](y) a|b ~~s~~ <b>&')).toBe(
      '\\*bold\\* \\_em\\_ \\`code\\` \\[x\\](y) a\\|b \\~\\~s\\~\\~ &lt;b&gt;&amp;',
    );
  });

  it('keeps a value from starting a heading, a list or a new line', () => {
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('12. item')).toBe('12\\. item');
    expect(escapeMarkdown('one\n# two')).toBe('one # two');
  });

  it('leaves plain words alone', () => {
    expect(escapeMarkdown('EDD Billing 2026-11-02 (qa)')).toBe('EDD Billing 2026-11-02 (qa)');
  });
});

describe('markdownCode and markdownFence', () => {
  it('use a fence longer than any run of backticks inside', () => {
    expect(markdownCode('a ``b`` c')).toBe('```a ``b`` c```');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownFence('x\n````\ny', 'diff')).toBe('`````diff\nx\n````\ny\n`````');
    expect(markdownFence('plain')).toBe('```\nplain\n```');
  });
});

describe('mermaidText', () => {
  it('writes quotes, brackets, pipes, hashes, angle brackets and backticks as character codes', () => {
    expect(mermaidText('a"]|#<>`;{}')).toBe('a#34;#93;#124;#35;#60;#62;#96;#59;#123;#125;');
  });

  it('keeps letters, digits and common marks readable, and flattens line breaks', () => {
    expect(mermaidText('Main menu (1/2): press 1, 2 or 9?\nnext')).toBe('Main menu (1/2): press 1, 2 or 9? next');
  });

  it('encodes characters outside ASCII by code point', () => {
    expect(mermaidText('caf\u00e9 \u{1f600}')).toBe('caf#233; #128512;');
  });
});
