import {
  APEX_METADATA_REFUSED,
  NON_CERTIFIED_METADATA_SETTING,
  apexMetadataRefusal
} from '../metadataAccess';
import * as entry from '../bookingRules';

describe('apexMetadataRefusal', () => {
  it("recognises the Apex's code and returns the platform's own message", () => {
    expect(apexMetadataRefusal(`${APEX_METADATA_REFUSED}: Insufficient access`)).toBe(
      'Insufficient access'
    );
  });

  it('recognises the reported wording of the refusal in a deployment error', () => {
    expect(
      apexMetadataRefusal(
        'CustomMetadata bkconn__BookingFieldMapping.bkconn__Lead_Email: Not allowed to install or modify metadata via Apex'
      )
    ).toContain('Not allowed to install or modify metadata via Apex');
    expect(apexMetadataRefusal('Deploying metadata from a non-certified package')).not.toBeNull();
  });

  it('leaves every other failure alone', () => {
    for (const message of [
      'Field Email is not valid',
      'The layout Event-Missing does not exist.',
      '',
      null,
      undefined
    ])
      expect(apexMetadataRefusal(message)).toBeNull();
  });

  it('names the setting as Setup does, and is exported from the module entry', () => {
    expect(NON_CERTIFIED_METADATA_SETTING).toBe(
      'Setup > Apex Settings > Deploy Metadata from Non-Certified Package Versions via Apex'
    );
    expect(entry.apexMetadataRefusal).toBe(apexMetadataRefusal);
  });
});
