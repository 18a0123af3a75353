import { channelMention, time, userMention, type APIEmbed } from 'discord.js';
import { FIELD_MAX, fitEmbeds, type BudgetEmbed } from './embed-budget.js';
import type { RelatedCase } from '../../domain/patterns.js';
import { clip } from '../../messages/text-format.js';
import { patternHint, relatedLines } from '../../messages/related-texts.js';
import type { SidesHeard } from '../../domain/neutrality.js';
import { CATEGORY_LABELS, OUTCOME_LABELS, ROLE_LABELS, STATUS_LABELS, TOPIC_LABELS, URGENCY_LABELS } from '../../messages/labels.js';
import type { CaseDetail } from '../../ports.js';

/** /case view, staff only: embeds that together fit one message (6,000 characters), the lists sharing what is left. */
export function caseViewEmbeds(d: CaseDetail, sides: SidesHeard, related: readonly RelatedCase[] = [], evidence = 0): APIEmbed[] {
  const flags = [d.realLife ? 'reached real life' : null, d.offPlatform ? 'also in other apps' : null, d.exposureLocation ? `info exposed ${d.exposureLocation === 'on_server' ? 'on this server' : 'elsewhere'}` : null].filter((f) => f !== null);
  const summary: BudgetEmbed & { fields: BudgetEmbed['fields'][number][] } = {
    title: `Case #${d.number}: ${CATEGORY_LABELS[d.category]} (${STATUS_LABELS[d.status]})`,
    description: clip(d.summary, 4096),
    fields: [
      { name: 'Sides heard', value: `${sides.heard} of ${sides.of}${sides.missing.length > 0 ? ` (missing: ${sides.missing.map((r) => ROLE_LABELS[r].toLowerCase()).join(', ')})` : ''}`, inline: true },
      { name: 'Opened', value: `${time(d.createdAt, 'f')} by ${userMention(d.openedById)}`, inline: true },
      { name: 'Flags', value: flags.length > 0 ? flags.join(', ') : 'none', inline: true },
      { name: 'Parties', lines: d.parties.map((p) => `${ROLE_LABELS[p.role]}: ${userMention(p.userId)} · ${p.threadId ? channelMention(p.threadId) : 'no thread yet'}`) },
      { name: 'Related cases', lines: [...(patternHint(related) ? [patternHint(related) ?? ''] : []), ...relatedLines(related)] },
      { name: 'Record', value: `${evidence} evidence item${evidence === 1 ? '' : 's'}${d.legalHold ? ' · **on legal hold**' : ''} · \`/case transcript\`, \`/case verify\`, \`/case export\``, inline: false },
    ],
  };
  if (d.status === 'closed' && d.outcome) {
    summary.fields.push({ name: 'Closed', value: clip(`${OUTCOME_LABELS[d.outcome]}${d.closedById ? ` by ${userMention(d.closedById)}` : ''}: ${d.closeReason ?? ''}`, FIELD_MAX) });
  }

  const statements: BudgetEmbed = {
    title: 'Statements',
    fields: d.parties.slice(0, 10).map((p) => ({
      name: `${ROLE_LABELS[p.role]} (${d.statements.filter((s) => s.partyId === p.id).length})`,
      lines: d.statements.filter((s) => s.partyId === p.id).map((s) => `${time(s.createdAt, 'd')} ${clip(s.text.replace(/\s+/g, ' '), 300)}${s.sourceUrl ? ` ([message](${s.sourceUrl}))` : ''}`),
    })),
  };

  const activity: BudgetEmbed = {
    title: 'Escalations, advice, notes and recent events',
    fields: [
      {
        name: 'Escalations',
        lines: d.escalations.map((e) => `${time(e.createdAt, 'f')} ${URGENCY_LABELS[e.urgency]} by ${userMention(e.escalatedById)}: ${clip(e.reason, 200)} · ${e.acknowledgedById ? `acknowledged by ${userMention(e.acknowledgedById)}` : 'not acknowledged'}`),
      },
      {
        name: 'Safe-chat advice',
        lines: d.deliveries.map((s) => `${time(s.createdAt, 'f')} to ${userMention(s.userId)}: ${s.topics.map((t) => TOPIC_LABELS[t]).join(', ')} · ${s.delivered ? (s.channel === 'dm' ? 'by DM' : 'in their thread') : `not delivered (${s.failureReason ?? 'unknown'})`}`),
      },
      { name: 'Staff notes', lines: d.notes.map((n) => `${time(n.createdAt, 'f')} ${userMention(n.authorId)}: ${clip(n.text.replace(/\s+/g, ' '), 300)}`) },
      { name: 'Recent events', lines: d.recentEvents.map((e) => `${time(e.createdAt, 'T')} ${e.type.replace(/_/g, ' ')} by ${userMention(e.actorId)}`) },
    ],
  };
  return fitEmbeds([summary, statements, activity]);
}
