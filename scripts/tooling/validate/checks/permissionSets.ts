// The package's permission sets must deploy (every field they name exists and may carry field
// permissions), must hold only what a managed package can carry (no permissions on standard
// objects or fields, none on Event or Task, which have no object permissions), and must grant no
// more than the product allows (see permission-policy.ts and scripts/tooling/platform/).
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Check, Problem, ProjectContext } from '../types.ts';
import { relativeTo } from '../project.ts';
import { platformRule } from '../../platform/catalogue.ts';
// The permission set the API user gets, named in the rules module: it must cover every Activity field.
import { API_USER_PERMISSION_SET } from '../../../product/org/rules.ts';
import {
  ACTIVITY_OBJECTS,
  API_USER_WRITES,
  DELETE_ALLOWED_ON,
  FORBIDDEN_USER_PERMISSIONS,
  PACKAGE_EVENTS,
  isStandardName
} from '../permission-policy.ts';

const STANDARD_OBJECT_RULE = platformRule('packaging.PermissionSet.standardObjectPermissions');
const OWN_METADATA_RULE = platformRule('packaging.PermissionSet.ownMetadataOnly');
const NO_ACTIVITY_OBJECT_PERMISSIONS = platformRule('permission.Event.noObjectPermissions');

interface FieldPermission {
  field: string;
  readable?: boolean;
  editable?: boolean;
}
interface ObjectPermission {
  object: string;
  allowCreate?: boolean;
  allowRead?: boolean;
  allowEdit?: boolean;
  allowDelete?: boolean;
  viewAllRecords?: boolean;
  modifyAllRecords?: boolean;
  viewAllFields?: boolean;
}
interface PermissionSetXml {
  fieldPermissions?: FieldPermission[];
  objectPermissions?: ObjectPermission[];
  userPermissions?: { name: string; enabled?: boolean }[];
}

/** A custom field of the package, as its field-meta.xml defines it. */
interface PackageField {
  required: boolean;
  masterDetail: boolean;
  /** The field's file, for problems about a field no permission set grants. */
  file: string;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: true,
  isArray: (name) => ['fieldPermissions', 'objectPermissions', 'userPermissions'].includes(name)
});

