// Finds metadata components in an XML file with the line each starts on, and the text of their
// direct child elements, so a limit can be reported at the line that breaks it. The validation
// gate (source files) and the local org (deploy zip entries) both read components this way.
// It expects well-formed XML (both callers check that first) and reads only element text.

export interface XmlChild {
  name: string;
  /** Entity-decoded text with surrounding whitespace trimmed. */
  text: string;
  /** Entity-decoded text as written, whitespace around it included. */
  untrimmed: string;
  /** 1-based line of the child's opening tag. */
  line: number;
}

export interface XmlComponent {
  /** 1-based line of the component's opening tag. */
  line: number;
  /** Direct children that hold only text (nested structures are skipped). */
  children: XmlChild[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlText(raw: string): string {
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(raw.trim());
  if (cdata) return cdata[1];
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

/**
 * Every element at `path` (element names from the root, without namespace prefixes), e.g.
 * ['CustomObject', 'fields'] for each field of an object file.
 */
export function xmlComponents(xml: string, path: readonly string[]): XmlComponent[] {
  const tag =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;
  const stack: { name: string; contentStart: number; line: number; hasChildren: boolean }[] = [];
  const components: XmlComponent[] = [];
  let current: XmlComponent | null = null;
  let line = 1;
  let scanned = 0;
  const lineAt = (index: number): number => {
    for (; scanned < index; scanned++) if (xml.charCodeAt(scanned) === 10) line++;
    return line;
  };
  for (let match = tag.exec(xml); match; match = tag.exec(xml)) {
    const [, closing, rawName, selfClosing] = match;
    if (!rawName) continue; // comment, CDATA, processing instruction
    const name = rawName.includes(':') ? rawName.slice(rawName.indexOf(':') + 1) : rawName;
    if (closing) {
      const open = stack.pop();
      if (!open) continue;
      const depth = stack.length;
      if (current && depth === path.length && !open.hasChildren) {
        const untrimmed = decodeXmlText(xml.slice(open.contentStart, match.index));
        current.children.push({ name, text: untrimmed.trim(), untrimmed, line: open.line });
      }
      if (current && depth === path.length - 1) current = null;
      continue;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.hasChildren = true;
    const at = lineAt(match.index);
    const depth = stack.length;
    if (selfClosing) {
      if (current && depth === path.length)
        current.children.push({ name, text: '', untrimmed: '', line: at });
      continue;
    }
    stack.push({ name, contentStart: match.index + match[0].length, line: at, hasChildren: false });
    if (depth === path.length - 1 && stack.every((open, index) => open.name === path[index])) {
      current = { line: at, children: [] };
      components.push(current);
    }
  }
  return components;
}

/**
 * The children of a component as element -> text (the first of each name), trimmed or as
 * written.
 */
export function childValues(
  component: XmlComponent,
  text: 'trimmed' | 'untrimmed' = 'trimmed'
): Map<string, string> {
  const values = new Map<string, string>();
  for (const child of component.children)
    if (!values.has(child.name))
      values.set(child.name, text === 'trimmed' ? child.text : child.untrimmed);
  return values;
}
