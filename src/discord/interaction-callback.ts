import { DefaultRestOptions, type RESTOptions } from 'discord.js';

type MakeRequest = RESTOptions['makeRequest'];
type RequestInit = Parameters<MakeRequest>[1];
type ResponseLike = Awaited<ReturnType<MakeRequest>>;

const CALLBACK = /\/interactions\/(\d+)\/([^/?]+)\/callback(?:\?|$)/;
/** Discord: "Interaction has already been acknowledged". */
const ALREADY_ACKNOWLEDGED = 40060;

/** What discord.js takes as "done" for a callback (it only reads the status). */
const acknowledged = (): ResponseLike => new Response(null, { status: 204 });

/**
 * Keeps discord.js from retrying an interaction callback blindly. Its REST
 * timeout aborts a slow request and sends it again; for a callback, Discord
 * may have taken the first one, answers the second with 40060, and the
 * moderator's real reply is then lost. Here a callback is never cut by that
 * timeout; one that fails in the network is checked against Discord (is
 * there an original response?) and counted done if so; and a 40060 means
 * the first try went through. The final reply always comes by editing the
 * original response (see interaction-helpers.ts), so nothing else changes.
 */
export function callbackSafeRequest(options: {
  readonly apiUrl: string;
  /** The application's id, known once logged in (callbacks only come after). */
  readonly applicationId: () => string | undefined;
  /** How long a callback may take at most (Discord gives 3 s to acknowledge; this is a last resort). */
  readonly callbackTimeoutMs?: number;
  readonly base?: MakeRequest;
}): MakeRequest {
  const base = options.base ?? DefaultRestOptions.makeRequest;
  const timeoutMs = options.callbackTimeoutMs ?? 30_000;
  return async (url: string, init: RequestInit) => {
    const match = CALLBACK.exec(url);
    if (!match) return base(url, init);
    const token = match[2]!;
    try {
      const response = await base(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      if (response.status !== 400) return response;
      const body = await response.text();
      if (errorCode(body) === ALREADY_ACKNOWLEDGED) return acknowledged();
      return new Response(body, { status: response.status, headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' } });
    } catch (error) {
      if (await hasOriginal(options.apiUrl, options.applicationId(), token, base)) return acknowledged();
      throw error;
    }
  };
}

function errorCode(body: string): number | null {
  try {
    const parsed = JSON.parse(body) as { code?: unknown };
    return typeof parsed.code === 'number' ? parsed.code : null;
  } catch {
    return null;
  }
}

/** Whether Discord holds a response to this interaction (its callback was taken). */
async function hasOriginal(apiUrl: string, applicationId: string | undefined, token: string, base: MakeRequest): Promise<boolean> {
  if (applicationId === undefined) return false;
  try {
    const response = await base(`${apiUrl}/v10/webhooks/${applicationId}/${token}/messages/@original`, {
      method: 'GET',
      signal: AbortSignal.timeout(5_000),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}
