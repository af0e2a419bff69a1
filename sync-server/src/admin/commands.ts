import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import {
  newPasswordSchema,
  ROLES,
  TEAM_KINDS,
  type Role,
  type TeamKind,
} from '../../../src/protocol/auth.ts';
import { COORDINATION_LOG_ID } from '../../../src/domain/coordination-doc.ts';
import { AuditQuerySchema } from '../../../src/protocol/admin.ts';
import { IdSchema, TeamIdSchema } from '../../../src/protocol/sync.ts';
import {
  AccountError,
  createAccount,
  DisplayNameSchema,
  disableUser,
  LoginNameSchema,
  removeFromTeam,
  revokeDevice,
} from '../auth/accounts.ts';
import { hashPassword } from '../auth/password.ts';
import { catchUpFacts } from '../reports/facts-projector.ts';
import type { RelayStore, User } from '../storage/contract.ts';
import { isStoreError } from '../storage/contract.ts';
import { CommandError, UsageError } from './errors.ts';
import { LIFECYCLE_COMMANDS } from './lifecycle-commands.ts';
import { readNewPassword } from './password-input.ts';
import { table, timestamp } from './table.ts';

/** Where a command writes its results (stdout) and notes (stderr). */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /** The relay's data directory, for commands that touch files beside the database (attachments). */
  dataDir?: string;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  /** e.g. `team add <id> --name "<name>" [--kind ...]` */
  usage: string;
  summary: string;
  /** How many positional arguments it takes after its two words. */
  positionals: number;
  options: Options;
  /** Whether it only reads: those refuse to run on a database that does not exist yet. */
  readOnly: boolean;
  run(
    store: RelayStore,
    args: { positionals: string[]; values: Record<string, unknown> },
    io: CommandIo,
  ): Promise<void>;
}

function valid<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${what} ${result.error.issues[0]?.message ?? 'is invalid'}.`);
  return result.data;
}

const validId = (value: string, what: string) => valid(IdSchema, value, `${what} ${JSON.stringify(value)}`);
/** Team ids are the keys of a device's hello, so they follow its rules. */
const validTeamId = (value: string) => valid(TeamIdSchema, value, `The team id ${JSON.stringify(value)}`);
const validLogin = (value: string) => valid(LoginNameSchema, value, `The login ${JSON.stringify(value)}`);

async function userNamed(store: RelayStore, login: string): Promise<User> {
  const user = await store.userByLogin(validLogin(login));
  if (!user) throw new CommandError(`No user with the login ${validLogin(login)}.`);
  return user;
}

async function teamNamed(store: RelayStore, id: string): Promise<string> {
  const teamId = validId(id, 'The team id');
  if (!(await store.listTeams()).some((team) => team.id === teamId)) {
    throw new CommandError(`No team with the id ${teamId}.`);
  }
  return teamId;
}

/** What a running relay does with a change the CLI writes: it learns of it with its next access sweep. */
const REACHES_RELAY =
  'A running relay closes the affected sync connections within ACCESS_SWEEP_MS (10 seconds by default).';

function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')}.`);
}

