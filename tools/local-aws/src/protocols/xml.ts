/** An XML element with either text or child elements. */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string>;
  text?: string;
  children?: XmlElement[];
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#xD;',
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"\r]/g, (char) => XML_ESCAPES[char] ?? char);
}

function renderElement(element: XmlElement, indent: string): string {
  const attributes = Object.entries(element.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const open = `${indent}<${element.name}${attributes}>`;
  if (element.children && element.children.length > 0) {
    const inner = element.children.map((child) => renderElement(child, `${indent}  `)).join('\n');
    return `${open}\n${inner}\n${indent}</${element.name}>`;
  }
  return `${open}${escapeXml(element.text ?? '')}</${element.name}>`;
}

/** The document AWS's query services send: indented elements, no XML declaration. */
export function renderXml(root: XmlElement): string {
  return `${renderElement(root, '')}\n`;
}
