// The SOQL literal builder against Salesforce's escape table, and read back by the local org's
// literal reader (which follows the same table) to the value it was built from.
import { soqlLikeContaining, soqlList, soqlString } from '../soql.ts';
import { likePattern, soqlStringValue } from '../../tooling/local-org/soql-literals.ts';

describe('soqlString', () => {
  it('escapes the reserved quote and backslash, as the documentation example does', () => {
    expect(soqlString("Bob's BBQ")).toBe("'Bob\\'s BBQ'");
    expect(soqlString('back\\slash')).toBe("'back\\\\slash'");
  });

  it('writes control characters as their escape sequences', () => {
    expect(soqlString('a\nb\rc\td\fe\u0007')).toBe("'a\\nb\\rc\\td\\fe\\b'");
  });

  it.each(["O'Brien", 'C:\\temp\\', "\\'; DELETE", 'line\nbreak\ttab', '100%_sure', ''])(
    'reads back as the value: %j',
    (value) => {
      expect(soqlStringValue(soqlString(value))).toBe(value);
    }
  );
});

describe('soqlList', () => {
  it('lists each value once, in first-seen order', () => {
    expect(soqlList(['a', "b'c", 'a'])).toBe("('a', 'b\\'c')");
    expect(soqlList(new Set(['x']))).toBe("('x')");
  });
});

describe('soqlLikeContaining', () => {
  it('matches the text anywhere, its own % and _ literal', () => {
    const pattern = likePattern(soqlLikeContaining("50%_o'k"));
    expect(pattern.test("www.50%_o'k.example")).toBe(true);
    expect(pattern.test("50%Xo'k")).toBe(false);
    expect(pattern.test("50AB_o'k")).toBe(false);
  });
});
