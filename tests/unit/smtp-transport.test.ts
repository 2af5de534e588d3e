import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../app/lib/env.server';
import { smtpTransport } from '../../app/lib/jobs/mail.server';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('SMTP transport', () => {
  it('refuses an SMTP_URL that is not smtp:// or smtps:// at start', () => {
    expect(() => parseEnv({ NODE_ENV: 'test', SMTP_URL: 'https://mail.example' })).toThrow(
      EnvError,
    );
    expect(parseEnv({ NODE_ENV: 'test', SMTP_URL: 'smtps://u:p@mail.example:465' }).SMTP_URL).toBe(
      'smtps://u:p@mail.example:465',
    );
  });

  it('is created without connecting; an unreachable server fails the send', async () => {
    const transport = smtpTransport(`smtp://127.0.0.1:${await closedPort()}`);
    await expect(
      transport.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 's', text: 't' }),
    ).rejects.toMatchObject({ code: 'ESOCKET' });
  });
});
