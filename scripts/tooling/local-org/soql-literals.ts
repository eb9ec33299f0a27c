// SOQL string literals as Salesforce reads them (platform rule `api.soql.stringEscapes`): the
// backslash escapes of "Quoted String Escape Sequences", \_ and \% only in LIKE, and any other
// backslash refused. soql-parser-js hands literals over still quoted and escaped.
import { platformRule } from '../platform/catalogue.ts';
import { malformedQuery } from './errors.ts';

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  // The documentation names \b "Bell" (U+0007); see the rule's assumption.
  b: '\u0007',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\'
};

/** One piece of a LIKE pattern: literal text, or the wildcards % and _. */
export type LikePart = { literal: string } | { wildcard: '%' | '_' };

function invalidEscape(raw: string, sequence: string): Error {
  // Wording of Salesforce's answer is not documented (see the rule's assumption).
  return malformedQuery(
    `Invalid string literal '${raw}'. Illegal character sequence '${sequence}' in string literal. ` +
      `Escape a backslash as \\\\ (${platformRule('api.soql.stringEscapes').source}).`
  );
}

function unquote(raw: string): string {
  return raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
}

/**
 * Reads a quoted literal into parts: escaped text is literal, an unescaped % or _ is a
 * wildcard when `like` is true (and plain text otherwise).
 */
function readLiteral(raw: string, like: boolean): LikePart[] {
  const body = unquote(raw);
  const parts: LikePart[] = [];
  let text = '';
  const flush = (): void => {
    if (text) parts.push({ literal: text });
    text = '';
  };
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (char !== '\\') {
      if (like && (char === '%' || char === '_')) {
        flush();
        parts.push({ wildcard: char });
      } else text += char;
      continue;
    }
    const next = body[index + 1];
    if (next === undefined) throw invalidEscape(raw, '\\');
    // \n \r \t \b \f in either case; \" \' \\ as they are.
    const simple = SIMPLE_ESCAPES[/^[nrtbf]$/i.test(next) ? next.toLowerCase() : next];
    if (simple !== undefined) {
      text += simple;
      index++;
      continue;
    }
    if (next === 'u') {
      const hex = body.slice(index + 2, index + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw invalidEscape(raw, `\\u${hex}`);
      text += String.fromCharCode(parseInt(hex, 16));
      index += 5;
      continue;
    }
    if (like && (next === '_' || next === '%')) {
      text += next;
      index++;
      continue;
    }
    throw invalidEscape(raw, `\\${next}`);
  }
  flush();
  return parts;
}

/** The value of a quoted SOQL string literal outside LIKE ('a\\b' is a\b). */
export function soqlStringValue(raw: string): string {
  return readLiteral(raw, false)
    .map((part) => ('literal' in part ? part.literal : part.wildcard))
    .join('');
}

/** A LIKE pattern as a case-insensitive RegExp: % any run, _ one character, \% and \_ literal. */
export function likePattern(raw: string): RegExp {
  const source = readLiteral(raw, true)
    .map((part) =>
      'literal' in part
        ? part.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        : part.wildcard === '%'
          ? '.*'
          : '.'
    )
    .join('');
  return new RegExp(`^${source}$`, 'is');
}
