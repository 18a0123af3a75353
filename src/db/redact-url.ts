/** A connection URL fit for logs: the password is replaced, the rest kept. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable URL]';
  }
}