export const COMMANDS: Record<string, Command> = {
  'team add': {
    usage: 'team add <id> --name "<name>" [--kind support-center|provider-site]',
    summary: 'Create a team (a Support-Center or a provider site).',
    positionals: 1,
    options: { name: { type: 'string' }, kind: { type: 'string', default: 'support-center' } },
    readOnly: false,
    async run(store, { positionals, values }, io) {
      const id = validTeamId(positionals[0]!);
      if (id === COORDINATION_LOG_ID) {
        throw new UsageError(
          `The id ${id} is reserved for coordination's Themen (the coordination log); choose another.`,
        );
      }
      if (values.name === undefined) throw new UsageError('--name is required.');
      const name = valid(DisplayNameSchema, values.name, 'The team name');
      const kind: TeamKind = oneOf(values.kind, TEAM_KINDS, '--kind');
      try {
        await store.createTeam({ id, name, kind });
      } catch (error) {
        if (isStoreError(error, 'conflict'))
          throw new CommandError(`A team with the id ${id} exists already.`);
        throw error;
      }
      io.out(`Created team ${id} (${name}, ${kind}).`);
    },
  },

  'team list': {
    usage: 'team list',
    summary: 'List all teams.',
    positionals: 0,
    options: {},
    readOnly: true,
    async run(store, _args, io) {
      const teams = await store.listTeams();
      if (teams.length === 0) return io.out('No teams yet. Create one with: team add <id> --name "<name>"');
      io.out(
        table(
          ['id', 'name', 'kind'],
          teams.map((team) => [team.id, team.name, team.kind]),
        ),
      );
    },
  },

  'user add': {
    usage:
      'user add <login> --name "<display name>" --team <teamId> [--team ...]\n' +
      '        --role case-manager|coordination|admin [--password-stdin] [--no-must-change]',
    summary:
      'Create a user. Asks for the password twice (or reads one line with --password-stdin); the user must ' +
      'change it at the first login unless --no-must-change is given. Admins need no team.',
    positionals: 1,
    options: {
      name: { type: 'string' },
      team: { type: 'string', multiple: true },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      'no-must-change': { type: 'boolean', default: false },
    },
    readOnly: false,
    async run(store, { positionals, values }, io) {
      const login = validLogin(positionals[0]!);
      if (values.name === undefined) throw new UsageError('--name is required.');
      const displayName = valid(DisplayNameSchema, values.name, 'The display name');
      if (values.role === undefined) throw new UsageError(`--role is required (${ROLES.join(', ')}).`);
      const role: Role = oneOf(values.role, ROLES, '--role');
      const teamIds = ((values.team as string[] | undefined) ?? []).map((id) => validTeamId(id));
      if (teamIds.length === 0 && role !== 'admin') {
        throw new UsageError(`--team is required for the role ${role}.`);
      }
      // Refuse what can be refused before asking for a password.
      if (await store.userByLogin(login)) throw new CommandError(`The login ${login} is taken.`);
      const known = new Set((await store.listTeams()).map((team) => team.id));
      const missing = teamIds.filter((id) => !known.has(id));
      if (missing.length > 0) throw new CommandError(`No team with the id ${missing.join(', ')}.`);

      const password = await readNewPassword(values['password-stdin'] === true);
      const mustChangePassword = values['no-must-change'] !== true;
      try {
        await createAccount(store, { login, displayName, role, teamIds, password, mustChangePassword });
      } catch (error) {
        if (error instanceof AccountError) throw new CommandError(error.message);
        throw error;
      }
      const teams = teamIds.length > 0 ? ` in ${teamIds.join(', ')}` : '';
      io.out(`Created user ${login} (${displayName}, ${role}${teams}).`);
      if (mustChangePassword) io.out('They must choose a new password at their first login.');
    },
  },

  'user list': {
    usage: 'user list',
    summary: 'List all users with their role, teams and whether they are disabled.',
    positionals: 0,
    options: {},
    readOnly: true,
    async run(store, _args, io) {
      const users = await store.listUsers();
      if (users.length === 0) return io.out('No users yet.');
      const rows = [];
      for (const user of users) {
        const teams = (await store.teamsOf(user.id)).map((team) => team.id).join(', ');
        rows.push([user.login, user.displayName, user.role, teams || '-', user.disabled ? 'yes' : 'no']);
      }
      io.out(table(['login', 'name', 'role', 'teams', 'disabled'], rows));
    },
  },

  'user disable': {
    usage: 'user disable <login>',
    summary:
      'Disable a user: no more logins, and every session of theirs ends (refresh tokens revoked, open sync ' +
      'connections closed).',
    positionals: 1,
    options: {},
    readOnly: false,
    async run(store, { positionals }, io) {
      const user = await userNamed(store, positionals[0]!);
      await disableUser(store, user.id);
      io.out(`Disabled ${user.login}; their devices must log in again, which they cannot until enabled.`);
      io.out(REACHES_RELAY);
    },
  },

  'user enable': {
    usage: 'user enable <login>',
    summary: 'Enable a disabled user again.',
    positionals: 1,
    options: {},
    readOnly: false,
    async run(store, { positionals }, io) {
      const user = await userNamed(store, positionals[0]!);
      await store.setUserDisabled(user.id, false);
      io.out(`Enabled ${user.login}.`);
    },
  },

  'user add-team': {
    usage: 'user add-team <login> <teamId>',
    summary: "Add a user to a team. Their devices receive the team's cases from their next sync connection.",
    positionals: 2,
    options: {},
    readOnly: false,
    async run(store, { positionals }, io) {
      const user = await userNamed(store, positionals[0]!);
      const teamId = await teamNamed(store, positionals[1]!);
      await store.addMembership(user.id, teamId);
      io.out(`${user.login} is a member of ${teamId}.`);
    },
  },

  'user remove-team': {
    usage: 'user remove-team <login> <teamId>',
    summary:
      "Remove a user from a team: their devices no longer receive or send the team's cases; their open " +
      'sync connections close and reconnect without it.',
    positionals: 2,
    options: {},
    readOnly: false,
    async run(store, { positionals }, io) {
      const user = await userNamed(store, positionals[0]!);
      const teamId = await teamNamed(store, positionals[1]!);
      if (!(await removeFromTeam(store, user.id, teamId))) {
        throw new CommandError(`${user.login} is not a member of ${teamId}.`);
      }
      io.out(`Removed ${user.login} from ${teamId}.`);
      io.out(REACHES_RELAY);
    },
  },

  'user reset-password': {
    usage: 'user reset-password <login> [--password-stdin] [--no-must-change]',
    summary:
      'Set a new password for a user who forgot theirs; they must change it at the next login unless ' +
      '--no-must-change is given. Their signed-in devices stay signed in.',
    positionals: 1,
    options: {
      'password-stdin': { type: 'boolean', default: false },
      'no-must-change': { type: 'boolean', default: false },
    },
    readOnly: false,
    async run(store, { positionals, values }, io) {
      const user = await userNamed(store, positionals[0]!);
      const password = await readNewPassword(values['password-stdin'] === true);
      const checked = newPasswordSchema.safeParse(password);
      if (!checked.success) {
        throw new CommandError(`The password ${checked.error.issues[0]?.message ?? 'is invalid'}.`);
      }
      const mustChangePassword = values['no-must-change'] !== true;
      await store.setPassword(user.id, await hashPassword(password), mustChangePassword);
      io.out(`Set a new password for ${user.login}.`);
      if (mustChangePassword) io.out('They must choose their own at the next login.');
    },
  },

  'device list': {
    usage: 'device list [--user <login>]',
    summary:
      "List every device, or one user's, revoked ones included, with when each was last seen (login, " +
      'refresh or sync).',
    positionals: 0,
    options: { user: { type: 'string' } },
    readOnly: true,
    async run(store, { values }, io) {
      const only = typeof values.user === 'string' ? await userNamed(store, values.user) : undefined;
      const devices = await store.listDevices(only && { userId: only.id });
      if (devices.length === 0) {
        return io.out(only ? `${only.login} has no devices yet.` : 'No devices yet.');
      }
      const logins = new Map((await store.listUsers()).map((user) => [user.id, user.login]));
      io.out(
        table(
          ['id', 'user', 'name', 'registered', 'last seen', 'revoked'],
          devices.map((device) => [
            device.id,
            logins.get(device.userId) ?? device.userId,
            device.name,
            timestamp(device.createdAt),
            device.lastSeenAt === null ? '-' : timestamp(device.lastSeenAt),
            device.revokedAt === null ? '-' : timestamp(device.revokedAt),
          ]),
        ),
      );
    },
  },

  'device revoke': {
    usage: 'device revoke <deviceId>',
    summary:
      'Revoke a device (lost or replaced): it can no longer refresh its session or sync. A running relay ' +
      'closes its open sync sockets within seconds; the app then wipes its local data.',
    positionals: 1,
    options: {},
    readOnly: false,
    async run(store, { positionals }, io) {
      const id = validId(positionals[0]!, 'The device id');
      const device = await store.deviceById(id);
      if (!device) throw new CommandError(`No device with the id ${id}.`);
      const at = Date.now();
      await revokeDevice(store, id, at);
      if (device.revokedAt === null) {
        await store.appendAudit([
          { at, kind: 'device-revoked', userId: device.userId, deviceId: id, detail: { by: 'cli' } },
        ]);
      }
      const owner = await store.userById(device.userId);
      io.out(`Revoked device ${id} (${device.name}) of ${owner?.login ?? device.userId}.`);
    },
  },

  'audit list': {
    usage: 'audit list [--user <login>] [--since <date>] [--kind <kind>] [--limit <n>]',
    summary:
      'Show the newest audit events (default 50), optionally only those of one user, since a date ' +
      '(2026-03-14 or an ISO time) or of one kind. For all of them, use the CSV export of the admin API.',
    positionals: 0,
    options: {
      user: { type: 'string' },
      since: { type: 'string' },
      kind: { type: 'string' },
      limit: { type: 'string', default: '50' },
    },
    readOnly: true,
    async run(store, { values }, io) {
      const query = valid(
        AuditQuerySchema,
        {
          from: values.since,
          kind: values.kind,
          limit: values.limit,
        },
        'The audit filter',
      );
      const user = typeof values.user === 'string' ? await userNamed(store, values.user) : undefined;
      const { events, more } = await store.listAudit({
        from: query.from,
        kind: query.kind,
        userId: user?.id,
        limit: query.limit ?? 50,
      });
      if (events.length === 0) return io.out('No matching audit events.');
      io.out(
        table(
          ['time', 'kind', 'login', 'device', 'doc', 'code', 'detail'],
          events.map((event) => [
            timestamp(event.at),
            event.kind,
            event.login ?? '-',
            event.deviceId ?? '-',
            event.docId === null ? '-' : `${event.teamId ?? '?'}/${event.docId}`,
            event.code ?? '-',
            Object.entries(event.detail)
              .map(([name, value]) => `${name}=${String(value)}`)
              .join(' ') || '-',
          ]),
        ),
      );
      if (more) io.out(`Older events exist; raise --limit or narrow with --since.`);
    },
  },

  'reports rebuild': {
    usage: 'reports rebuild',
    summary:
      'Compute the pseudonymous facts of every case again from the stored case files (after a restore, or ' +
      'when a new version counts differently). Reports read the facts, so they are complete once it is done. ' +
      'A running relay keeps its facts up to date on its own and is not disturbed.',
    positionals: 0,
    options: {},
    readOnly: false,
    async run(store, _args, io) {
      const dropped = await store.clearFacts();
      const { projected, failed } = await catchUpFacts(store);
      io.out(`Dropped the facts of ${dropped} docs and projected ${projected} docs again.`);
      if (failed.length > 0) {
        throw new CommandError(
          `These docs could not be read, so their facts are missing: ${failed.join(', ')}.`,
        );
      }
    },
  },

  ...LIFECYCLE_COMMANDS,
};

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

