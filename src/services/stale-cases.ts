import { createHash } from 'node:crypto';
import type { NewOwedAction } from '../actions/types.js';
import { DAY_MS } from '../domain/durations.js';
import { sidesHeard } from '../domain/neutrality.js';
import { translator } from '../i18n/translate.js';
import type { GuildSettings } from '../ports.js';
import type { ServiceDeps } from './deps.js';

/** Who "did" the digest: no person, the daily job. */
const SYSTEM_ACTOR = 'system';
/** At most this many cases are listed in one digest; the rest are counted. */
export const DIGEST_LISTED_MAX = 20;

export type DigestOutcome = { readonly guilds: number; readonly posted: number };

/**
 * The id of a guild's digest of one day: the same in every process, so the
 * digest is recorded once a day however many processes run the daily job
 * (a second insert of the same id is skipped).
 */
export function digestId(guildId: string, day: string): string {
  const hex = createHash('sha256').update(`stale-digest:${guildId}:${day}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The digest of one guild, in its language; null when no open case is idle that long. */
async function digestOf(deps: ServiceDeps, settings: GuildSettings, now: Date): Promise<string | null> {
  const cases = deps.cases.forGuild(settings.guildId);
  const idle = await cases.idleCases(new Date(now.getTime() - settings.staleDays * DAY_MS), 1000);
  if (idle.length === 0) return null;
  const t = translator(settings.language);
  const lines = [t('staleDigest.heading', { count: idle.length, idle: t('staleDigest.days', { count: settings.staleDays }) })];
  for (const { case: c, lastActivity } of idle.slice(0, DIGEST_LISTED_MAX)) {
    const found = await cases.find(c.number);
    const heard = sidesHeard(found?.parties ?? [], await cases.sideStatements(c.id));
    lines.push(
      t('staleDigest.line', {
        number: c.number,
        category: t(`labels.category.${c.category}`),
        idle: t('staleDigest.days', { count: Math.floor((now.getTime() - lastActivity.getTime()) / DAY_MS) }),
        heard: heard.heard,
        of: heard.of,
        user: `<@${c.openedById}>`,
      }),
    );
  }
  if (idle.length > DIGEST_LISTED_MAX) lines.push(t('common.andMore', { count: idle.length - DIGEST_LISTED_MAX }));
  return lines.join('\n');
}

/**
 * The daily digest of stale cases: in every guild with a case-log channel
 * and `stale_days` above 0, one post listing the open cases with no
 * activity for that long (the longest idle first), pinging nobody; nothing
 * when there are none. Recorded as owed work with one id per guild and day,
 * so it is posted once however many processes run this, and retried when
 * Discord did not answer.
 */
export async function postStaleDigests(deps: ServiceDeps): Promise<DigestOutcome> {
  const now = deps.clock.now();
  const day = now.toISOString().slice(0, 10);
  const guilds = await deps.settings.withStaleDigest();
  const ids: string[] = [];
  for (const settings of guilds) {
    if (settings.caseLogChannelId === null) continue;
    const content = await digestOf(deps, settings, now);
    if (content === null) continue;
    const action: NewOwedAction = { id: digestId(settings.guildId, day), kind: 'stale.digest', caseId: null, actorId: SYSTEM_ACTOR, payload: { channelId: settings.caseLogChannelId, content, day } };
    await deps.work.record(settings.guildId, [action]);
    ids.push(action.id);
  }
  const outcomes = ids.length === 0 ? [] : await deps.work.runNow(ids);
  return { guilds: guilds.length, posted: outcomes.filter((o) => o.status === 'done').length };
}