export const permissionSetCheck: Check = async (project) => {
  const fields = packageFields(project);
  const objects = packageObjects(project);
  const activityFields = [...fields.keys()]
    .filter((name) => name.startsWith('Activity.'))
    .map((name) => name.slice('Activity.'.length));
  const files = project.files.filter((file) => file.endsWith('.permissionset-meta.xml'));
  const problems: Problem[] = [];
  /** "Object.Field" of every readable field permission, Activity fields under Activity. */
  const grantedAnywhere = new Set<string>();

  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const report = (needle: string, message: string): void => {
      problems.push({ file: relativeTo(project, file), line: lineOf(text, needle), message });
    };
    let permissionSet: PermissionSetXml;
    try {
      permissionSet =
        (parser.parse(text) as { PermissionSet?: PermissionSetXml }).PermissionSet ?? {};
    } catch (error) {
      problems.push({
        file: relativeTo(project, file),
        message: `cannot be parsed: ${(error as Error).message}`
      });
      continue;
    }
    const name = basename(file, '.permissionset-meta.xml');

    for (const grant of permissionSet.fieldPermissions ?? []) {
      const [object, field] = String(grant.field).split('.');
      if (grant.readable) {
        const owner = (ACTIVITY_OBJECTS as readonly string[]).includes(object)
          ? 'Activity'
          : object;
        grantedAnywhere.add(`${owner}.${field}`);
      }
      const tag = `<field>${grant.field}</field>`;
      if (object === 'Activity') {
        report(
          tag,
          `grants ${grant.field}: Salesforce has no Activity object in permission sets; write Event.${field} and Task.${field} instead.`
        );
        continue;
      }
      if (field && isStandardName(field)) {
        report(
          tag,
          `grants access to ${grant.field}, a standard field: a managed package can only package permissions for its own metadata ("${OWN_METADATA_RULE.rule}", ${OWN_METADATA_RULE.source}). The API user's access to standard fields comes from its profile; remove the grant.`
        );
        continue;
      }
      const definition = fieldDefinition(fields, object, field);
      if (definition === 'unknown') {
        report(
          tag,
          `grants access to ${grant.field}, a field that does not exist in the package. Fix the name or remove the grant.`
        );
      } else if (definition.required) {
        report(
          tag,
          `grants access to ${grant.field}, a required field: Salesforce always gives access to required fields and rejects field permissions on them. Remove the grant.`
        );
      } else if (definition.masterDetail) {
        report(
          tag,
          `grants access to ${grant.field}, a master-detail field: Salesforce rejects field permissions on them. Remove the grant.`
        );
      }
    }

    for (const grant of permissionSet.objectPermissions ?? []) {
      const tag = `<object>${grant.object}</object>`;
      if ((PACKAGE_EVENTS as readonly string[]).includes(grant.object)) {
        if (grant.allowCreate || grant.allowEdit || grant.allowDelete || grant.modifyAllRecords) {
          report(
            tag,
            `grants more than Read on the platform event ${grant.object}; subscribers need only Read. Set allowCreate, allowEdit, allowDelete and modifyAllRecords to false.`
          );
        }
        continue;
      }
      if ((ACTIVITY_OBJECTS as readonly string[]).includes(grant.object)) {
        report(
          tag,
          `grants object permissions on ${grant.object}: Salesforce has no object permissions for events and tasks (${NO_ACTIVITY_OBJECT_PERMISSIONS.source}); their access comes from the profile's Edit Events / Edit Tasks and Access Activities. Remove the entry.`
        );
        continue;
      }
      if (isStandardName(grant.object)) {
        report(
          tag,
          `grants object permissions on ${grant.object}, a standard object: "${STANDARD_OBJECT_RULE.rule.split('. ').slice(0, 2).join('. ')}." (${STANDARD_OBJECT_RULE.source}). The API user's access to ${grant.object} comes from its profile; remove the entry.`
        );
        continue;
      }
      if (!objects.has(grant.object)) {
        report(
          tag,
          `grants object permissions on ${grant.object}, which is not part of the package: a managed package can only package permissions for its own metadata (${OWN_METADATA_RULE.source}). Remove the entry.`
        );
        continue;
      }
      if (grant.allowDelete && !DELETE_ALLOWED_ON.includes(grant.object)) {
        report(
          tag,
          `grants Delete on ${grant.object}; nothing in the connector deletes ${grant.object} records, so the permission set must not allow it.`
        );
      }
      if (grant.viewAllRecords || grant.modifyAllRecords) {
        report(
          tag,
          `grants View All or Modify All on ${grant.object}; the connector needs neither. Set viewAllRecords and modifyAllRecords to false.`
        );
      }
    }

    for (const grant of permissionSet.userPermissions ?? []) {
      if (grant.enabled && (FORBIDDEN_USER_PERMISSIONS as readonly string[]).includes(grant.name)) {
        report(
          `<name>${grant.name}</name>`,
          `grants ${grant.name}; no Booking Connector permission set may carry it. Remove the user permission.`
        );
      }
    }

    if (name === API_USER_PERMISSION_SET) {
      const granted = new Map(
        (permissionSet.fieldPermissions ?? []).map((grant) => [String(grant.field), grant])
      );
      for (const field of activityFields) {
        for (const object of ACTIVITY_OBJECTS) {
          const grant = granted.get(`${object}.${field}`);
          if (!grant || !grant.readable || !grant.editable) {
            problems.push({
              file: relativeTo(project, file),
              message: `misses ${object}.${field}: the API user must be able to read and edit every package Activity field, granted as Event.${field} and Task.${field}.`
            });
          }
        }
      }
      for (const object of API_USER_WRITES) {
        for (const key of fields.keys()) {
          if (!key.startsWith(`${object}.`)) continue;
          const grant = granted.get(key);
          if (!grant || !grant.readable || !grant.editable) {
            problems.push({
              file: relativeTo(project, file),
              message: `misses ${key}: the API user writes ${object} records, so it must be able to read and edit every one of its fields.`
            });
          }
        }
      }
    }
  }

  // Field-level security applies to every custom field of a data object, admins included: a
  // field no permission set grants is invisible to everyone after install. Custom settings and
  // custom metadata types are granted as a whole (customSettingAccesses,
  // customMetadataTypeAccesses), and platform event fields have no field permissions.
  const exempt = objectsWithoutFieldSecurity(project);
  for (const [key, definition] of fields) {
    const [object] = key.split('.');
    if (exempt.has(object) || definition.required || definition.masterDetail) continue;
    if (!grantedAnywhere.has(key)) {
      problems.push({
        file: relativeTo(project, definition.file),
        message: `${key} is granted by no permission set of the package, so after install nobody can see it (field-level security applies to admins too). Grant it in BookingConnectorAdmin (read) and, if the API user writes it, in ${API_USER_PERMISSION_SET} (edit).`
      });
    }
  }
  return {
    name: 'permission sets',
    proves:
      'every field permission names a real, grantable field of the package, every custom field of a data object is granted by some permission set, every Activity and sync log field is granted to the API user, no object permission names a standard object, Event or Task (a managed install drops them), and nothing grants Delete, View All, Modify All or a forbidden user permission',
    problems,
    checked: files.length
  };
};

