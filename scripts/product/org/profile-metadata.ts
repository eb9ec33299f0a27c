// A profile's metadata (Record Type Settings, Page Layout Assignments): no sObject holds these,
// so the Metadata API is asked. listMetadata gives each profile's metadata name by its Id
// (standard profiles are named differently there: "System Administrator" is "Admin");
// readMetadata reads the chosen ones in one call.
import type { Connection } from '@salesforce/core';

export const asArray = <T>(value: T | T[] | undefined | null): T[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

const sameId = (first: string | undefined, second: string): boolean =>
  Boolean(first) && String(first).slice(0, 15) === second.slice(0, 15);

/** readMetadata takes at most 10 names per call. */
const READ_LIMIT = 10;

export interface WantedProfiles {
  ids?: string[];
  fullNames?: string[];
}

/**
 * Reads profile metadata for one run of a command: the profile list once, each profile once.
 * Profiles named in `alsoRead` come along with the first read that happens anyway, so a run
 * that needs the API user's profile first and the admin profile later (setup: record types,
 * then layout assignments) makes two calls instead of four.
 */
export class ProfileMetadataReader {
  private readonly connection: Connection;
  private readonly alsoRead: string[];
  private listed: Promise<{ fullName: string; id?: string }[]> | null = null;
  /** Metadata by full name; null for a listed profile that readMetadata did not return. */
  private readonly cache = new Map<string, Record<string, unknown> | null>();

  constructor(connection: Connection, alsoRead: string[] = []) {
    this.connection = connection;
    this.alsoRead = alsoRead;
  }

  /** The metadata of the profiles with these Ids and these names; unlisted ones are left out. */
  async read<T extends { fullName?: string }>(
    wanted: WantedProfiles
  ): Promise<(T & { fullName: string })[]> {
    this.listed ??= this.connection.metadata
      .list([{ type: 'Profile' }])
      .then((items) => asArray(items));
    const listed = await this.listed;
    const isWanted = (item: { fullName: string; id?: string }): boolean =>
      (wanted.fullNames ?? []).includes(item.fullName) ||
      (wanted.ids ?? []).some((id) => sameId(item.id, id));
    const names = listed.filter(isWanted).map((item) => item.fullName);
    const unread = names.filter((name) => !this.cache.has(name));
    if (unread.length > 0) {
      const extra = listed
        .map((item) => item.fullName)
        .filter((name) => this.alsoRead.includes(name) && !this.cache.has(name));
      const batch = [...new Set([...unread, ...extra])].slice(0, READ_LIMIT);
      const read = asArray(
        (await this.connection.metadata.read('Profile', batch)) as unknown as
          Record<string, unknown> | Record<string, unknown>[]
      );
      for (const name of batch) this.cache.set(name, null);
      for (const profile of read) {
        if (typeof profile?.fullName === 'string') this.cache.set(profile.fullName, profile);
      }
    }
    return names
      .map((name) => this.cache.get(name))
      .filter((profile): profile is Record<string, unknown> => Boolean(profile)) as (T & {
      fullName: string;
    })[];
  }
}
