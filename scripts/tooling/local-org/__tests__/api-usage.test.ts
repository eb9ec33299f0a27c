// The org's daily API usage (api-usage.ts): the Sforce-Limit-Info header on REST answers
// (platform rule api.limits.limitInfoHeader), what is counted (api.limits.requestsCounted), the
// refusal over the allowance (api.limits.dailyRequestsExceeded), the test hook that sets the
// usage, and a @salesforce/core Connection reading the header as jsforce does.
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { dataPath, loginAs, restAs } from '../../test-kit/login.ts';
import { ageApiUsage } from '../api-usage.ts';

jest.setTimeout(30_000);
let org: LocalOrg;

beforeAll(async () => {
  org = await startLocalOrg();
});
afterAll(() => org.close());
afterEach(() => org.setApiUsage({ used: 0, max: 15000 }));

async function raw(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${org.instanceUrl}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${org.adminAccessToken}`, ...(init.headers ?? {}) }
  });
}

describe('Sforce-Limit-Info', () => {
  it('reports the usage, this request counted, on every REST answer', async () => {
    org.setApiUsage({ used: 41, max: 1000 });
    const first = await raw(dataPath('/limits'));
    expect(first.headers.get('sforce-limit-info')).toBe('api-usage=42/1000');
    const second = await raw(dataPath('/sobjects/Lead/describe'));
    expect(second.headers.get('sforce-limit-info')).toBe('api-usage=43/1000');
    // An error answer counts and carries it too.
    const missing = await raw(dataPath('/sobjects/NoSuchObject__c/describe'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('sforce-limit-info')).toBe('api-usage=44/1000');
    expect(org.apiUsage()).toEqual({ used: 44, max: 1000 });
  });

  it('does not count the versions resource, which answers without the header', async () => {
    org.setApiUsage({ used: 5 });
    const versions = await raw('/services/data/');
    expect(versions.status).toBe(200);
    expect(versions.headers.get('sforce-limit-info')).toBeNull();
    expect(org.apiUsage().used).toBe(5);
  });

  it('does not count the OAuth endpoints', async () => {
    org.setApiUsage({ used: 5 });
    await raw('/services/oauth2/userinfo');
    expect(org.apiUsage().used).toBe(5);
  });

  it('counts a Composite request once, whatever its subrequests', async () => {
    org.setApiUsage({ used: 20 });
    const answer = await restAs(org, org.adminAccessToken, 'POST', '/composite', {
      compositeRequest: [1, 2, 3].map((index) => ({
        method: 'GET',
        url: dataPath('/sobjects/Lead/describe'),
        referenceId: `describe${index}`
      }))
    });
    expect(answer.status).toBe(200);
    expect(org.apiUsage().used).toBe(21);
  });

  it('agrees with /limits', async () => {
    org.setApiUsage({ used: 99, max: 500 });
    const answer = await restAs(org, org.adminAccessToken, 'GET', '/limits');
    expect(answer.body).toMatchObject({ DailyApiRequests: { Max: 500, Remaining: 400 } });
  });

  it('is what a @salesforce/core Connection sees in limitInfo', async () => {
    const connection = await loginAs(org);
    org.setApiUsage({ used: 1234, max: 5000 });
    await connection.query('SELECT Id FROM Lead LIMIT 1');
    expect(connection.limitInfo).toEqual({ apiUsage: { used: 1235, limit: 5000 } });
  });
});

describe('over the daily allowance', () => {
  it('refuses every counted call with REQUEST_LIMIT_EXCEEDED, counting none, until the usage is reset', async () => {
    org.setApiUsage({ used: 9, max: 10 });
    const last = await raw(dataPath('/limits'));
    expect(last.status).toBe(200);
    expect(last.headers.get('sforce-limit-info')).toBe('api-usage=10/10');

    const refused = await raw(dataPath('/sobjects/Lead/describe'));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([
      { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }
    ]);
    expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=10/10');
    expect(org.apiUsage()).toEqual({ used: 10, max: 10 });

    // A write is refused before it changes anything.
    const create = await restAs(org, org.adminAccessToken, 'POST', '/sobjects/Lead', {
      LastName: 'Over',
      Company: 'Limit'
    });
    expect(create.status).toBe(403);
    const leads = Object.values(org.store.state.records.lead ?? {});
    expect(leads.some((lead) => lead.LastName === 'Over')).toBe(false);

    // The versions resource is not counted, so it still answers.
    expect((await raw('/services/data')).status).toBe(200);

    org.setApiUsage({ used: 0 });
    expect((await raw(dataPath('/sobjects/Lead/describe'))).status).toBe(200);
  });

  it('refuses a @salesforce/core Connection the same way', async () => {
    const connection = await loginAs(org);
    org.setApiUsage({ used: 3, max: 3 });
    await expect(connection.query('SELECT Id FROM Lead')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED'
    });
  });
});

describe('the test hook', () => {
  it('POST /__local/api-usage sets either value, answers both, and is not counted', async () => {
    org.setApiUsage({ used: 7, max: 70 });
    const post = (body: unknown) =>
      fetch(`${org.instanceUrl}/__local/api-usage`, {
        method: 'POST',
        body: JSON.stringify(body)
      });
    const onlyUsed = await post({ used: 12 });
    expect(onlyUsed.status).toBe(200);
    expect(await onlyUsed.json()).toEqual({ used: 12, max: 70 });
    expect(await (await post({ max: 100 })).json()).toEqual({ used: 12, max: 100 });
    expect(org.apiUsage()).toEqual({ used: 12, max: 100 });
    expect((await post({ used: -1 })).status).toBe(400);
    expect((await post({ max: 1.5 })).status).toBe(400);
    expect(org.apiUsage()).toEqual({ used: 12, max: 100 });
  });

  it('setApiUsage refuses what is not a count', () => {
    expect(() => org.setApiUsage({ used: Number.NaN })).toThrow(/whole number/);
  });
});

describe('the 24-hour window', () => {
  it('starts again at 0 once the window is 24 hours old', async () => {
    org.setApiUsage({ used: 10, max: 10 });
    expect((await raw(dataPath('/limits'))).status).toBe(403);
    org.store.state.org.apiUsageSince = new Date(
      Date.now() - 24 * 60 * 60 * 1000 - 1
    ).toISOString();
    const next = await raw(dataPath('/limits'));
    expect(next.status).toBe(200);
    expect(next.headers.get('sforce-limit-info')).toBe('api-usage=1/10');
  });

  it('keeps counting within the window', () => {
    const state = structuredClone(org.store.state);
    state.org.apiCallCount = 5;
    state.org.apiUsageSince = new Date(Date.now() - 60_000).toISOString();
    ageApiUsage(state);
    expect(state.org.apiCallCount).toBe(5);
  });
});
