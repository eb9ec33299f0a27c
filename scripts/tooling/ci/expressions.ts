// GitHub Actions `${{ }}` expressions, the subset this project's workflows use: context paths
// (matrix.namespace, github.run_id, steps.api-user.outputs.username, secrets.X), string, number
// and boolean literals, `!`, `==`, `!=`, `&&`, `||` and parentheses, with GitHub's semantics
// (`&&` and `||` return an operand, a missing property is null, null renders as ''). Enough to
// run a workflow's `run:` lines outside GitHub (scratch-org.test.ts runs the CI job that way).
// Functions (always(), contains(), ...) are refused with an error naming them.

export type Contexts = Record<string, unknown>;

type Token = { kind: 'string' | 'number' | 'word' | 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:'((?:[^']|'')*)'|(\d+(?:\.\d+)?)|([A-Za-z_][\w-]*(?:\.[A-Za-z_*][\w-]*)*)|(&&|\|\||==|!=|!|\(|\)))/y;
  let rest = source.trim();
  while (rest.length > 0) {
    pattern.lastIndex = 0;
    const match = pattern.exec(rest);
    if (!match) throw new Error(`Cannot read the expression at "${rest}" in "${source}".`);
    if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1].replace(/''/g, "'") });
    else if (match[2] !== undefined) tokens.push({ kind: 'number', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'word', text: match[3] });
    else tokens.push({ kind: 'op', text: match[4] });
    rest = rest.slice(match[0].length).trimStart();
  }
  return tokens;
}

const truthy = (value: unknown): boolean =>
  value !== null && value !== undefined && value !== false && value !== 0 && value !== '';

function lookup(path: string, contexts: Contexts): unknown {
  let value: unknown = contexts;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? null;
}

/** Evaluates one expression (the text between `${{` and `}}`). */
export function evaluate(source: string, contexts: Contexts): unknown {
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const take = (text: string): boolean => {
    if (peek()?.kind === 'op' && peek()?.text === text) {
      position++;
      return true;
    }
    return false;
  };
  const primary = (): unknown => {
    const token = tokens[position++];
    if (!token) throw new Error(`The expression "${source}" ends too early.`);
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'op' && token.text === '!') return !truthy(primary());
    if (token.kind === 'op' && token.text === '(') {
      const value = or();
      if (!take(')')) throw new Error(`A parenthesis is not closed in "${source}".`);
      return value;
    }
    if (token.kind === 'word') {
      if (token.text === 'true') return true;
      if (token.text === 'false') return false;
      if (token.text === 'null') return null;
      if (peek()?.text === '(')
        throw new Error(`The function ${token.text}() is not supported here ("${source}").`);
      return lookup(token.text, contexts);
    }
    throw new Error(`Unexpected "${token.text}" in "${source}".`);
  };
  const comparison = (): unknown => {
    const left = primary();
    if (take('==')) return left === primary();
    if (take('!=')) return left !== primary();
    return left;
  };
  const and = (): unknown => {
    let value = comparison();
    while (take('&&')) {
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  const or = (): unknown => {
    let value = and();
    while (take('||')) {
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  };
  const value = or();
  if (position < tokens.length)
    throw new Error(`Unexpected "${tokens[position].text}" in "${source}".`);
  return value;
}

/** The text with every `${{ expression }}` replaced by its value, as GitHub renders it. */
export function interpolate(text: string, contexts: Contexts): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_whole, source: string) => {
    const value = evaluate(source, contexts);
    return value === null || value === undefined ? '' : String(value);
  });
}
