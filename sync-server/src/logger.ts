import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

/**
 * Paths that may carry secrets. They are replaced before a line is written, so that a debug log level
 * or a logged request never puts a token or password into a log file.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["sec-websocket-protocol"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
];

/**
 * JSON lines on stdout, one object per event, as log collectors expect. Written synchronously: the
 * asynchronous default could reorder lines around a shutdown, and the relay logs little enough that
 * blocking writes cost nothing measurable.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: 'lotse-relay',
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
