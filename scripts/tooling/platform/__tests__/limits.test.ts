// The metadata limits are one list that the gate and the local org both read: each has its
// catalogue entry, values are measured the way Salesforce counts, and the XML reader finds the
// element a limit names and nothing that only looks like it.
import { platformRule } from '../catalogue.ts';
import {
  LIMIT_RULES,
  limitViolations,
  METADATA_LIMITS,
  nameRuleProblem,
  type LimitedType
} from '../limits.ts';
import { childValues, xmlComponents } from '../../xml-elements.ts';

const violations = (
  type: LimitedType,
  name: string,
  values: Record<string, string> = {},
  namespace: string | null = null
) =>
  limitViolations(type, name, new Map(Object.entries(values)), namespace).map((violation) => ({
    id: violation.limit.id,
    length: violation.length,
    nameProblem: violation.nameProblem
  }));

describe('the catalogue entries', () => {
  test('every limit has one catalogue entry with its https documentation URL, enforced by both', () => {
    expect(LIMIT_RULES.map((rule) => rule.id)).toEqual(METADATA_LIMITS.map((limit) => limit.id));
    expect(new Set(LIMIT_RULES.map((rule) => rule.id)).size).toBe(LIMIT_RULES.length);
    for (const limit of METADATA_LIMITS) {
      const rule = platformRule(limit.id);
      expect(rule.source).toBe(limit.source);
      expect(rule.source).toMatch(/^https:\/\/(developer|help)\.salesforce\.com\//);
      expect(rule.enforcedBy).toEqual(['validate', 'local-org']);
      expect(rule.assumption).toContain('data value too large');
    }
    expect(platformRule('limit.PermissionSet.description').rule).toBe(
      'A PermissionSet description allows at most 255 characters; a deploy of a longer one fails.'
    );
  });
});

describe('limitViolations', () => {
  test('counts characters, not UTF-16 units or bytes', () => {
    expect(violations('PermissionSet', 'Fine', { description: '😀'.repeat(255) })).toEqual([]);
    expect(violations('PermissionSet', 'Fine', { description: 'é'.repeat(256) })).toEqual([
      { id: 'limit.PermissionSet.description', length: 256, nameProblem: undefined }
    ]);
  });

  test('counts the whitespace around a value (the strict reading), and says when only it breaks the limit', () => {
    const [violation] = limitViolations(
      'PermissionSet',
      'Fine',
      new Map([['description', `\n        ${'x'.repeat(250)}\n    `]])
    );
    expect(violation).toMatchObject({ length: 264, trimmedLength: 250, value: 'x'.repeat(250) });
  });

  test('measures a custom field name without __c and leaves standard field names alone', () => {
    expect(violations('CustomField', `${'a'.repeat(40)}__c`)).toEqual([]);
    expect(violations('CustomField', `${'a'.repeat(41)}__c`)).toEqual([
      { id: 'limit.CustomField.name', length: 41, nameProblem: undefined }
    ]);
    expect(violations('CustomField', 'A_Standard_Field_Name_That_Is_Longer_Than_Forty')).toEqual(
      []
    );
  });

  test('checks a platform event and a custom metadata type like a custom object', () => {
    expect(violations('CustomObject', 'Booking_Event__e')).toEqual([]);
    expect(violations('CustomObject', 'Booking__Event__e')).toEqual([
      {
        id: 'limit.CustomObject.name',
        length: 14,
        nameProblem: 'contains two consecutive underscores'
      }
    ]);
    expect(violations('CustomObject', `M${'x'.repeat(40)}__mdt`)).toHaveLength(1);
  });

  test("a name may carry the org's own namespace, not another one", () => {
    expect(violations('CustomField', `bkconn__${'a'.repeat(40)}__c`, {}, 'bkconn')).toEqual([]);
    expect(violations('CustomField', 'other__Booking_Id__c', {}, 'bkconn')).toEqual([
      {
        id: 'limit.CustomField.name',
        length: 17,
        nameProblem: 'contains two consecutive underscores'
      }
    ]);
  });

  test('a name must follow every part of the naming rule', () => {
    expect(nameRuleProblem('Booking_Rules2')).toBeNull();
    expect(nameRuleProblem('bookingRules')).toBeNull();
    expect(nameRuleProblem('Booking Rules')).toBe(
      'contains a character other than letters, digits and underscores'
    );
    expect(nameRuleProblem('Bookingé')).toBe(
      'contains a character other than letters, digits and underscores'
    );
    expect(nameRuleProblem('_Booking')).toBe('does not begin with a letter');
    expect(nameRuleProblem('2Booking')).toBe('does not begin with a letter');
    expect(nameRuleProblem('Booking_')).toBe('ends with an underscore');
    expect(nameRuleProblem('Booking__Rules')).toBe('contains two consecutive underscores');
    expect(nameRuleProblem('')).toBe('does not begin with a letter');
  });
});

describe('xmlComponents', () => {
  test('reads direct children only, decodes entities and CDATA, and skips comments', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <!-- <label>not this one, it is a comment</label> -->
    <fullName>Status__c</fullName>
    <description><![CDATA[Uses <b> & more]]></description>
    <label>
        Status &amp; Stage &#x1F600;
    </label>
    <valueSet>
        <valueSetDefinition>
            <value><fullName>A</fullName><label>${'x'.repeat(300)}</label></value>
        </valueSetDefinition>
    </valueSet>
    <inlineHelpText/>
</CustomField>
`;
    const [field, ...others] = xmlComponents(xml, ['CustomField']);
    expect(others).toEqual([]);
    expect(field.line).toBe(2);
    expect(field.children.map(({ name, text, line }) => ({ name, text, line }))).toEqual([
      { name: 'fullName', text: 'Status__c', line: 4 },
      { name: 'description', text: 'Uses <b> & more', line: 5 },
      { name: 'label', text: 'Status & Stage 😀', line: 6 },
      { name: 'inlineHelpText', text: '', line: 14 }
    ]);
    expect(childValues(field).get('label')).toBe('Status & Stage 😀');
    expect(childValues(field, 'untrimmed').get('label')).toBe('\n        Status & Stage 😀\n    ');
  });

  test('finds each repeated component at its own line', () => {
    const xml =
      '<CustomObject>\n<fields>\n<fullName>A__c</fullName>\n</fields>\n<label>Obj</label>\n<fields><fullName>B__c</fullName><label>B</label></fields>\n</CustomObject>';
    const fields = xmlComponents(xml, ['CustomObject', 'fields']);
    expect(fields.map((entry) => [entry.line, childValues(entry).get('fullName')])).toEqual([
      [2, 'A__c'],
      [6, 'B__c']
    ]);
    expect(childValues(xmlComponents(xml, ['CustomObject'])[0]).get('label')).toBe('Obj');
  });
});
