// A profile's metadata (Record Type Settings, Page Layout Assignments): no sObject holds these,
// so the Metadata API is asked. listMetadata gives each profile's metadata name by its Id
// (standard profiles are named differently there: "System Administrator" is "Admin");
// readMetadata reads the chosen ones in one call.
import type { Connection } from '@salesforce/core';

export const asArray = <T>(value: T | T[] | undefined | null): T[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

const sameId = (first: string | undefined, second: string): boolean =>
  Boolean(first) && String(first).slice(0, 15) === second.slice(0, 15);

/**
 * The metadata of the profiles with these Ids, and of those with these metadata names; profiles
 * the org does not list are left out.
 */
export async function readProfileMetadata<T extends { fullName?: string }>(
  connection: Connection,
  wanted: { ids?: string[]; fullNames?: string[] }
): Promise<(T & { fullName: string })[]> {
  const listed = asArray(await connection.metadata.list([{ type: 'Profile' }]));
  const names = listed
    .filter(
      (item) =>
        (wanted.fullNames ?? []).includes(item.fullName) ||
        (wanted.ids ?? []).some((id) => sameId(item.id, id))
    )
    .map((item) => item.fullName);
  if (names.length === 0) return [];
  const read = asArray((await connection.metadata.read('Profile', names)) as unknown as T | T[]);
  return read.filter((profile): profile is T & { fullName: string } => Boolean(profile?.fullName));
}
