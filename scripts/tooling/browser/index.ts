// The browser harness: Chromium, axe, console capture and screenshots (see each module).
export * from './chromium.ts';
export * from './axe.ts';
export * from './console.ts';
export * from './screenshots.ts';
