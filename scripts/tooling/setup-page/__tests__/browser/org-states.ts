// The local org states the browser tests start from, each made as a developer makes it: the
// package's source deployed with the deploy library, permission sets assigned.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Connection } from '@salesforce/core';
import { projectRoot } from '../../../../product/project.ts';
import {
  assignApiUserPermissionSet,
  ensureAdminPermissionSet
} from '../../../../product/org/permset.ts';
import { startLocalOrg, type LocalOrg } from '../../../local-org/server.ts';
import { SEEDED_USERS } from '../../../local-org/seed.ts';
import { loginAs } from '../../../test-kit/login.ts';
import { deploySource } from '../../../test-kit/org.ts';

/**
 * The states a test starts the org in:
 *  - `fresh`: the package deployed, the admin holding the admin permission set (the Manage
 *    Booking Connector custom permission), nothing set up: no settings, the API user without the
 *    package's permission set, the Event layout without the package fields, the default
 *    mappings; plus one universally required custom field on Lead (Region__c) that no mapping
 *    fills, so phase 3 has a value to give;
 *  - `empty`: the package without its default mapping records, nothing set up;
 *  - `badMapping`: `fresh` with one saved mapping whose booking field does not exist.
 */
export type OrgState = 'fresh' | 'empty' | 'badMapping';

export const REQUIRED_FIELD = { object: 'Lead', field: 'Region__c', label: 'Region' };
export const BAD_MAPPING = {
  developerName: 'Lead_Title_Bad',
  object: 'Lead',
  field: 'Title',
  value: 'no_such_booking_field'
};

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/**
 * A required Text field: nillable false, createable, no default (a universally required field).
 * A required field is visible and editable to every profile, so it needs no field permission
 * (deploying one for it is refused: "You cannot deploy to a required field").
 */
const REQUIRED_FIELD_XML = `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>${REQUIRED_FIELD.field}</fullName>
    <label>${REQUIRED_FIELD.label}</label>
    <length>40</length>
    <required>true</required>
    <type>Text</type>
</CustomField>
`;

const BAD_MAPPING_XML = `<?xml version="1.0" encoding="UTF-8"?>
<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <label>Lead Title Bad</label>
    <protected>false</protected>
    <values><field>IsActive__c</field><value xsi:type="xsd:boolean">true</value></values>
    <values><field>SourceType__c</field><value xsi:type="xsd:string">BookingField</value></values>
    <values><field>SourceValue__c</field><value xsi:type="xsd:string">${BAD_MAPPING.value}</value></values>
    <values><field>TargetField__c</field><value xsi:type="xsd:string">${BAD_MAPPING.field}</value></values>
    <values><field>TargetObject__c</field><value xsi:type="xsd:string">${BAD_MAPPING.object}</value></values>
</CustomMetadata>
`;

async function deployOrThrow(admin: Connection, dir: string): Promise<void> {
  const result = await deploySource(admin, dir);
  if (!result.response.success)
    throw new Error(`deploy of ${dir} failed: ${JSON.stringify(result.response.details)}`);
}

/** A new local org in the given state, with the admin's connection. */
export async function orgInState(
  state: OrgState
): Promise<{ org: LocalOrg; admin: Connection; close(): Promise<void> }> {
  const org = await startLocalOrg();
  const scratch = mkdtempSync(join(tmpdir(), 'bkconn-page-source-'));
  try {
    const admin = await loginAs(org);
    if (state === 'empty') {
      // The package's source without its default mapping records.
      const source = join(scratch, 'package');
      copyTree(join(projectRoot(), 'force-app'), source, (path) => !/customMetadata/.test(path));
      await deployOrThrow(admin, source);
    } else {
      await deployOrThrow(admin, join(projectRoot(), 'force-app'));
      const extra: Record<string, string> = {
        [`objects/${REQUIRED_FIELD.object}/fields/${REQUIRED_FIELD.field}.field-meta.xml`]:
          REQUIRED_FIELD_XML
      };
      if (state === 'badMapping') {
        extra[`customMetadata/BookingFieldMapping.${BAD_MAPPING.developerName}.md-meta.xml`] =
          BAD_MAPPING_XML;
      }
      writeFiles(join(scratch, 'extra'), extra);
      await deployOrThrow(admin, join(scratch, 'extra'));
    }
    const adminSet = await ensureAdminPermissionSet(admin);
    if (!adminSet || adminSet.problem)
      throw new Error(
        `admin permission set not assigned: ${adminSet?.problem ?? 'not in the org'}`
      );
    return { org, admin, close: () => org.close() };
  } catch (error) {
    await org.close();
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function copyTree(from: string, to: string, keep: (path: string) => boolean): void {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (!keep(relative(projectRoot(), source))) continue;
    const target = join(to, name);
    if (statSync(source).isDirectory()) {
      mkdirSync(target, { recursive: true });
      copyTree(source, target, keep);
    } else {
      mkdirSync(to, { recursive: true });
      writeFileSync(target, readFileSync(source));
    }
  }
}

/** The assignment the Assign button makes, as the CLI's setup makes it (for tests that skip phase 2). */
export async function assignApiUser(admin: Connection): Promise<void> {
  await assignApiUserPermissionSet(admin, SEEDED_USERS.apiUser, null);
}
