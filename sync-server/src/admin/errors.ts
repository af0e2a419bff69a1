/** The command line was wrong (unknown command or option, missing argument): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command was understood but refused (unknown login, taken id, weak password): exit code 1. */
export class CommandError extends Error {
  override name = 'CommandError';
}
