/**
 * What every interaction must get, checked on the REST requests the bot
 * made for it: exactly one initial response (a deferred one edited exactly
 * once), private, pinging nobody, within Discord's limits, never the
 * generic "Something went wrong on our side" text, and no exception
 * escaping the router.
 */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logging/logger.js';
import { INTERACTION_CALLBACK, callbacksOf, followUpsOf, messageBodiesOf, originalEditsOf, type DispatchOutcome, type Json } from '../support/offline-discord.js';

export const GENERIC_ERROR_TEXT = 'Something went wrong on our side';

/** Words that mean a value was printed that should not have been. */
const GARBAGE = /\bundefined\b|\bNaN\b|\[object Object\]|\[native code\]/;

export type LoggedError = { readonly msg: string; readonly err?: { readonly type?: string; readonly message?: string; readonly stack?: string } };

/** A logger that keeps what the router logs at warn and above. */
export function capturingLogger(): { logger: Logger; lines: LoggedError[] } {
  const lines: LoggedError[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as LoggedError);
      done();
    },
  });
  return { logger: createLogger('warn', sink), lines };
}

export type Problem = { readonly kind: string; readonly detail: string };

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? typeof error;
  } catch {
    return typeof error;
  }
}

/** Everything wrong with how the bot answered one interaction; empty when all is well. */
export function problemsOf(o: DispatchOutcome, payload: Json, logged: readonly LoggedError[]): Problem[] {
  const problems: Problem[] = [];
  const add = (kind: string, detail: string): void => void problems.push({ kind, detail });
  if (o.constructionError) add('discord.js rejected the payload', describeError(o.constructionError));
  if (!o.emitted) add('no interactionCreate', 'discord.js dropped the payload');
  if (o.escaped) add('exception escaped the router', describeError(o.escaped));
  for (const r of o.unknownRoutes) add('unexpected REST call', `${r.method} ${r.path}`);
  for (const v of o.violations) add('Discord would refuse the body', `${v.method} ${v.path}: ${v.problem}`);

  const callbacks = callbacksOf(o.requests);
  const edits = originalEditsOf(o.requests);
  const followUps = followUpsOf(o.requests);
  if (callbacks.length !== 1) add('not exactly one initial response', `${callbacks.length} callbacks: ${JSON.stringify(callbacks.map((c) => (c.body as Json | null)?.type))}`);
  const type = (callbacks[0]?.body as Json | undefined)?.type;
  const deferred = type === INTERACTION_CALLBACK.DeferredChannelMessageWithSource || type === INTERACTION_CALLBACK.DeferredMessageUpdate;
  // A deferred update of a message (a button on it) ends with the message edited, or left as it was with one private
  // follow-up saying why (a refusal); any other deferred response is edited exactly once, and nothing follows.
  const refusedUpdate = type === INTERACTION_CALLBACK.DeferredMessageUpdate && edits.length === 0 && followUps.length === 1;
  if (deferred && edits.length !== 1 && !refusedUpdate) add('deferred response not edited exactly once', `${edits.length} edits`);
  if (!deferred && callbacks.length === 1 && edits.length > 0) add('response edited after a final answer', `${edits.length} edits after callback type ${String(type)}`);
  if (followUps.length > 0 && !refusedUpdate) add('follow-up messages', `${followUps.length}`);
  if (refusedUpdate && (Number(((followUps[0]?.body as Json | undefined)?.flags as number | undefined) ?? 0) & 64) === 0) add('reply not ephemeral', 'the follow-up of a refused update');
  if (type === INTERACTION_CALLBACK.ChannelMessageWithSource || type === INTERACTION_CALLBACK.DeferredChannelMessageWithSource) {
    const flags = Number(((callbacks[0]?.body as Json).data as Json | undefined)?.flags ?? 0);
    if ((flags & 64) === 0) add('reply not ephemeral', `callback type ${String(type)} flags ${flags}`);
  }

  const inputs = JSON.stringify(payload);
  for (const { request, body } of messageBodiesOf(o.requests)) {
    const am = body.allowed_mentions as { parse?: unknown; users?: unknown; roles?: unknown } | undefined;
    if (!am) add('no allowed_mentions', `${request.method} ${request.path}`);
    else {
      if (!Array.isArray(am.parse) || am.parse.length > 0) add('allowed_mentions.parse pings', JSON.stringify(am));
      if ((Array.isArray(am.users) && am.users.length > 0) || (Array.isArray(am.roles) && am.roles.length > 0)) add('allowed_mentions pings someone', JSON.stringify(am));
    }
    const text = JSON.stringify({ content: body.content, embeds: body.embeds });
    if (text.includes(GENERIC_ERROR_TEXT)) add('generic error text', String(body.content));
    const garbage = GARBAGE.exec(text);
    if (garbage && !inputs.includes(garbage[0])) add('garbage in the answer', `"${garbage[0]}" in ${text.slice(0, 300)}`);
  }
  for (const line of logged) {
    if (line.msg === 'interaction failed') add('error boundary caught', `${line.err?.type ?? ''}: ${line.err?.message ?? ''}`);
  }
  return problems;
}
