import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src/db/redact-url.js';
import { createLogger } from '../../../src/logging/logger.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('logging of secrets', () => {
  it('replaces tokens, passwords and connection strings passed as fields', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    log.info(
      { token: 'secret-token', db: { password: 'pw1', connectionString: 'postgresql://u:pw2@h/db' }, config: { discord: { token: 'secret-2' } } },
      'hello',
    );
    const out = lines.join('');
    for (const secret of ['secret-token', 'pw1', 'pw2', 'secret-2']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('hides the password of a database URL but keeps where it points', () => {
    expect(redactUrl('postgresql://bot:s3cret@db.example:5432/bothsides')).toBe('postgresql://bot:***@db.example:5432/bothsides');
    expect(redactUrl('postgresql://postgres@127.0.0.1:5432/test')).toBe('postgresql://postgres@127.0.0.1:5432/test');
    expect(redactUrl('not a url')).toBe('[unparseable URL]');
  });
});
