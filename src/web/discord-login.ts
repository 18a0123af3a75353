/**
 * Discord's OAuth2 authorization-code flow with scope `identify`: where the
 * browser is sent, the code exchanged for a token at
 * `$DISCORD_API_URL/v10/oauth2/token`, and who the token belongs to from
 * `$DISCORD_API_URL/v10/users/@me`. The token is used once and forgotten.
 */
export type LoginConfig = {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly oauthUrl: string;
  readonly apiUrl: string;
  readonly redirectUri: string;
};

export function authorizeUrl(c: LoginConfig, state: string): string {
  const url = new URL(c.oauthUrl);
  url.searchParams.set('client_id', c.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'identify');
  url.searchParams.set('redirect_uri', c.redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('prompt', 'none');
  return url.toString();
}

/** The Discord user who approved, or null when the code or the exchange fails. */
export async function userOfCode(c: LoginConfig, code: string): Promise<{ readonly id: string; readonly name: string } | null> {
  const exchanged = await fetch(`${c.apiUrl}/v10/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: c.redirectUri, client_id: c.clientId, client_secret: c.clientSecret }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!exchanged.ok) return null;
  const { access_token: token } = (await exchanged.json()) as { access_token?: string };
  if (typeof token !== 'string') return null;
  const me = await fetch(`${c.apiUrl}/v10/users/@me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  if (!me.ok) return null;
  const user = (await me.json()) as { id?: unknown; username?: unknown; global_name?: unknown };
  if (typeof user.id !== 'string') return null;
  const name = typeof user.global_name === 'string' ? user.global_name : typeof user.username === 'string' ? user.username : user.id;
  return { id: user.id, name };
}
