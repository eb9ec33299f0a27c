// Quick measurement (not a test): 200 single creates and one 200-record collection create on a
// data-dir org, as the durability change is judged. Run: npx node scripts/tooling/bench/local-org-writes.ts
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg } from '../local-org/server.ts';
import { projectApiVersion } from '../../product/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'durability-bench-'));
const org = await startLocalOrg({ dataDir: dir });
const call = async (method: string, path: string, body: unknown): Promise<number> => {
  const response = await fetch(`${org.instanceUrl}/services/data/v${projectApiVersion()}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${org.adminAccessToken}`,
      'Content-Type': 'application/json'
    },
    body: JSON.stringify(body)
  });
  await response.text();
  return response.status;
};
let started = performance.now();
for (let index = 0; index < 200; index++) {
  await call('POST', '/sobjects/Lead', { LastName: `Bench ${index}`, Company: 'Bench' });
}
const sequential = performance.now() - started;
started = performance.now();
await Promise.all(
  Array.from({ length: 200 }, (_, index) =>
    call('POST', '/sobjects/Lead', { LastName: `Parallel ${index}`, Company: 'Bench' })
  )
);
const parallel = performance.now() - started;
started = performance.now();
await call('POST', '/composite/sobjects', {
  allOrNone: false,
  records: Array.from({ length: 200 }, (_, index) => ({
    attributes: { type: 'Lead' },
    LastName: `Collection ${index}`,
    Company: 'Bench'
  }))
});
const collection = performance.now() - started;
await org.close();
const size = statSync(join(dir, 'org.json')).size;
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    orgJsonBytes: size,
    sequential200Ms: Math.round(sequential),
    parallel200Ms: Math.round(parallel),
    collection200Ms: Math.round(collection)
  })
);
