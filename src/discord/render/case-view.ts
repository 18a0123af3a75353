import { checkInDelivery } from '../../messages/check-in-texts.js';
import { channelMention, time, userMention, type APIEmbed } from 'discord.js';
import { FIELD_MAX, fitEmbeds, type BudgetEmbed } from './embed-budget.js';
import type { RelatedCase } from '../../domain/patterns.js';
import { AUDIT_EVENT_TYPES, type AuditEventType } from '../../domain/audit-events.js';
import { clip, topicList } from '../../messages/text-format.js';
import { patternHint, relatedLines } from '../../messages/related-texts.js';
import type { SidesHeard } from '../../domain/neutrality.js';
import type { T } from '../../i18n/translate.js';
import type { CaseDetail, EventRecord } from '../../ports.js';

const isAuditEvent = (type: string): type is AuditEventType => (AUDIT_EVENT_TYPES as readonly string[]).includes(type);

/** An audit-log entry in words, naming the party it concerns (a statement, a party added) when it has one. */
function eventText(t: T, d: CaseDetail, e: EventRecord): string {
  const name = isAuditEvent(e.type) ? t(`events.${e.type}`) : e.type.replace(/_/g, ' ');
  const partyId = typeof e.data.partyId === 'string' ? e.data.partyId : null;
  const party = partyId === null ? d.parties.find((p) => p.userId === e.data.userId) : d.parties.find((p) => p.id === partyId);
  return party ? t('caseView.eventForParty', { event: name, role: t(`labels.roleInSentence.${party.role}`), party: userMention(party.userId) }) : name;
}

/**
 * /case view, staff only: embeds that together fit one message (6,000
 * characters), the lists sharing what is left. `t` is the reader's
 * language; `serverLanguage` names the one parties read.
 */
export function caseViewEmbeds(t: T, d: CaseDetail, sides: SidesHeard, related: readonly RelatedCase[] = [], evidence = 0, serverLanguage = ''): APIEmbed[] {
  const flags = [
    d.realLife ? t('labels.flags.realLife') : null,
    d.offPlatform ? t('labels.flags.offPlatform') : null,
    d.exposureLocation ? t(d.exposureLocation === 'on_server' ? 'labels.flags.exposedOnServer' : 'labels.flags.exposedElsewhere') : null,
  ].filter((f) => f !== null);
  const sep = t('common.listSeparator');
  const heard = { heard: sides.heard, of: sides.of };
  const hint = patternHint(t, related);
  const summary: BudgetEmbed & { fields: BudgetEmbed['fields'][number][] } = {
    title: t('caseView.title', { number: d.number, category: t(`labels.category.${d.category}`), status: t(`labels.status.${d.status}`) }),
    description: clip(d.summary, 4096),
    fields: [
      {
        name: t('caseView.sidesHeard'),
        value:
          sides.missing.length > 0
            ? t('caseView.sidesMissing', { ...heard, missing: sides.missing.map((r) => t(`labels.roleInSentence.${r}`)).join(sep) })
            : t('caseView.sidesHeardValue', heard),
        inline: true,
      },
      { name: t('caseView.opened'), value: t('caseView.openedValue', { when: time(d.createdAt, 'f'), user: userMention(d.openedById) }), inline: true },
      { name: t('caseView.flags'), value: flags.length > 0 ? flags.join(sep) : t('common.none'), inline: true },
      ...(serverLanguage === '' ? [] : [{ name: t('caseView.language'), value: serverLanguage, inline: true }]),
      {
        name: t('caseView.parties'),
        lines: d.parties.map((p) =>
          t('caseView.partyLine', { role: t(`labels.role.${p.role}`), user: userMention(p.userId), thread: p.threadId ? channelMention(p.threadId) : t('caseView.noThread') }),
        ),
      },
      { name: t('caseView.related'), lines: [...(hint ? [hint] : []), ...relatedLines(t, related)] },
      {
        name: t('caseView.record'),
        value: `${t('caseView.evidence', { count: evidence })}${d.legalHold ? t('caseView.onHold') : ''}${t('caseView.recordCommands')}`,
        inline: false,
      },
    ],
  };
  if (d.status === 'closed' && d.outcome) {
    const by = d.closedById ? t('caseView.by', { user: userMention(d.closedById) }) : '';
    summary.fields.push({ name: t('caseView.closed'), value: clip(t('caseView.closedValue', { outcome: t(`labels.outcome.${d.outcome}`), by, reason: d.closeReason ?? '' }), FIELD_MAX) });
  }

  const statements: BudgetEmbed = {
    title: t('caseView.statements'),
    fields: d.parties.slice(0, 10).map((p) => ({
      name: t('caseView.statementsOf', { role: t(`labels.role.${p.role}`), count: d.statements.filter((s) => s.partyId === p.id).length }),
      lines: d.statements
        .filter((s) => s.partyId === p.id)
        .map((s) => `${time(s.createdAt, 'd')} ${clip(s.text.replace(/\s+/g, ' '), 300)}${s.sourceUrl ? t('caseView.messageLink', { url: s.sourceUrl }) : ''}`),
    })),
  };

  const activity: BudgetEmbed = {
    title: t('caseView.activity'),
    fields: [
      {
        name: t('caseView.escalations'),
        lines: d.escalations.map((e) =>
          t('caseView.escalationLine', {
            when: time(e.createdAt, 'f'),
            urgency: t(`labels.urgency.${e.urgency}`),
            user: userMention(e.escalatedById),
            reason: clip(e.reason, 200),
            ack: e.acknowledgedById ? t('caseView.acknowledgedBy', { user: userMention(e.acknowledgedById) }) : t('caseView.notAcknowledged'),
          }),
        ),
      },
      {
        name: t('caseView.advice'),
        lines: d.deliveries.map((s) =>
          t('caseView.adviceLine', {
            when: time(s.createdAt, 'f'),
            user: userMention(s.userId),
            topics: topicList(t, s.topics),
            how: s.delivered ? t(s.channel === 'dm' ? 'caseView.byDm' : 'caseView.inThread') : t('caseView.notDelivered', { reason: s.failureReason ?? t('caseView.unknown') }),
          }),
        ),
      },
      {
        name: t('caseView.checkIns'),
        lines: d.checkIns.map((c) => {
          const party = d.parties.find((p) => p.id === c.partyId);
          return t('caseView.checkInLine', {
            when: time(c.createdAt, 'f'),
            role: party ? t(`labels.role.${party.role}`) : '',
            user: userMention(c.userId),
            how: checkInDelivery(t, c),
            answer: c.answer === null ? t('caseView.checkInWaiting') : t('caseView.checkInAnswer', { answer: t(`checkIn.answer.${c.answer}`), when: time(c.answeredAt ?? c.createdAt, 'f') }),
          });
        }),
      },
      { name: t('caseView.notes'), lines: d.notes.map((n) => `${time(n.createdAt, 'f')} ${userMention(n.authorId)}: ${clip(n.text.replace(/\s+/g, ' '), 300)}`) },
      {
        name: t('caseView.recentEvents'),
        lines: d.recentEvents.map((e) => t('caseView.eventLine', { when: time(e.createdAt, 'T'), event: eventText(t, d, e), user: userMention(e.actorId) })),
      },
    ],
  };
  return fitEmbeds(t, [summary, statements, activity]);
}
