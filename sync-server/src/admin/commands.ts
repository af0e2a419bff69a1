import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import {
  newPasswordSchema,
  ROLES,
  TEAM_KINDS,
  type Role,
  type TeamKind,
} from '../../../src/protocol/auth.ts';
import { IdSchema } from '../../../src/protocol/sync.ts';
import {
  AccountError,
  createAccount,
  DisplayNameSchema,
  disableUser,
  LoginNameSchema,
  revokeDevice,
} from '../auth/accounts.ts';
import { hashPassword } from '../auth/password.ts';
import type { RelayStore, User } from '../storage/contract.ts';
import { isStoreError } from '../storage/contract.ts';
import { CommandError, UsageError } from './errors.ts';
import { readNewPassword } from './password-input.ts';
import { table, timestamp } from './table.ts';

/** Where a command writes its results (stdout) and notes (stderr). */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

type Options = NonNullable<ParseArgsConfig['options']>;

interface Command {
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
const validLogin = (value: string) => valid(LoginNameSchema, value, `The login ${JSON.stringify(value)}`);

async function userNamed(store: RelayStore, login: string): Promise<User> {
  const user = await store.userByLogin(validLogin(login));
  if (!user) throw new CommandError(`No user with the login ${validLogin(login)}.`);
  return user;
}

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
      const id = validId(positionals[0]!, 'The team id');
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
      const teamIds = ((values.team as string[] | undefined) ?? []).map((id) => validId(id, 'The team id'));
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
    summary: 'Disable a user: no more logins, and every session of theirs ends.',
    positionals: 1,
    options: {},
    readOnly: false,
    async run(store, { positionals }, io) {
      const user = await userNamed(store, positionals[0]!);
      await disableUser(store, user.id);
      io.out(`Disabled ${user.login}; their devices must log in again, which they cannot until enabled.`);
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
    usage: 'device list <login>',
    summary: "List a user's devices, revoked ones included.",
    positionals: 1,
    options: {},
    readOnly: true,
    async run(store, { positionals }, io) {
      const user = await userNamed(store, positionals[0]!);
      const devices = await store.devicesOf(user.id);
      if (devices.length === 0) return io.out(`${user.login} has no devices yet.`);
      io.out(
        table(
          ['id', 'name', 'registered', 'revoked'],
          devices.map((device) => [
            device.id,
            device.name,
            timestamp(device.createdAt),
            device.revokedAt === null ? '-' : timestamp(device.revokedAt),
          ]),
        ),
      );
    },
  },

  'device revoke': {
    usage: 'device revoke <deviceId>',
    summary: 'Revoke a device (lost or replaced): it can no longer refresh its session or sync.',
    positionals: 1,
    options: {},
    readOnly: false,
    async run(store, { positionals }, io) {
      const id = validId(positionals[0]!, 'The device id');
      const device = await store.deviceById(id);
      if (!device) throw new CommandError(`No device with the id ${id}.`);
      await revokeDevice(store, id);
      const owner = await store.userById(device.userId);
      io.out(`Revoked device ${id} (${device.name}) of ${owner?.login ?? device.userId}.`);
    },
  },
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
    'Manages teams, users and devices of the Lotse relay in DATA_DIR (default ./data). Safe to use while',
    'the relay runs.',
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
