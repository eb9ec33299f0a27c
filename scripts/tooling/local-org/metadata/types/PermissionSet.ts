// PermissionSet: a permission set becomes its PermissionSet row (user permissions as flags) and
// the ObjectPermissions, FieldPermissions and SetupEntityAccess rows of its grants; a redeploy
// replaces the grants. Every grant must name what exists (the org's objects and fields, custom
// permissions, custom settings and metadata types, Apex classes).
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionset.htm
import type { FieldDef, OrgState } from '../../model.ts';
import {
  activityObjectPermissionMessage,
  hasNoObjectPermissions
} from '../../activity-permissions.ts';
import type { DeployComponent } from '../components.ts';
import {
  bool,
  ComponentError,
  insertRow,
  mainXmlPath,
  message,
  parseXml,
  qualify,
  qualifyPath,
  table,
  text,
  type ApplyContext,
  type ComponentMessage
} from './shared.ts';

function fieldExists(state: OrgState, objectName: string, fieldName: string): FieldDef | null {
  const definition = state.schema[objectName.toLowerCase()];
  return definition?.fields[fieldName.toLowerCase()] ?? null;
}

/**
 * Events and tasks have no object permissions (permission.Event.noObjectPermissions): a
 * permission set or profile naming one in objectPermissions is refused.
 */
export function refuseActivityObjectPermissions(
  xml: Record<string, unknown>,
  source: string
): void {
  for (const grant of (xml.objectPermissions as Record<string, unknown>[] | undefined) ?? []) {
    const objectName = String(grant.object);
    if (!hasNoObjectPermissions(objectName)) continue;
    const needle = `<object>${objectName}</object>`;
    const index = source.indexOf(needle);
    throw new ComponentError(
      activityObjectPermissionMessage(objectName),
      index < 0 ? undefined : source.slice(0, index).split('\n').length
    );
  }
}

