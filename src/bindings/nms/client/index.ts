/** The NMS client: the HTTP layer and the typed operations built on it. */
export * from './http.ts';
export * from './types.ts';
export * from './objects.ts';
export * from './folders.ts';
export * from './subscriptions.ts';
export * from './callback-listener.ts';
export * from './sync-searches.ts';
