import { evaluate, interpolate } from '../expressions.ts';

const contexts = {
  matrix: { namespace: true },
  github: { run_id: 42 },
  steps: { 'api-user': { outputs: { username: 'api@x.dev' } } },
  secrets: {}
};

describe('GitHub expressions', () => {
  it('returns an operand from && and ||, as GitHub does', () => {
    expect(evaluate("matrix.namespace && 'ns' || 'nons'", contexts)).toBe('ns');
    expect(
      evaluate("matrix.namespace && 'ns' || 'nons'", { ...contexts, matrix: { namespace: false } })
    ).toBe('nons');
    // The idiom the workflow uses for "nothing": a space, since '' would fall through to ||.
    expect(evaluate("matrix.namespace && ' ' || '--no-namespace'", contexts)).toBe(' ');
  });

  it('reads context paths with hyphens, and a missing one is null', () => {
    expect(evaluate('steps.api-user.outputs.username', contexts)).toBe('api@x.dev');
    expect(evaluate('secrets.DEVHUB_SFDX_AUTH_URL', contexts)).toBeNull();
  });

  it('compares, negates and groups', () => {
    expect(evaluate("!(github.run_id == 42) || 'yes'", contexts)).toBe('yes');
    expect(evaluate("'it''s' != 'its'", contexts)).toBe(true);
  });

  it('renders every ${{ }} in a line, null as empty', () => {
    expect(
      interpolate(
        "ci-${{ github.run_id }}-${{ matrix.namespace && 'ns' || 'nons' }}${{ secrets.X }}",
        contexts
      )
    ).toBe('ci-42-ns');
  });

  it('refuses what it does not support, naming it', () => {
    expect(() => evaluate('always()', contexts)).toThrow('always() is not supported');
    expect(() => evaluate("'open", contexts)).toThrow('Cannot read the expression');
    expect(() => evaluate('(matrix.namespace', contexts)).toThrow('not closed');
  });
});
