// messageError reads a module's error from its messages/*.md bundle the way
// Messages.createError lays them out (`error.<key>`, `error.<key>.actions`), with the
// product's own name: what a user sees must be what the module typed before it moved.
import { BkconnError } from '../errors.ts';
import { messageError, productMessages } from '../messages.ts';
import { TEST_LEVELS } from '../org/deploy.ts';

const deploy = productMessages('org.deploy');
const target = productMessages('org.target');

it('fills the message and the actions with their own tokens, and keeps the name given', () => {
  const error = messageError(deploy, 'unknown-test-level', ['Everything'], {
    name: 'InvalidFlag',
    actionTokens: [TEST_LEVELS.join(', ')]
  });
  expect(error).toBeInstanceOf(BkconnError);
  expect(error.name).toBe('InvalidFlag');
  expect(error.exitCode).toBe(1);
  expect(error.message).toBe('Unknown --test-level "Everything".');
  expect(error.actions).toEqual([`Use one of ${TEST_LEVELS.join(', ')}.`]);
});

it('uses the action tokens in order across the list', () => {
  const error = messageError(target, 'unknown-target-org', ['hub'], {
    name: 'UnknownTargetOrg',
    actionTokens: ['hub']
  });
  expect(error.actions).toEqual([
    'Run `npx sf org list` to see the orgs and aliases you can use.',
    'Log in with `npx sf org login web --alias hub` (add --instance-url https://test.salesforce.com for a sandbox).'
  ]);
});

it('keeps the cause and the data for --json readers', () => {
  const cause = new Error('connect ECONNREFUSED');
  const error = messageError(target, 'org-unreachable', ['dev', cause.message], {
    name: 'OrgUnreachable',
    cause,
    data: { tried: 1 }
  });
  expect(error.message).toBe('Could not reach the org dev: connect ECONNREFUSED');
  expect(error.cause).toBe(cause);
  expect(error.data).toEqual({ tried: 1 });
});

it('fails loudly on a key the bundle does not hold, rather than printing nothing', () => {
  expect(() => messageError(deploy, 'no-such-error')).toThrow(/Missing message/);
});
