import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeState } from './state.js';
import { userJson } from './serialize.js';

const CODE_TTL_MS = 10 * 60_000;

/**
 * Discord's OAuth2 authorization-code flow, as the case desk uses it (scope
 * `identify`): the authorize page (a browser is sent there; the fake
 * approves at once as the user a test chose), the token exchange, and
 * `users/@me` with the user's bearer token. Discord's OpenAPI description
 * has no token endpoint, so these are checked here against Discord's
 * documentation instead: the client id and secret, the redirect URI the
 * code was issued for, single-use codes.
 */
export class FakeOAuth {
  /** The client secret the application has (give it to the desk as DISCORD_CLIENT_SECRET). */
  readonly clientSecret = 'fake-client-secret-0123456789abcdef';
  /** Who is logged in to Discord in the browser, and so approves the next authorization. */
  private user: string | null = null;
  private readonly codes = new Map<string, { userId: string; redirectUri: string; expires: number }>();
  private readonly tokens = new Map<string, string>();
  /** Every authorize request and token exchange, for assertions. */
  readonly log: { kind: 'authorize' | 'token' | 'me'; ok: boolean; detail: string }[] = [];

  constructor(private readonly state: FakeState) {}

  authorizeAs(userId: string | null): void {
    this.user = userId;
  }

  /** Handles the request if it is one of OAuth2's; false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'GET' && url.pathname === '/oauth2/authorize') {
      this.authorize(url, res);
      return true;
    }
    if (method === 'POST' && url.pathname === '/api/v10/oauth2/token') {
      this.token(req, await readText(req), res);
      return true;
    }
    if (method === 'GET' && url.pathname === '/api/v10/users/@me' && String(req.headers.authorization ?? '').startsWith('Bearer ')) {
      this.me(String(req.headers.authorization).slice('Bearer '.length), res);
      return true;
    }
    return false;
  }

  private authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    const problem =
      q.get('client_id') !== this.state.applicationId ? 'unknown client_id'
      : q.get('response_type') !== 'code' ? 'response_type must be code'
      : !(q.get('scope') ?? '').split(' ').includes('identify') ? 'scope must include identify'
      : redirectUri === null ? 'redirect_uri is required'
      : this.user === null ? 'nobody is logged in to Discord in this browser'
      : null;
    this.log.push({ kind: 'authorize', ok: problem === null, detail: problem ?? `as ${this.user}` });
    if (problem !== null || redirectUri === null || this.user === null) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`Invalid OAuth2 request: ${problem}`);
      return;
    }
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { userId: this.user, redirectUri, expires: Date.now() + CODE_TTL_MS });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = q.get('state');
    if (state !== null) target.searchParams.set('state', state);
    res.writeHead(302, { location: target.toString() }).end();
  }

  private token(req: IncomingMessage, raw: string, res: ServerResponse): void {
    const body = new URLSearchParams(raw);
    const basic = String(req.headers.authorization ?? '');
    const [basicId, basicSecret] = basic.startsWith('Basic ') ? Buffer.from(basic.slice(6), 'base64').toString().split(':') : [];
    const clientId = body.get('client_id') ?? basicId;
    const secret = body.get('client_secret') ?? basicSecret;
    const code = body.get('code') ?? '';
    const issued = this.codes.get(code);
    const problem =
      String(req.headers['content-type'] ?? '').split(';')[0] !== 'application/x-www-form-urlencoded' ? 'the body must be application/x-www-form-urlencoded'
      : body.get('grant_type') !== 'authorization_code' ? 'unsupported_grant_type'
      : clientId !== this.state.applicationId || secret !== this.clientSecret ? 'invalid_client'
      : issued === undefined || issued.expires < Date.now() ? 'invalid_grant: unknown or expired code'
      : body.get('redirect_uri') !== issued.redirectUri ? 'invalid_grant: redirect_uri does not match'
      : null;
    this.log.push({ kind: 'token', ok: problem === null, detail: problem ?? 'issued' });
    if (problem !== null || issued === undefined) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: problem?.split(':')[0] ?? 'invalid_request', error_description: problem }));
      return;
    }
    this.codes.delete(code);
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, issued.userId);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 604_800, refresh_token: randomBytes(24).toString('base64url'), scope: 'identify' }));
  }

  private me(token: string, res: ServerResponse): void {
    const userId = this.tokens.get(token);
    this.log.push({ kind: 'me', ok: userId !== undefined, detail: userId ?? 'unknown token' });
    if (userId === undefined) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, message: '401: Unauthorized' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(userJson(this.state.user(userId))));
  }
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
