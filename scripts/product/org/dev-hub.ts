// The Dev Hub: --target-dev-hub/-v, or the configured `target-dev-hub`, resolved like any org,
// and confirmed to be a Dev Hub before anything is asked of it.
import { ConfigAggregator } from '@salesforce/core';
import { messageError, productMessages } from '../messages.ts';
import { connectToKnownOrg, orgFailure, type TargetOrg } from './target.ts';

const messages = productMessages('org.dev-hub');

export async function requireDevHub(flag: string | undefined): Promise<TargetOrg> {
  const config = await ConfigAggregator.create();
  const configured = config.getPropertyValue('target-dev-hub');
  const name = flag ?? (typeof configured === 'string' && configured ? configured : undefined);
  if (!name) {
    throw messageError(messages, 'no-dev-hub', [], { name: 'NoDevHub' });
  }
  const hub = await connectToKnownOrg(name);
  // core 9's determineIfDevHubOrg answers false (it does not throw) when the org cannot query
  // ScratchOrgInfo; without this check scratchOrgCreate would fail later with its own wording.
  let isDevHub: boolean;
  try {
    isDevHub = await hub.org.determineIfDevHubOrg(true);
  } catch (error) {
    throw orgFailure(error, hub);
  }
  if (!isDevHub) {
    throw messageError(messages, 'not-a-dev-hub', [name], { name: 'NotADevHub' });
  }
  return hub;
}
