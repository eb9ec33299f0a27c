/*
 * Whether a failure is Salesforce refusing the package's use of the Metadata API from Apex.
 * Until a managed package version passes security review, its Apex may deploy or retrieve
 * metadata in a subscriber org only when an admin has turned on Setup > Apex Settings >
 * "Deploy Metadata from Non-Certified Package Versions via Apex" (Apex Developer Guide,
 * Metadata > Security Considerations; scripts/tooling/platform/packaging.ts
 * 'packaging.apexMetadata.nonCertified'). The setup page tells the admin exactly that.
 *
 * The documentation names the setting, not the exception or message of the refusal. So two
 * readings are recognised: the Apex marks every failure of its own Metadata API call with
 * APEX_METADATA_REFUSED (whatever the platform said), and a deployment that fails later with the
 * wording reported for this refusal ("Not allowed to install or modify metadata via Apex").
 */

/** The code the setup Apex puts before the platform's message when its Metadata API call fails. */
export const APEX_METADATA_REFUSED = 'BOOKING_APEX_METADATA_REFUSED';

/** The setting the admin turns on, as Setup names it. */
export const NON_CERTIFIED_METADATA_SETTING =
  'Setup > Apex Settings > Deploy Metadata from Non-Certified Package Versions via Apex';

// Reported wording of the refusal (not documented: an assumption, matched loosely).
const REFUSAL_WORDING = [
  /not allowed to (install or )?modify metadata via apex/i,
  /non-?certified/i
];

/**
 * The platform's message when `message` is the Metadata-API-from-Apex refusal, else null.
 * @param {string} message an error message (from Apex, or a deployment's component error)
 * @returns {string|null}
 */
export function apexMetadataRefusal(message) {
  const text = String(message ?? '');
  const coded = new RegExp(`^${APEX_METADATA_REFUSED}:?\\s*`);
  if (coded.test(text)) return text.replace(coded, '').trim() || text;
  return REFUSAL_WORDING.some((pattern) => pattern.test(text)) ? text.trim() : null;
}
