// What the page receives, read from the Apex source: the @AuraEnabled fields and properties of
// BookingSetupState and its inner classes, with their types, parsed with the Apex parser. The
// contract test checks every answer of the setup-page server against it, so the page is never
// tested against a shape the Apex does not send.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { projectRoot } from '../../../product/project.ts';

/** Each class's @AuraEnabled members by name, with their Apex type as written. */
export type ApexShapes = Map<string, Map<string, string>>;

class ThrowingListener extends ApexErrorListener {
  apexSyntaxError(line: number, column: number, message: string): void {
    throw new Error(`BookingSetupState.cls ${line}:${column}: ${message}`);
  }
}

interface ParseNode {
  getText(): string;
}
interface ClassNode extends ParseNode {
  id(): ParseNode;
  classBody(): {
    classBodyDeclaration_list(): {
      modifier_list(): ParseNode[];
      memberDeclaration(): {
        fieldDeclaration(): {
          typeRef(): ParseNode;
          variableDeclarators(): { variableDeclarator_list(): { id(): ParseNode }[] };
        } | null;
        propertyDeclaration(): { typeRef(): ParseNode; id(): ParseNode } | null;
        classDeclaration(): ClassNode | null;
      } | null;
    }[];
  };
}

export function readApexShapes(
  file = join(projectRoot(), 'force-app/main/default/classes/BookingSetupState.cls')
): ApexShapes {
  const { parser } = ApexParserFactory.createLexerAndParser(
    readFileSync(file, 'utf8'),
    new ThrowingListener()
  );
  const outer = parser
    .compilationUnit()
    .typeDeclaration()
    .classDeclaration() as unknown as ClassNode;
  const shapes: ApexShapes = new Map();
  const visit = (node: ClassNode) => {
    const members = new Map<string, string>();
    shapes.set(node.id().getText(), members);
    for (const declaration of node.classBody().classBodyDeclaration_list()) {
      const member = declaration.memberDeclaration();
      if (!member) continue;
      const inner = member.classDeclaration();
      if (inner) {
        visit(inner);
        continue;
      }
      const aura = declaration
        .modifier_list()
        .some((modifier) => modifier.getText().toLowerCase() === '@auraenabled');
      if (!aura) continue;
      const field = member.fieldDeclaration();
      if (field)
        for (const variable of field.variableDeclarators().variableDeclarator_list())
          members.set(variable.id().getText(), field.typeRef().getText());
      const property = member.propertyDeclaration();
      if (property) members.set(property.id().getText(), property.typeRef().getText());
    }
  };
  visit(outer);
  return shapes;
}

const SCALARS: Record<string, (value: unknown) => boolean> = {
  String: (value) => typeof value === 'string',
  Id: (value) => typeof value === 'string' && /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value),
  Boolean: (value) => typeof value === 'boolean',
  Integer: (value) => Number.isInteger(value),
  Decimal: (value) => typeof value === 'number'
};

/**
 * Every way the value differs from the Apex type: a missing or extra field, a wrong scalar
 * type, at the path it occurs ("apiUser.objectPermissions.Lead.read"). Null is allowed
 * anywhere, as Apex sends a member it never set as null.
 */
export function contractProblems(
  shapes: ApexShapes,
  type: string,
  value: unknown,
  path = '$'
): string[] {
  if (value === null || value === undefined) return [];
  const list = /^List<(.+)>$/.exec(type);
  if (list) {
    if (!Array.isArray(value)) return [`${path}: a ${type} is sent as an array`];
    return value.flatMap((item, index) =>
      contractProblems(shapes, list[1], item, `${path}[${index}]`)
    );
  }
  const map = /^Map<String,(.+)>$/.exec(type);
  if (map) {
    if (typeof value !== 'object' || Array.isArray(value))
      return [`${path}: a ${type} is sent as an object`];
    return Object.entries(value).flatMap(([key, item]) =>
      contractProblems(shapes, map[1], item, `${path}.${key}`)
    );
  }
  const scalar = SCALARS[type];
  if (scalar)
    return scalar(value) ? [] : [`${path}: ${JSON.stringify(value)} is not an Apex ${type}`];
  const className = type.startsWith('BookingSetupState.') ? type.slice(18) : type;
  const members = shapes.get(className);
  if (!members) return [`${path}: the Apex type ${type} is not in BookingSetupState.cls`];
  if (typeof value !== 'object' || Array.isArray(value))
    return [`${path}: a ${className} is sent as an object`];
  const problems: string[] = [];
  for (const key of Object.keys(value))
    if (!members.has(key)) problems.push(`${path}.${key}: ${className} has no such field`);
  for (const [name, memberType] of members) {
    if (!(name in value)) problems.push(`${path}.${name}: missing (${className}.${name})`);
    else
      problems.push(
        ...contractProblems(
          shapes,
          memberType,
          (value as Record<string, unknown>)[name],
          `${path}.${name}`
        )
      );
  }
  return problems;
}
