export * from './types.ts';
export * from './errors.ts';
export * from './store.ts';
export * from './view.ts';
export * from './rfc822.ts';
