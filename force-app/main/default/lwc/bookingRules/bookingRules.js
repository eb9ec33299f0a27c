/*
 * The Booking Connector's rules, written once, so the setup page, the CLI and the engine agree.
 * Plain JavaScript with no platform imports: the setup page imports it as `c/bookingRules`,
 * the TypeScript tooling and the sync engine import this same file. Every function takes
 * plain facts (describe results, profile permissions, settings, mappings) and returns plain
 * decisions, so the whole of it is tested with Jest on any machine.
 */
export * from './apiUserRules';
export * from './fieldRules';
export * from './creationRules';
export * from './metadataNames';
export * from './metadataAccess';
export * from './syncRules';
export * from './syncHealth';
