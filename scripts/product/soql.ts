// SOQL literals built from values, so that no value (a person's name, an email, a username)
// can change a query. The escapes are Salesforce's "Quoted String Escape Sequences":
// https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-quotedstringescapes.html
// (the backslash and the single quote are reserved and must be escaped; \n \r \t \b \f stand
// for the control characters; \% and \_ are literal only inside LIKE). The local org reads
// literals by the same table (tooling/local-org/soql-literals.ts, rule api.soql.stringEscapes).

const CONTROL_ESCAPES: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  // The documentation's \b is "Bell" (U+0007), not backspace.
  '\u0007': '\\b',
  '\f': '\\f'
};

// Every other control character (C0, DEL, C1) and the Unicode line and paragraph separators
// (U+2028, U+2029) are written as \uXXXX, which the same table lists ("A Unicode character with
// XXXX as the code"): a literal then never holds a raw line break or control character of any
// kind, whatever the value (point 13 of issue 14).
const NEEDS_ESCAPE = /[\\'\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function escapeText(value: string): string {
  return value.replace(
    NEEDS_ESCAPE,
    (char) =>
      CONTROL_ESCAPES[char] ??
      (char === '\\' || char === "'"
        ? `\\${char}`
        : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  );
}

/** A quoted SOQL string literal: 'Bob\'s BBQ'. */
export function soqlString(value: string): string {
  return `'${escapeText(value)}'`;
}

/** A parenthesised list of string literals for IN, each value once, in first-seen order. */
export function soqlList(values: Iterable<string>): string {
  return `(${[...new Set(values)].map(soqlString).join(', ')})`;
}

/** A LIKE pattern that matches the text anywhere (%text%): its own % and _ are not wildcards. */
export function soqlLikeContaining(text: string): string {
  return `'%${escapeText(text).replace(/[%_]/g, '\\$&')}%'`;
}

/** The SOQL datetime literal of a moment: UTC, whole seconds (`2026-12-01T09:30:00Z`). */
export function soqlDateTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}
