export { type ReportKind, type ReportOptions } from './content.js';
export { escapeHtml, escapeMarkdown, mermaidText } from './escape.js';
export { renderHtmlReport } from './html.js';
export { layoutFlow, type FlowLayout, type PlacedBlock, type PlacedTransition } from './layout.js';
export { mermaidFlow, renderMarkdownReport } from './markdown.js';
export { renderReport, reportFormatOf, writeReport, writeRequestedReport, type ReportFormat } from './report.js';
export { flowSvg } from './svg.js';
export { describeReference, valueText, type Describe } from './values.js';