/** Custom objects of the package (settings, metadata types, platform events too), by API name. */
function packageObjects(project: ProjectContext): Set<string> {
  const names = new Set<string>();
  for (const file of project.files) {
    if (!file.endsWith('.object-meta.xml')) continue;
    const name = basename(file, '.object-meta.xml');
    if (!isStandardName(name)) names.add(name);
  }
  return names;
}

/** Custom fields of the package keyed "Object.Field", read from objects/<Object>/fields/. */
function packageFields(project: ProjectContext): Map<string, PackageField> {
  const fields = new Map<string, PackageField>();
  for (const file of project.files) {
    if (!file.endsWith('.field-meta.xml') || basename(dirname(file)) !== 'fields') continue;
    const object = basename(dirname(dirname(file)));
    const field = basename(file, '.field-meta.xml');
    const text = readFileSync(file, 'utf8');
    fields.set(`${object}.${field}`, {
      required: /<required>\s*true\s*<\/required>/.test(text),
      masterDetail: /<type>\s*MasterDetail\s*<\/type>/.test(text),
      file
    });
  }
  return fields;
}

/**
 * Objects of the package whose fields have no field-level security: custom settings (their file
 * has <customSettingsType>), custom metadata types (__mdt) and platform events (__e).
 */
function objectsWithoutFieldSecurity(project: ProjectContext): Set<string> {
  const names = new Set<string>();
  for (const file of project.files) {
    if (!file.endsWith('.object-meta.xml')) continue;
    const name = basename(file, '.object-meta.xml');
    if (/__(mdt|e)$/.test(name) || /<customSettingsType>/.test(readFileSync(file, 'utf8')))
      names.add(name);
  }
  return names;
}

function fieldDefinition(
  fields: Map<string, PackageField>,
  object: string,
  field: string
): PackageField | 'unknown' {
  if (!object || !field) return 'unknown';
  const own = fields.get(`${object}.${field}`);
  if (own) return own;
  if ((ACTIVITY_OBJECTS as readonly string[]).includes(object)) {
    const activity = fields.get(`Activity.${field}`);
    if (activity) return activity;
  }
  return 'unknown';
}

function lineOf(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}
