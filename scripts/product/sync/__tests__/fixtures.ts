// Kept for branches in flight; remove after merge. The test kit is scripts/tooling/test-kit/.
export { API_VERSION } from '../../../tooling/test-kit/login.ts';
export { loginWithToken as connect } from '../../../tooling/test-kit/login.ts';
export { orgWithPackage } from '../../../tooling/test-kit/org.ts';
export { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';
