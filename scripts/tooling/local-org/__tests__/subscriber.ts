// Kept for branches in flight (product/cli/__tests__/config-subscriber.test.ts imports it
// here); remove after merge. The test kit is scripts/tooling/test-kit/.
export { installPackageSource } from '../../test-kit/org.ts';
