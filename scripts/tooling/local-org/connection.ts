// A @salesforce/core Connection to a local org running in this process, made the way any tool
// makes one (AuthInfo with an access token and the instance URL). What core would otherwise ask
// the org and then write to the user's auth file (is it a Dev Hub, its namespace, its newest API
// version) is known here, so it is passed in: core then writes no auth file. That saves three
// requests, and inside Jest about ten seconds per connection, the time an auth-file write waits
// for its lock there.
import { AuthInfo, Connection } from '@salesforce/core';
import type { LocalOrg } from './server.ts';
import { MAX_API_VERSION } from './rest.ts';

export async function connectionFor(
  org: LocalOrg,
  accessToken = org.adminAccessToken,
  apiVersion = MAX_API_VERSION
): Promise<Connection> {
  const authInfo = await AuthInfo.create({
    accessTokenOptions: {
      accessToken,
      instanceUrl: org.instanceUrl,
      loginUrl: org.loginUrl,
      isDevHub: org.devHub !== null,
      namespacePrefix: org.store.state.org.namespacePrefix ?? '',
      // The newest API version the org speaks, as core caches it after asking /services/data.
      instanceApiVersion: MAX_API_VERSION,
      instanceApiVersionLastRetrieved: new Date().toLocaleString()
    }
  });
  const connection = await Connection.create({
    authInfo,
    connectionOptions: { version: apiVersion }
  });
  connection.setApiVersion(apiVersion);
  return connection;
}
