// The environment every sf CLI process of the tooling runs with (tests, benchmarks): no
// telemetry, no version check or auto-update (each would reach the network or leave a process
// behind), and a file keychain, since a CI machine has no desktop keyring.
export const SF_QUIET_ENV: Readonly<Record<string, string>> = Object.freeze({
  SF_DISABLE_TELEMETRY: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  // The oclif update hook reads only this name; without it each sf run leaves an
  // `sf update --autoupdate` process behind.
  SF_DISABLE_AUTOUPDATE: 'true'
});

/** The variables by which sf and its libraries decide that they run under CI. */
const CI_MARKERS = ['CI', 'GITHUB_ACTIONS', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'RUN_ID'];

/**
 * sf behaves differently when it believes it runs under CI (no prompts, plain table output): the
 * markers emptied, for a child whose environment is merged over this process's. Empty is enough
 * for the prompts; the table output reacts to a marker being set at all (seen with sf 2.146), so
 * tests of that output start from withoutCi instead.
 */
export const NOT_CI_ENV: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(CI_MARKERS.map((name) => [name, '']))
);

/** A copy of env without the CI markers. */
export function withoutCi(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of CI_MARKERS) delete copy[name];
  return copy;
}
