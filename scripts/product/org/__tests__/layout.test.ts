import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { READ_ONLY_LAYOUT_FIELDS } from '../../../../force-app/main/default/lwc/bookingRules/apiUserRules.js';
import { projectRoot } from '../../project.ts';
import { packageActivityFields, withPackageFields } from '../layout.ts';

const layout = (sections: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Layout xmlns="http://soap.sforce.com/2006/04/metadata">\n${sections}    <showEmailCheckbox>false</showEmailCheckbox>\n</Layout>\n`;
const section = (label: string, fields: string[]): string =>
  `    <layoutSections>\n        <label>${label}</label>\n        <layoutColumns>\n${fields.map((field) => `            <layoutItems>\n                <behavior>Edit</behavior>\n                <field>${field}</field>\n            </layoutItems>\n`).join('')}        </layoutColumns>\n        <style>OneColumn</style>\n    </layoutSections>\n`;

describe('withPackageFields', () => {
  it('adds a Booking section after the last section, before the elements that follow it', () => {
    const xml = withPackageFields(
      layout(section('Calendar Details', ['Subject'])),
      ['bkconn__Booking_Id__c', 'bkconn__Meeting_Link__c'],
      'bkconn__'
    );
    const booking = xml.indexOf('<label>Booking</label>');
    expect(booking).toBeGreaterThan(xml.indexOf('<label>Calendar Details</label>'));
    expect(booking).toBeLessThan(xml.indexOf('<showEmailCheckbox>'));
    expect(xml).toMatch(/<behavior>Readonly<\/behavior>\s*<field>bkconn__Booking_Id__c<\/field>/);
    expect(xml).toMatch(/<behavior>Edit<\/behavior>\s*<field>bkconn__Meeting_Link__c<\/field>/);
  });

  it('adds into an existing Booking section instead of making a second one', () => {
    const xml = withPackageFields(
      layout(section('Calendar Details', ['Subject']) + section('Booking', ['Booking_Id__c'])),
      ['Meeting_Link__c'],
      ''
    );
    expect(xml.match(/<label>Booking<\/label>/g)).toHaveLength(1);
    const booking = xml.slice(xml.indexOf('<label>Booking</label>'));
    expect(booking.indexOf('Meeting_Link__c')).toBeGreaterThan(booking.indexOf('Booking_Id__c'));
    expect(booking.indexOf('Meeting_Link__c')).toBeLessThan(booking.indexOf('</layoutColumns>'));
  });

  it('refuses a layout without sections, saying where to add the fields by hand', () => {
    expect(() => withPackageFields(layout(''), ['Booking_Id__c'], '')).toThrow(
      'no sections to add the package fields beside'
    );
  });
});

// The setup page's Apex and the CLI add the same fields to the Event layout, read-only the same
// ones: Apex cannot import the rules module, so its two lists are read from its source here.
describe('the Event layout fields, in Apex and in the CLI', () => {
  const apex = readFileSync(
    join(projectRoot(), 'force-app', 'main', 'default', 'classes', 'BookingMetadataDeployer.cls'),
    'utf8'
  );
  const apexList = (name: string): string[] => {
    const body = new RegExp(`${name}\\s*=\\s*new (?:List|Set)<String>\\{([^}]*)\\}`).exec(apex);
    if (!body) throw new Error(`${name} not found in BookingMetadataDeployer.cls`);
    return [...body[1].matchAll(/'([^']+)'/g)].map((match) => match[1]).sort();
  };

  it('PACKAGE_EVENT_FIELDS is every package Activity field', () => {
    expect(apexList('PACKAGE_EVENT_FIELDS')).toEqual(packageActivityFields());
  });

  it('READ_ONLY_FIELDS is READ_ONLY_LAYOUT_FIELDS', () => {
    expect(apexList('READ_ONLY_FIELDS')).toEqual([...READ_ONLY_LAYOUT_FIELDS].sort());
  });
});
