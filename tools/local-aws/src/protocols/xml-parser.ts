/** An element of a parsed XML document: its local name (prefix dropped), attributes, text and child elements. */
export interface ParsedXmlElement {
  name: string;
  attributes: Record<string, string>;
  /** The concatenated character data directly inside the element. */
  text: string;
  children: ParsedXmlElement[];
}

export class XmlSyntaxError extends Error {}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    const named = ENTITIES[entity];
    if (named === undefined) throw new XmlSyntaxError(`unknown entity ${whole}`);
    return named;
  });
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ATTRIBUTE = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/;

/**
 * A small, strict reader for the XML documents AWS clients send as request payloads (S3's
 * `CreateBucketConfiguration` and the like): elements, attributes, text, CDATA, comments and the XML declaration.
 * No DTDs: AWS refuses them too.
 */
class XmlReader {
  private position = 0;

  constructor(private readonly text: string) {}

  document(): ParsedXmlElement {
    this.skipProlog();
    const root = this.element();
    this.skipMisc();
    if (this.position < this.text.length) throw new XmlSyntaxError('content after the root element');
    return root;
  }

  private rest(): string {
    return this.text.slice(this.position);
  }

  private skipWhitespace(): void {
    while (this.position < this.text.length && /\s/.test(this.text.charAt(this.position))) this.position += 1;
  }

  private skipPast(terminator: string): void {
    const end = this.text.indexOf(terminator, this.position);
    if (end === -1) throw new XmlSyntaxError(`unterminated construct, expected ${terminator}`);
    this.position = end + terminator.length;
  }

  private skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.rest().startsWith('<!--')) this.skipPast('-->');
      else if (this.rest().startsWith('<?')) this.skipPast('?>');
      else return;
    }
  }

  private skipProlog(): void {
    this.skipMisc();
    if (this.rest().startsWith('<!DOCTYPE')) throw new XmlSyntaxError('document type declarations are not allowed');
  }

  private element(): ParsedXmlElement {
    if (this.text.charAt(this.position) !== '<') throw new XmlSyntaxError('expected an element');
    this.position += 1;
    const name = NAME.exec(this.rest())?.[0];
    if (!name) throw new XmlSyntaxError('expected an element name');
    this.position += name.length;
    const attributes: Record<string, string> = {};
    for (let match = ATTRIBUTE.exec(this.rest()); match; match = ATTRIBUTE.exec(this.rest())) {
      attributes[match[1] as string] = decodeEntities(match[3] ?? match[4] ?? '');
      this.position += match[0].length;
    }
    this.skipWhitespace();
    const element: ParsedXmlElement = { name: localName(name), attributes, text: '', children: [] };
    if (this.rest().startsWith('/>')) {
      this.position += 2;
      return element;
    }
    if (this.text.charAt(this.position) !== '>') throw new XmlSyntaxError(`malformed start tag <${name}>`);
    this.position += 1;
    this.content(element, name);
    return element;
  }

  private content(element: ParsedXmlElement, qualifiedName: string): void {
    for (;;) {
      const next = this.text.indexOf('<', this.position);
      if (next === -1) throw new XmlSyntaxError(`element <${qualifiedName}> is not closed`);
      element.text += decodeEntities(this.text.slice(this.position, next));
      this.position = next;
      const rest = this.rest();
      if (rest.startsWith('</')) {
        const close = `</${qualifiedName}`;
        if (!rest.startsWith(close)) throw new XmlSyntaxError(`mismatched end tag for <${qualifiedName}>`);
        this.position += close.length;
        this.skipWhitespace();
        if (this.text.charAt(this.position) !== '>') throw new XmlSyntaxError(`malformed end tag </${qualifiedName}>`);
        this.position += 1;
        return;
      }
      if (rest.startsWith('<!--')) {
        this.skipPast('-->');
      } else if (rest.startsWith('<![CDATA[')) {
        const end = this.text.indexOf(']]>', this.position);
        if (end === -1) throw new XmlSyntaxError('unterminated CDATA section');
        element.text += this.text.slice(this.position + 9, end);
        this.position = end + 3;
      } else if (rest.startsWith('<?')) {
        this.skipPast('?>');
      } else {
        element.children.push(this.element());
      }
    }
  }
}

/** Parses a whole document; throws XmlSyntaxError when it is not well-formed. */
export function parseXml(text: string): ParsedXmlElement {
  return new XmlReader(text).document();
}
