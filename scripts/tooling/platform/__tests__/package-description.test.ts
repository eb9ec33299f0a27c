// The package description must say that the package deploys metadata from Apex
// (platformRule('packaging.apexMetadata.descriptionNotice')); package:create uses the
// default package directory's versionDescription as the package description.
import { defaultPackageDirectory } from '../../../product/project.ts';
import { platformRule, NOT_MODELLED } from '../catalogue.ts';

describe('the package description', () => {
  const description = defaultPackageDirectory().versionDescription ?? '';

  it('carries the notice Salesforce asks of packages that access metadata from Apex', () => {
    expect(platformRule('packaging.apexMetadata.descriptionNotice').source).toMatch(/^https:\/\//);
    expect(description).toContain(
      "This package can access and change metadata outside its namespace in the Salesforce org where it's installed"
    );
    expect(description).toMatch(/field mappings/);
    expect(description).toMatch(/layout/);
    // Package2.Description and Package2Version.Description are text areas; the local Dev Hub
    // refuses more than 255 characters (assumption: the documented default for a text area).
    expect(description.length).toBeLessThanOrEqual(255);
  });
});

describe('the packaging rules this branch relies on', () => {
  it.each([
    'packaging.customMetadata.recordFullName',
    'packaging.customMetadata.otherNamespaceCreate',
    'packaging.customMetadata.fieldManageability',
    'packaging.apexMetadata.nonCertified'
  ])('%s names its Salesforce source', (id) => {
    expect(platformRule(id).source).toMatch(/^https:\/\/(developer|help)\.salesforce\.com\//);
  });

  it('lists mixed DML among what only a real org shows', () => {
    expect(NOT_MODELLED.map((entry) => entry.id)).toContain('api.apex-mixed-dml');
  });
});
