import type { APIEmbed } from 'discord.js';
import { CASE_CATEGORIES, CASE_OUTCOMES } from '../../src/domain/types.js';
import type { CaseStats, Spread } from '../../src/domain/case-stats.js';
import { duration } from '../../src/messages/text-format.js';
import { answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import type { T } from '../../src/i18n/translate.js';
import { caseStatsOf, type CaseStatsOutcome } from '../../src/services/case-stats.js';
import type { Subcommand } from '../subcommand.js';

const spreadText = (t: T, s: Spread): string => t('stats.spread', { median: duration(t, s.median), p90: duration(t, s.p90), count: s.count });

function windowText(t: T, s: CaseStats): string {
  const sep = t('common.listSeparator');
  const categories = CASE_CATEGORIES.filter((c) => (s.byCategory[c] ?? 0) > 0).map((c) => `${t(`labels.category.${c}`)} ${s.byCategory[c] ?? 0}`);
  const outcomes = CASE_OUTCOMES.filter((o) => (s.byOutcome[o] ?? 0) > 0).map((o) => `${t(`labels.outcome.${o}`)} ${s.byOutcome[o] ?? 0}`);
  return [
    t('stats.openedClosed', { opened: s.opened, closed: s.closed }),
    t('stats.byCategory', { list: categories.length > 0 ? categories.join(sep) : t('common.none') }),
    t('stats.byOutcome', { list: outcomes.length > 0 ? outcomes.join(sep) : t('common.none') }),
    t('stats.toFirstSide', { spread: spreadText(t, s.toFirstSide) }),
    t('stats.toBothSides', { spread: spreadText(t, s.toBothSides) }),
    t('stats.toClose', { spread: spreadText(t, s.toClose) }),
    t('stats.escalations', { count: s.escalations, median: duration(t, s.toAcknowledge.median) }),
    t('stats.checkIns', { sent: s.checkIns.sent, answered: s.checkIns.answered, better: s.checkIns.answers.better, still: s.checkIns.answers.still, realLife: s.checkIns.answers.real_life }),
  ].join('\n');
}

export function statsEmbed(t: T, o: CaseStatsOutcome): APIEmbed {
  return { title: t('stats.title'), fields: o.windows.map((w) => ({ name: t('stats.window', { days: w.days }), value: windowText(t, w.stats) })) };
}

export const caseStatsCommand: Subcommand = {
  name: 'stats',
  key: 'commands.case.stats',
  defer: 'ephemeral',
  build: (b) => b,
  async execute(interaction, { deps, t }) {
    const result = await caseStatsOf(deps, callerOf(interaction));
    if (!result.ok) return answerRefusal(interaction, t, result);
    await answer(interaction, { embeds: [statsEmbed(t, result.value)] });
  },
};