export function usage(): string {
  const lines = [
    'Usage: npm run admin -- <command> [options]',
    '',
    'Manages teams, users and devices of the Lotse relay in DATA_DIR (default ./data), shows its audit',
    'log and rebuilds the facts behind the reports. Safe to use while the relay runs.',
    '',
    'Commands:',
  ];
  for (const command of Object.values(COMMANDS)) {
    lines.push(`  ${command.usage}`, ...wrap(command.summary, 94).map((line) => `      ${line}`));
  }
  lines.push('', 'Exit codes: 0 done, 1 refused (the message says why), 2 usage error.');
  return lines.join('\n');
}

export interface ParsedCommand {
  command: Command;
  positionals: string[];
  values: Record<string, unknown>;
}

/** Finds the command in `argv` and parses its arguments; `undefined` for a request for help. */
export function parseCommand(argv: readonly string[]): ParsedCommand | undefined {
  const words = argv.slice(0, 2).join(' ');
  if (argv.length === 0) throw new UsageError('No command given.');
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return undefined;
  const command = COMMANDS[words];
  if (!command) throw new UsageError(`Unknown command: ${words}.`);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(2),
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${command.usage}`);
  }
  if (parsed.values.help === true) return undefined;
  if (parsed.positionals.length !== command.positionals) {
    throw new UsageError(`Usage: ${command.usage}`);
  }
  return { command, positionals: parsed.positionals, values: parsed.values };
}
