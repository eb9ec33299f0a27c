// The typed face of the shared creation rules (creationRules.js) for the engine: the same
// functions, with the shapes the engine passes and gets back. Every decision about a booking's
// records is made there, and tested there without an org; this module only names the types.
import * as creationRules from '../../../force-app/main/default/lwc/bookingRules/creationRules.js';
import type { Settings } from './config.ts';
import type { Booking, BookingPerson } from './events.ts';

export type SObject = Record<string, unknown> & { Id?: string };
export type PersonKind = 'Lead' | 'Contact' | 'PersonAccount';
/** Person accounts join the Contact candidates under their PersonContactId, keeping the row. */
export type PersonCandidate = SObject & { personAccount?: SObject; convertedLeadId?: string };
export interface ChosenPerson {
  kind: PersonKind;
  record: SObject;
}
export type AccountChoice =
  { action: 'use'; record: SObject } | { action: 'create'; name: string } | { action: 'none' };
export interface PersonOwner {
  ownerId: string | null;
  useAssignmentRules: boolean;
}

export const phoneQueryPatterns = creationRules.phoneQueryPatterns as (
  phone: string | null | undefined
) => string[];
export const emailDomain = creationRules.emailDomain as (
  email: string | null | undefined
) => string | null;
export const personAccountField = creationRules.personAccountField as (
  contactField: string
) => string | null;
export const contactCandidates = creationRules.contactCandidates as (
  contactRows: readonly SObject[],
  personAccounts: readonly SObject[]
) => PersonCandidate[];
export const existingPerson = creationRules.existingPerson as (
  facts: {
    whoId?: string | null;
    booking: Pick<Booking, 'salesforceRecordId' | 'person'>;
    contacts: readonly PersonCandidate[];
    leads: readonly SObject[];
  },
  settings: Settings
) => ChosenPerson | null;
/** existingPerson with the sync log's line saying why. */
export const personDecision = creationRules.personDecision as (
  facts: Parameters<typeof existingPerson>[0],
  settings: Settings
) => { person: ChosenPerson | null; decision: string };
export const accountCandidates = creationRules.accountCandidates as (
  accounts: readonly SObject[],
  person: BookingPerson
) => { EmailDomain: SObject[]; CompanyName: SObject[] };
export const chooseAccount = creationRules.chooseAccount as (
  candidates: { EmailDomain?: SObject[]; CompanyName?: SObject[] },
  booking: BookingPerson,
  settings: Settings
) => AccountChoice;
export const personOwner = creationRules.personOwner as (
  ownerPolicy: Settings['ownerPolicy'],
  facts: { bookingOwnerId?: string | null }
) => PersonOwner;
export const personUpdates = creationRules.personUpdates as (
  existing: SObject,
  values: Record<string, unknown>,
  settings: Settings,
  bookingOwnerId: string | null | undefined
) => Record<string, unknown>;
export const eventTimes = creationRules.eventTimes as (
  eventExists: boolean,
  mapped: SObject,
  booking: { start: string; end: string }
) => { StartDateTime: unknown; EndDateTime: unknown };
export const creationTarget = creationRules.creationTarget as (
  settings: Settings,
  facts: { personAccounts?: boolean }
) => PersonKind;
export const createsNewCase = creationRules.createsNewCase as (
  bookingPage: string | null | undefined,
  settings: Settings,
  existingWhatId: string | null | undefined,
  personKind: 'Contact' | 'Lead' | 'PersonAccount'
) => boolean;
export const caseOwner = creationRules.caseOwner as (
  ownerPolicy: Settings['ownerPolicy'],
  bookingOwnerId: string | null | undefined
) => string | null;
export const eventOwner = creationRules.eventOwner as (
  bookingOwnerId: string | null | undefined,
  apiUserId: string
) => string;
export const lifecycleFields = creationRules.lifecycleFields as (
  type: string,
  booking: { reason?: string }
) => Record<string, unknown>;
export const eventWhoId = creationRules.eventWhoId as (
  kind: PersonKind,
  record: SObject
) => string | null;
export const eventWhatId = creationRules.eventWhatId as (facts: {
  kind: PersonKind;
  caseId?: string | null;
  existingWhatId?: string | null;
  accountId?: string | null;
  personAccountId?: string | null;
}) => string | null;
export const lateEventReason = creationRules.lateEventReason as (
  sequence: number,
  eventSequence: unknown
) => string | null;
export const batchPerson = creationRules.batchPerson as (
  booking: Pick<Booking, 'person'>,
  planned: readonly { kind: PersonKind; record: Readonly<SObject> }[],
  settings: Settings
) => { index: number; matchedBy: string } | null;
export const ownerFallbackWarning = creationRules.ownerFallbackWarning as (
  ownerPolicy: Settings['ownerPolicy'],
  ownerEmail: string | null | undefined,
  bookingOwnerId: string | null | undefined
) => string | null;
