/** Names and URLs of the scratch databases of this test run. */
export const adminUrl = (): string =>
  process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** One prefix per run (set once by the main process, inherited by workers). */
export function runPrefix(): string {
  process.env.BOTHSIDES_TEST_PREFIX ??= `bothsides_t${process.pid}_${Date.now().toString(36)}`;
  return process.env.BOTHSIDES_TEST_PREFIX;
}
