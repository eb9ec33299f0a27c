// The standard Event page layout every org starts with ("Event Layout"), assigned to every
// profile, as Salesforce seeds it: the package ships its own Event layout, but the layout the
// API user's and admins' profiles actually use is this one until an admin changes the
// assignment, so that is the one the package fields must reach.
import type { OrgState } from './model.ts';
import { newId } from './model.ts';

export const STANDARD_EVENT_LAYOUT = 'Event-Event Layout';

const item = (field: string, behavior: 'Edit' | 'Required' | 'Readonly' = 'Edit'): string =>
  `            <layoutItems>\n                <behavior>${behavior}</behavior>\n                <field>${field}</field>\n            </layoutItems>`;

const EVENT_LAYOUT_XML = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<Layout xmlns="http://soap.sforce.com/2006/04/metadata">',
  '    <layoutSections>',
  '        <customLabel>false</customLabel>',
  '        <detailHeading>false</detailHeading>',
  '        <editHeading>true</editHeading>',
  '        <label>Calendar Details</label>',
  '        <layoutColumns>',
  item('Subject', 'Required'),
  item('WhoId'),
  item('WhatId'),
  item('Location'),
  '        </layoutColumns>',
  '        <layoutColumns>',
  item('OwnerId', 'Required'),
  item('StartDateTime', 'Required'),
  item('EndDateTime', 'Required'),
  '        </layoutColumns>',
  '        <style>TwoColumnsTopToBottom</style>',
  '    </layoutSections>',
  '    <layoutSections>',
  '        <customLabel>false</customLabel>',
  '        <detailHeading>false</detailHeading>',
  '        <editHeading>true</editHeading>',
  '        <label>Description Information</label>',
  '        <layoutColumns>',
  item('Description'),
  '        </layoutColumns>',
  '        <style>OneColumn</style>',
  '    </layoutSections>',
  '    <showEmailCheckbox>false</showEmailCheckbox>',
  '    <showHighlightsPanel>false</showHighlightsPanel>',
  '    <showInteractionLogPanel>false</showInteractionLogPanel>',
  '    <showRunAssignmentRulesCheckbox>false</showRunAssignmentRulesCheckbox>',
  '    <showSubmitAndAttachButton>false</showSubmitAndAttachButton>',
  '</Layout>',
  ''
].join('\n');

/** Adds the standard Event layout and assigns it to every profile of the org. */
export function seedStandardEventLayout(state: OrgState, now: string): void {
  state.components[`Layout:${STANDARD_EVENT_LAYOUT}`] = {
    type: 'Layout',
    fullName: STANDARD_EVENT_LAYOUT,
    files: { [`layouts/${STANDARD_EVENT_LAYOUT}.layout`]: EVENT_LAYOUT_XML },
    lastModifiedDate: now,
    id: newId(state, '00h')
  };
  state.layoutAssignments = Object.fromEntries(
    Object.keys(state.records.profile ?? {}).map((profileId) => [
      profileId,
      { Event: STANDARD_EVENT_LAYOUT }
    ])
  );
}
