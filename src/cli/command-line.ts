/**
 * Reads walletgate's command line: which command, its arguments and its options, refusing what a
 * command does not take (an unknown option, a missing value, an extra argument) with a UsageError.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './cli-error.js';

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  'notify-url': { type: 'string' },
  'site-id': { type: 'string' },
  dialect: { type: 'string' },
  kind: { type: 'string' },
  'key-id': { type: 'string' },
  secret: { type: 'string' },
  label: { type: 'string' },
  status: { type: 'string' },
  merchant: { type: 'string' },
  limit: { type: 'string' },
  payment: { type: 'string' },
  note: { type: 'string' },
  all: { type: 'boolean' },
  role: { type: 'string' },
  operator: { type: 'boolean' },
} as const;
type OptionName = keyof typeof OPTIONS;

interface CommandSpec {
  /** the options it takes (besides --help) */
  options: OptionName[];
  /** its arguments, as shown in a usage line: their count is the most it takes */
  args: string[];
}

const SANDBOX_ACTION: CommandSpec = { options: ['json'], args: ['<RedirectURL>'] };

/** Every command, by its words; the first sub-command listed for a group is its default. */
const COMMANDS: Record<string, CommandSpec> = {
  start: { options: ['port', 'host'], args: [] },
  migrate: { options: [], args: [] },
  sweep: { options: [], args: [] },
  'merchant list': { options: ['json'], args: [] },
  'merchant show': { options: ['json'], args: ['<merchant|site-id>'] },
  'merchant create': { options: ['name', 'notify-url', 'site-id'], args: ['<id>'] },
  'merchant add-key': { options: ['dialect', 'kind', 'key-id', 'secret', 'label'], args: ['<merchant>'] },
  'merchant remove-key': { options: [], args: ['<merchant>', '<key #id>'] },
  'merchant set-notify-url': { options: [], args: ['<merchant>', '<url|none>'] },
  'notifications list': { options: ['status', 'merchant', 'limit', 'json'], args: [] },
  'notifications show': { options: ['json'], args: ['<id>'] },
  'notifications resend': { options: [], args: ['<id>'] },
  'payments list': { options: ['merchant', 'status', 'limit', 'json'], args: [] },
  'payments show': { options: ['json'], args: ['<id>'] },
  'bank unmatched': { options: ['all', 'limit', 'json'], args: [] },
  'bank import': { options: ['json'], args: ['<FILE>'] },
  'bank apply': { options: ['payment', 'json'], args: ['<transfer #id>'] },
  'bank return': { options: ['note', 'json'], args: ['<transfer #id>'] },
  'user list': { options: ['merchant', 'json'], args: [] },
  'user add': { options: ['merchant', 'role', 'operator'], args: ['<email>'] },
  'user remove': { options: [], args: ['<email>'] },
  'user reset': { options: [], args: ['<email>'] },
  'sandbox approve': SANDBOX_ACTION,
  'sandbox cancel': SANDBOX_ACTION,
  'sandbox fail': SANDBOX_ACTION,
  'sandbox abandon': SANDBOX_ACTION,
  'sandbox serve': { options: ['port', 'host'], args: [] },
};

const GROUPS = new Set(Object.keys(COMMANDS).flatMap((c) => (c.includes(' ') ? [c.split(' ')[0]!] : [])));
/** What `walletgate <group>` alone runs. */
const DEFAULTS: Record<string, string> = { merchant: 'list', notifications: 'list', payments: 'list', bank: 'unmatched', user: 'list' };
const ALIASES: Record<string, string> = { merchants: 'merchant', notification: 'notifications', payment: 'payments', users: 'user' };

export type Flags = Record<string, string | boolean | undefined>;

export interface CommandLine {
  /** e.g. "merchant show"; "help" for --help or no command */
  command: string;
  /** the command's arguments (after its words) */
  args: string[];
  flags: Flags;
}

const HELP_HINT = 'walletgate --help lists every command and its options.';

export function parseCommandLine(argv: string[]): CommandLine {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: OPTIONS });
  const flags = values as Flags;
  const [first, ...rest] = positionals;
  if (flags.help || first === 'help' || first === undefined) return { command: 'help', args: [], flags };
  const group = ALIASES[first] ?? first;
  let command = group;
  let args = rest;
  if (GROUPS.has(group)) {
    const sub = rest[0] ?? DEFAULTS[group];
    if (sub === undefined) {
      const subs = Object.keys(COMMANDS).filter((c) => c.startsWith(`${group} `));
      throw new UsageError(`walletgate ${group} needs a command: ${subs.map((c) => c.split(' ')[1]).join(', ')}.`, HELP_HINT);
    }
    command = `${group} ${sub}`;
    args = rest.slice(1);
    if (!COMMANDS[command]) throw new UsageError(`Unknown command "walletgate ${group} ${sub}".`, HELP_HINT);
  } else if (!COMMANDS[command]) {
    throw new UsageError(`Unknown command "${first}".`, HELP_HINT);
  }
  const spec = COMMANDS[command]!;
  checkOptions(command, spec, flags);
  if (args.length > spec.args.length) {
    const usage = [`walletgate ${command}`, ...spec.args].join(' ');
    throw new UsageError(`Unexpected argument "${args[spec.args.length]}" for walletgate ${command}.`, `Usage: ${usage}`);
  }
  return { command, args, flags };
}

function checkOptions(command: string, spec: CommandSpec, flags: Flags): void {
  const takes = spec.options.length > 0 ? `It takes ${spec.options.map((o) => `--${o}`).join(', ')}.` : 'It takes no options.';
  for (const [name, value] of Object.entries(flags)) {
    if (name === 'help') continue;
    const dashes = name.length === 1 ? '-' : '--';
    if (!(name in OPTIONS)) throw new UsageError(`Unknown option ${dashes}${name} for walletgate ${command}.`, takes);
    const option = OPTIONS[name as OptionName];
    if (!spec.options.includes(name as OptionName)) throw new UsageError(`walletgate ${command} does not take --${name}.`, takes);
    if (option.type === 'string' && (typeof value !== 'string' || value.startsWith('--')))
      throw new UsageError(`--${name} needs a value.`, `Write it as --${name} VALUE or --${name}=VALUE.`);
    if (option.type === 'boolean' && typeof value !== 'boolean') throw new UsageError(`--${name} takes no value.`, `Write just --${name}.`);
  }
}
