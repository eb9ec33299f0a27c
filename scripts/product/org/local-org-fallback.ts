// The one place the product reaches into the development tooling: with no --target-org and no
// default org, setup runs against the local org, started in this process. It is loaded only
// then, so every other command (and an install without dev dependencies) never loads the
// local org or the packages it needs.
import type { Connection } from '@salesforce/core';
import { productMessages } from '../messages.ts';

const messages = productMessages('org.local-org-fallback');

export interface FallbackOrg {
  connection: Connection;
  instanceUrl: string;
  /** The seeded user that meets the standard-mode requirements. */
  apiUsername: string;
  close(): Promise<void>;
}

export class LocalOrgUnavailableError extends Error {}

export async function startLocalOrgFallback(): Promise<FallbackOrg> {
  let embedded: typeof import('../../tooling/local-org/embedded.ts');
  try {
    embedded = await import('../../tooling/local-org/embedded.ts');
  } catch (error) {
    throw new LocalOrgUnavailableError(
      messages.getMessage('error.unavailable', [(error as Error).message])
    );
  }
  const org = await embedded.startEmbeddedOrg();
  return {
    connection: org.connection,
    instanceUrl: org.local.instanceUrl,
    apiUsername: org.apiUsername,
    close: () => org.local.close()
  };
}
