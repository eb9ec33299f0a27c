// escapeXml: a value put in element text or a double-quoted attribute parses back unchanged.
import { XMLParser } from 'fast-xml-parser';
import { escapeXml } from '../xml.ts';

describe('escapeXml', () => {
  it('writes the reserved characters as entities and leaves the rest', () => {
    expect(escapeXml(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d &quot;e&quot; 'f'`);
  });

  it.each(['Tom & Jerry', '<script>', '"quoted"', "Spring '26", '&amp; already'])(
    'parses back to the value: %j',
    (value) => {
      const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
      const parsed = parser.parse(`<r a="${escapeXml(value)}">${escapeXml(value)}</r>`) as {
        r: { '#text': string; '@_a': string };
      };
      expect(parsed.r['#text']).toBe(value);
      expect(parsed.r['@_a']).toBe(value);
    }
  );
});
