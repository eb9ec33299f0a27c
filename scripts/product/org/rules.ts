// The shared rules (force-app/.../lwc/bookingRules/apiUserRules.js), typed for the tooling.
// Imported file by file: the bundle's index re-exports without extensions, which Node's ES
// module resolver does not accept.
import * as apiUserRules from '../../../force-app/main/default/lwc/bookingRules/apiUserRules.js';

export interface RuleRow {
  id: string;
  label: string;
  passed: boolean;
  fix: string;
  unverified?: boolean;
}

export type SecurityMode = 'Standard' | 'Advanced';

export const checkApiUser = apiUserRules.checkApiUser as (
  facts: object,
  mode?: string
) => RuleRow[];
export const installationChecklist = apiUserRules.installationChecklist as (
  facts: object,
  mode?: string
) => RuleRow[];
export const checkConnectedUser = apiUserRules.checkConnectedUser as (
  connected: string | null | undefined,
  apiUsername: string
) => RuleRow;
export const normalizeSecurityMode = apiUserRules.normalizeSecurityMode as (
  mode: string | null | undefined
) => SecurityMode;
export const allPassed = apiUserRules.allPassed as (rows: RuleRow[]) => boolean;
export const REQUIRED_LICENSE = apiUserRules.REQUIRED_LICENSE as string;
export const API_USER_PERMISSION_SET = apiUserRules.API_USER_PERMISSION_SET as string;
/** The five standard objects the connector writes records of. */
export const CONNECTOR_OBJECTS = apiUserRules.CONNECTOR_OBJECTS as readonly (
  'Lead' | 'Account' | 'Contact' | 'Event' | 'Case'
)[];
/** Where the API user's access to Lead, Contact, Account, Case and Event comes from, per mode. */
export const STANDARD_OBJECT_ACCESS_NOTE = apiUserRules.STANDARD_OBJECT_ACCESS_NOTE as Readonly<
  Record<SecurityMode, string>
>;
