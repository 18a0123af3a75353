import { checkText } from '../domain/text-limits.js';
import { ok } from '../domain/result.js';
import type { GuildSettings } from '../ports.js';
import { DEFAULT_LANGUAGE, languageOf, type Language } from '../i18n/languages.js';
import type { ServiceDeps } from './deps.js';
import { refuse, refuseText, type ServiceResult } from './service-result.js';

export const COMMUNITY_NAME_MAX = 100;
export const STANDARDS_URL_MAX = 500;
/** Ten years. */
export const RETENTION_DAYS_MAX = 3650;
/** A week. */
export const REMINDER_HOURS_MAX = 168;
/** Unanswered escalations are pinged again after this many hours unless /setup says otherwise. */
export const DEFAULT_REMINDER_HOURS = 12;
/** A year. */
export const STALE_DAYS_MAX = 365;
/** Open cases idle this many days go in the daily digest unless /setup says otherwise. */
export const DEFAULT_STALE_DAYS = 7;
/** Check-ins: at most this many days after opening (or the last /safechat); 0 turns them off. */
export const FOLLOWUP_DAYS_MAX = 90;
export const DEFAULT_FOLLOWUP_DAYS = 3;

/** A value left out (null), or a whole number from `min` to `max`. */
const absentOrWholeIn = (value: number | null, min: number, max: number): boolean => value === null || (Number.isInteger(value) && value >= min && value <= max);

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/**
 * /setup: saves the guild's settings. `canManageGuild` is the member's
 * Manage Server permission, checked here again on the server side.
 */
export async function configureGuild(
  deps: ServiceDeps,
  input: {
    actorId: string;
    canManageGuild: boolean;
    /**
     * `language` null: keep the one set before; on the first setup, the
     * server's preferred locale when we speak it, else English.
     * `escalationReminderHours`, `staleDays` and `followupDays` null: keep them (12, 7 and 3 on the first setup).
     */
    settings: Omit<GuildSettings, 'language' | 'escalationReminderHours' | 'staleDays' | 'followupDays'> & {
      readonly language: Language | null;
      readonly escalationReminderHours: number | null;
      readonly staleDays: number | null;
      readonly followupDays: number | null;
    };
    /** The server's preferred locale, as Discord reports it. */
    guildLocale?: string | null;
  },
): Promise<ServiceResult<GuildSettings>> {
  if (!input.canManageGuild) return refuse('not-manager');
  const name = checkText(input.settings.communityName, COMMUNITY_NAME_MAX, 'community_name');
  if (!name.ok) return refuseText(name);
  const communityName = name.value;
  const standardsUrl = input.settings.standardsUrl.trim();
  if (standardsUrl.length > STANDARDS_URL_MAX || !isHttpUrl(standardsUrl)) return refuse('invalid-url');
  if (!absentOrWholeIn(input.settings.retentionDays, 1, RETENTION_DAYS_MAX)) return refuse('invalid-retention');
  if (!absentOrWholeIn(input.settings.escalationReminderHours, 0, REMINDER_HOURS_MAX)) return refuse('invalid-reminder-hours');
  if (!absentOrWholeIn(input.settings.staleDays, 0, STALE_DAYS_MAX)) return refuse('invalid-stale-days');
  if (!absentOrWholeIn(input.settings.followupDays, 0, FOLLOWUP_DAYS_MAX)) return refuse('invalid-followup-days');
  const { guildId, language: chosenLanguage, escalationReminderHours: chosenHours, staleDays: chosenDays, followupDays: chosenFollowup, ...values } = input.settings;
  const store = deps.settings.forGuild(guildId);
  const before = await store.get();
  const language = chosenLanguage ?? before?.language ?? languageOf(input.guildLocale) ?? DEFAULT_LANGUAGE;
  const escalationReminderHours = chosenHours ?? before?.escalationReminderHours ?? DEFAULT_REMINDER_HOURS;
  const staleDays = chosenDays ?? before?.staleDays ?? DEFAULT_STALE_DAYS;
  const followupDays = chosenFollowup ?? before?.followupDays ?? DEFAULT_FOLLOWUP_DAYS;
  const saved = await store.save({ ...values, communityName, standardsUrl, language, escalationReminderHours, staleDays, followupDays }, input.actorId);
  return ok(saved);
}

export async function showSettings(
  deps: ServiceDeps,
  input: { guildId: string; canManageGuild: boolean },
): Promise<ServiceResult<GuildSettings>> {
  if (!input.canManageGuild) return refuse('not-manager');
  const settings = await deps.settings.forGuild(input.guildId).get();
  return settings ? ok(settings) : refuse('not-configured');
}
