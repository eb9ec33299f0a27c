// CustomField as its own metadata type for listMetadata and retrieve. A deploy carries fields
// inside their object's file (objects/Lead.object holds <fields> elements), so the org stores
// them that way; here each field of a stored CustomObject is offered as a component of its
// own ("Lead.Booking_Id__c"), whose file is its object's file holding only that field.
import type { StoredComponent } from '../model.ts';

const NS = 'http://soap.sforce.com/2006/04/metadata';

/** The <fields> elements of an object file with the field name each one declares. */
function fieldElements(objectXml: string): { name: string; xml: string }[] {
  return [...objectXml.matchAll(/<fields>[\s\S]*?<\/fields>/g)].flatMap((match) => {
    const name = /<fullName>\s*([^<\s]+)\s*<\/fullName>/.exec(match[0])?.[1];
    return name ? [{ name, xml: match[0] }] : [];
  });
}

/** One CustomField component per field of each stored CustomObject. */
export function customFieldComponents(stored: StoredComponent[]): StoredComponent[] {
  return stored
    .filter((component) => component.type === 'CustomObject')
    .flatMap((object) =>
      Object.entries(object.files).flatMap(([path, content]) =>
        fieldElements(content).map((element) => ({
          type: 'CustomField',
          fullName: `${object.fullName}.${element.name}`,
          files: {
            [path]: `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="${NS}">\n    ${element.xml}\n</CustomObject>\n`
          },
          lastModifiedDate: object.lastModifiedDate,
          id: object.id
        }))
      )
    );
}

/**
 * Adds a retrieved file to the zip's files. Two fields of one object (or an object and its
 * field) share one object file: the fields it does not hold yet are merged into it.
 */
export function addRetrievedFile(files: Map<string, string>, path: string, content: string): void {
  const existing = files.get(path);
  if (existing === undefined) {
    files.set(path, content);
    return;
  }
  const known = new Set(fieldElements(existing).map((element) => element.name));
  const added = fieldElements(content).filter((element) => !known.has(element.name));
  if (added.length === 0) return;
  files.set(
    path,
    existing.replace(
      /<\/CustomObject>\s*$/,
      `${added.map((element) => `    ${element.xml}\n`).join('')}</CustomObject>\n`
    )
  );
}

/**
 * The stored files of an object after a redeploy. A deploy may carry only some of an object's
 * fields (the others stay in the org), so the fields of the earlier file that the new one does
 * not declare are kept in it: retrieve then returns every field the org has.
 */
export function mergeObjectFiles(
  previous: Record<string, string>,
  next: Record<string, string>
): Record<string, string> {
  const files = new Map(Object.entries(next));
  for (const [path, content] of Object.entries(previous)) addRetrievedFile(files, path, content);
  return Object.fromEntries(files);
}
