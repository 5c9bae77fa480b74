/** A usage or configuration problem of the command line: one readable line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
