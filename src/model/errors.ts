/** Model errors carry a stable code that each binding maps to its own wire error. */
export type ModelErrorCode =
  'NONEXISTENT' | 'ALREADYEXISTS' | 'CANNOT' | 'TRYCREATE' | 'MODIFIED' | 'EXPUNGEISSUED';

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
