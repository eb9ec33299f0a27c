// The Dev Hub: --target-dev-hub/-v, or the configured `target-dev-hub`, resolved like any org,
// and confirmed to be a Dev Hub before anything is asked of it.
import { ConfigAggregator } from '@salesforce/core';
import { BkconnError } from '../errors.ts';
import { connectToKnownOrg, orgFailure, type TargetOrg } from './target.ts';

export async function requireDevHub(flag: string | undefined): Promise<TargetOrg> {
  const config = await ConfigAggregator.create();
  const configured = config.getPropertyValue('target-dev-hub');
  const name = flag ?? (typeof configured === 'string' && configured ? configured : undefined);
  if (!name) {
    throw new BkconnError(
      'No Dev Hub: scratch orgs and package versions are created through one.',
      {
        name: 'NoDevHub',
        actions: [
          'Pass --target-dev-hub <alias>, or set one: `npx sf config set target-dev-hub <alias>`.',
          'Log in to it first: `npx sf org login web --alias devhub --set-default-dev-hub`.'
        ]
      }
    );
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
    throw new BkconnError(`${name} is not a Dev Hub.`, {
      name: 'NotADevHub',
      actions: [
        'Enable Dev Hub in that org (Setup > Dev Hub), or pass the alias of your Dev Hub with --target-dev-hub.'
      ]
    });
  }
  return hub;
}
