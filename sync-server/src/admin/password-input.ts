import { CommandError, UsageError } from './errors.ts';

/** Reads the first line of stdin (for `--password-stdin`), without its line ending. */
export async function readPasswordFromStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  let text = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) {
    text += chunk as string;
    if (text.includes('\n')) break;
  }
  const line = text.split('\n')[0]!.replace(/\r$/, '');
  if (line === '') throw new CommandError('No password on stdin: --password-stdin reads the first line.');
  return line;
}

/**
 * Asks for a line on the terminal without echoing it. Handles backspace, Enter, Ctrl-C (aborts) and Ctrl-D
 * on an empty line (aborts); other control characters are ignored.
 */
export function readHiddenLine(
  prompt: string,
  stdin: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  // Echo off before the prompt appears, so nothing typed right after it is shown.
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  output.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      output.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003' || (char === '\u0004' && value === '')) {
          finish();
          reject(new CommandError('Aborted; nothing was changed.'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * A new password: from stdin with `--password-stdin`, else typed twice on the terminal. Without a
 * terminal and without `--password-stdin` there is no safe way to ask, which is a usage error.
 */
export async function readNewPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readPasswordFromStdin();
  if (!process.stdin.isTTY) {
    throw new UsageError('stdin is not a terminal: pass --password-stdin and write the password to stdin.');
  }
  const first = await readHiddenLine('New password: ');
  const second = await readHiddenLine('Repeat the password: ');
  if (first !== second) throw new CommandError('The two passwords differ; nothing was changed.');
  return first;
}
