// Whether the package's Activity fields are on the Event layout the package ships (Installation
// step 3). Read back from the org with a Metadata API retrieve, so what is checked is what the
// org has, not what the source says.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Connection } from '@salesforce/core';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { packageSourceDir } from './deploy.ts';

export const PACKAGE_EVENT_LAYOUT = 'Booking Connector Event Layout';

export interface LayoutStatus {
  layoutName: string;
  readable: boolean;
  error?: string;
  presentFields: string[];
  missingFields: string[];
}

/** The package's Activity custom fields, from the source (Booking_Id__c, ...). */
export function packageActivityFields(sourceDir = packageSourceDir()): string[] {
  const folder = join(sourceDir, 'main', 'default', 'objects', 'Activity', 'fields');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.field-meta.xml'))
    .map((file) => basename(file, '.field-meta.xml'))
    .sort();
}

function findFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * The layout's full name as the org lists it: an installed package's layout carries the
 * namespace (Event-bkconn__Booking Connector Event Layout), source deployed into a namespaced
 * scratch org may not. Asking the org costs one call and removes the guess.
 */
async function findLayoutName(connection: Connection, prefix: string): Promise<string> {
  const listed = await connection.metadata.list({ type: 'Layout' }, connection.getApiVersion());
  const names = (Array.isArray(listed) ? listed : [listed])
    .filter(Boolean)
    .map((item) => item.fullName);
  const candidates = [`Event-${prefix}${PACKAGE_EVENT_LAYOUT}`, `Event-${PACKAGE_EVENT_LAYOUT}`];
  return candidates.find((name) => names.includes(name)) ?? candidates[0];
}

export async function readEventLayoutStatus(
  connection: Connection,
  namespace: string | null
): Promise<LayoutStatus> {
  const prefix = namespace ? `${namespace}__` : '';
  const layoutName = await findLayoutName(connection, prefix);
  const expected = packageActivityFields().map((name) => `${prefix}${name}`);
  const output = mkdtempSync(join(tmpdir(), 'bkconn-layout-'));
  try {
    const set = new ComponentSet([{ fullName: layoutName, type: 'Layout' }]);
    set.apiVersion = connection.getApiVersion();
    const retrieve = await set.retrieve({ usernameOrConnection: connection, output, merge: false });
    const result = await retrieve.pollStatus(200, 120);
    const files = findFiles(output, '.layout-meta.xml');
    if (files.length === 0) {
      const messages = result.response.messages;
      const detail = (Array.isArray(messages) ? messages : messages ? [messages] : [])
        .map((message) => message.problem)
        .join('; ');
      return {
        layoutName,
        readable: false,
        error: detail || 'the layout is not in the org',
        presentFields: [],
        missingFields: expected
      };
    }
    const xml = readFileSync(files[0], 'utf8');
    const onLayout = new Set(
      [...xml.matchAll(/<field>([^<]+)<\/field>/g)].map((match) => match[1])
    );
    // A retrieve from the org that owns the namespace may leave the prefix off its own fields.
    const present = (name: string): boolean =>
      onLayout.has(name) || onLayout.has(name.slice(prefix.length));
    return {
      layoutName,
      readable: true,
      presentFields: expected.filter(present),
      missingFields: expected.filter((name) => !present(name))
    };
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
}