export function applyPermissionSet(
  component: DeployComponent,
  ctx: ApplyContext
): ComponentMessage[] {
  const path = mainXmlPath(component);
  const source = component.files[path];
  const xml = parseXml(component, path);
  const lineOf = (needle: string): number | undefined => {
    const index = source.indexOf(needle);
    return index < 0 ? undefined : source.slice(0, index).split('\n').length;
  };
  const fieldGrants = (xml.fieldPermissions as Record<string, unknown>[] | undefined) ?? [];
  for (const grant of fieldGrants) {
    const reference = String(grant.field);
    const [objectName, fieldName] = qualifyPath(reference, ctx.ns).split('.');
    const definition = fieldExists(ctx.state, objectName, fieldName ?? '');
    if (!definition) {
      throw new ComponentError(
        `In field: field - no CustomField named ${reference} found`,
        lineOf(`<field>${reference}</field>`)
      );
    }
    if (!definition.nillable && definition.type !== 'boolean') {
      throw new ComponentError(
        `You cannot deploy to a required field: ${reference}`,
        lineOf(`<field>${reference}</field>`)
      );
    }
  }
  refuseActivityObjectPermissions(xml, source);
  const objectGrants = (xml.objectPermissions as Record<string, unknown>[] | undefined) ?? [];
  for (const grant of objectGrants) {
    const objectName = qualify(String(grant.object), ctx.ns);
    if (!ctx.state.schema[objectName.toLowerCase()]) {
      throw new ComponentError(
        `In field: object - no CustomObject named ${String(grant.object)} found`,
        lineOf(`<object>${String(grant.object)}</object>`)
      );
    }
  }
  const customPermissions = (
    (xml.customPermissions as Record<string, unknown>[] | undefined) ?? []
  ).filter((grant) => bool(grant.enabled));
  const customPermissionIds = customPermissions.map((grant) => {
    const record = Object.values(table(ctx.state, 'CustomPermission')).find(
      (row) => row.DeveloperName === String(grant.name)
    );
    if (!record)
      throw new ComponentError(
        `In field: customPermission - no CustomPermission named ${String(grant.name)} found`,
        lineOf(`<name>${String(grant.name)}</name>`)
      );
    return record.Id;
  });
  const typeAccesses = [
    ...((xml.customSettingAccesses as Record<string, unknown>[] | undefined) ?? []),
    ...((xml.customMetadataTypeAccesses as Record<string, unknown>[] | undefined) ?? [])
  ].filter((grant) => bool(grant.enabled));
  const typeIds = typeAccesses.map((grant) => {
    const definition = ctx.state.schema[qualify(String(grant.name), ctx.ns).toLowerCase()];
    if (!definition?.definitionId)
      throw new ComponentError(
        `In field: name - no CustomObject named ${String(grant.name)} found`,
        lineOf(`<name>${String(grant.name)}</name>`)
      );
    return definition.definitionId;
  });
  const classIds = ((xml.classAccesses as Record<string, unknown>[] | undefined) ?? [])
    .filter((grant) => bool(grant.enabled))
    .map((grant) => {
      const stored = ctx.state.components[`ApexClass:${String(grant.apexClass)}`];
      if (!stored)
        throw new ComponentError(
          `In field: apexClass - no ApexClass named ${String(grant.apexClass)} found`,
          lineOf(`<apexClass>${String(grant.apexClass)}</apexClass>`)
        );
      return stored.id;
    });
  const userPermissions = ((xml.userPermissions as Record<string, unknown>[] | undefined) ?? [])
    .filter((grant) => bool(grant.enabled))
    .map((grant) => String(grant.name));

  const sets = table(ctx.state, 'PermissionSet');
  const existing = Object.values(sets).find(
    (row) =>
      row.Name === component.fullName &&
      !row.IsOwnedByProfile &&
      (row.NamespacePrefix ?? null) === ctx.ns
  );
  const flags: Record<string, boolean> = {};
  for (const fieldDef of Object.values(ctx.state.schema.permissionset.fields)) {
    if (fieldDef.name.startsWith('Permissions'))
      flags[fieldDef.name] = userPermissions.includes(fieldDef.name.slice('Permissions'.length));
  }
  const values = {
    Name: component.fullName,
    Label: text(xml.label) ?? component.fullName,
    Description: text(xml.description),
    NamespacePrefix: ctx.ns,
    IsOwnedByProfile: false,
    ProfileId: null,
    LicenseId: null,
    Type: 'Regular',
    ...flags
  };
  let setId: string;
  if (existing) {
    Object.assign(existing, values, { LastModifiedDate: ctx.now, LastModifiedById: ctx.userId });
    setId = existing.Id;
    // A redeployed permission set replaces its grants.
    for (const child of ['ObjectPermissions', 'FieldPermissions', 'SetupEntityAccess']) {
      const rows = table(ctx.state, child);
      for (const row of Object.values(rows)) if (row.ParentId === setId) delete rows[row.Id];
    }
  } else {
    setId = insertRow(ctx, 'PermissionSet', values);
  }
  for (const grant of objectGrants) {
    insertRow(ctx, 'ObjectPermissions', {
      ParentId: setId,
      SobjectType: qualify(String(grant.object), ctx.ns),
      PermissionsRead: bool(grant.allowRead),
      PermissionsCreate: bool(grant.allowCreate),
      PermissionsEdit: bool(grant.allowEdit),
      PermissionsDelete: bool(grant.allowDelete),
      PermissionsViewAllRecords: bool(grant.viewAllRecords),
      PermissionsModifyAllRecords: bool(grant.modifyAllRecords),
      PermissionsViewAllFields: bool(grant.viewAllFields)
    });
  }
  for (const grant of fieldGrants) {
    const qualified = qualifyPath(String(grant.field), ctx.ns);
    insertRow(ctx, 'FieldPermissions', {
      ParentId: setId,
      SobjectType: qualified.split('.')[0],
      Field: qualified,
      PermissionsRead: bool(grant.readable),
      PermissionsEdit: bool(grant.editable)
    });
  }
  for (const entityId of customPermissionIds)
    insertRow(ctx, 'SetupEntityAccess', {
      ParentId: setId,
      SetupEntityId: entityId,
      SetupEntityType: 'CustomPermission'
    });
  for (const entityId of typeIds)
    insertRow(ctx, 'SetupEntityAccess', {
      ParentId: setId,
      SetupEntityId: entityId,
      SetupEntityType: 'CustomEntityDefinition'
    });
  for (const entityId of classIds)
    insertRow(ctx, 'SetupEntityAccess', {
      ParentId: setId,
      SetupEntityId: entityId,
      SetupEntityType: 'ApexClass'
    });
  return [
    message(
      ctx,
      component,
      'PermissionSet',
      component.fullName,
      !existing,
      Boolean(existing),
      setId
    )
  ];
}
