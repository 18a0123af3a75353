import { ButtonStyle, ComponentType, time, userMention, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed } from 'discord.js';
import type { ReportQueueView } from '../../ports.js';
import { CATEGORY_LABELS, STATUS_LABELS } from '../../messages/labels.js';
import { clip, utcMinute } from '../../messages/text-format.js';
import { customIds } from '../custom-ids.js';

const OPEN_COLOUR = 0x5865f2;
const REAL_LIFE_COLOUR = 0xd83c3e;
const DONE_COLOUR = 0x4f545c;

const when = (d: Date) => time(d, 'f');

/** The "open a case as…" choices: a category, and for exposed info where it is. */
export const OPEN_AS = [
  { value: 'stalking', label: CATEGORY_LABELS.stalking },
  { value: 'harassment', label: CATEGORY_LABELS.harassment },
  { value: 'personal_info_exposed:on_server', label: `${CATEGORY_LABELS.personal_info_exposed}, on this server` },
  { value: 'personal_info_exposed:elsewhere', label: `${CATEGORY_LABELS.personal_info_exposed}, elsewhere` },
  { value: 'other', label: CATEGORY_LABELS.other },
] as const;

function statusLine(v: ReportQueueView): string {
  const r = v.report;
  const by = r.handledById ? ` by ${userMention(r.handledById)}${r.handledAt ? ` on ${when(r.handledAt)}` : ''}` : '';
  switch (r.status) {
    case 'open':
      return 'Waiting for staff';
    case 'case_opened':
      return `Opened as case #${v.caseNumber ?? '?'}${by}`;
    case 'merged':
      return `Added to case #${v.caseNumber ?? '?'}${by}`;
    case 'dismissed':
      return `Dismissed${by}: ${clip(r.dismissReason ?? '', 300)}`;
  }
}

/** A report as staff see it in their channel. Everything a member typed is shown, never pinging anyone. */
export function reportEmbed(v: ReportQueueView): APIEmbed {
  const r = v.report;
  const latest = r.submissions.at(-1);
  const fields: { name: string; value: string; inline?: boolean }[] = [
    { name: 'Reported member', value: userMention(r.reportedUserId), inline: true },
    { name: 'Reported by', value: userMention(r.reporterId), inline: true },
    { name: 'Forms', value: `${r.submissions.length}, last ${latest ? when(latest.createdAt) : '?'}`, inline: true },
  ];
  if (latest?.since) fields.push({ name: 'Since', value: clip(latest.since, 200) });
  if (latest?.elsewhere) fields.push({ name: 'Other apps or sites', value: clip(latest.elsewhere, 500) });
  if (latest?.realLifeAnswer) fields.push({ name: r.realLife ? '⚠ Reached real life' : 'Real life', value: clip(latest.realLifeAnswer, 500) });
  if (latest?.other) fields.push({ name: 'Anything else', value: clip(latest.other, 500) });
  const evidence = r.submissions.flatMap((s) => (s.evidence ? [s.evidence] : [])).at(-1);
  if (evidence) {
    const files = evidence.attachments.map((a) => `[${clip(a.name, 60)}](${a.url})`).join(', ');
    const quoted = evidence.content === null ? '(content not captured)' : evidence.content === '' ? '(no text)' : `> ${clip(evidence.content, 600).replace(/\n/g, '\n> ')}`;
    fields.push({
      name: 'Reported message, as it was when reported',
      value: clip(`${quoted}\n${userMention(evidence.authorId)}${evidence.sentAt ? `, ${when(evidence.sentAt)}` : ''} · [link](${evidence.link})${files ? `\nFiles: ${files}` : ''}`, 1024),
    });
  }
  const cases = v.history.openCases.map((c) => `#${c.number} (${STATUS_LABELS[c.status]})`).join(', ');
  fields.push({
    name: 'Earlier on this server',
    value: `${v.history.openCases.length > 0 ? `Open cases involving the reported member: ${cases}` : 'No open case involves the reported member'}. ${v.history.earlierReports === 0 ? 'No other report names them.' : `${v.history.earlierReports} other report${v.history.earlierReports === 1 ? '' : 's'} name them.`}`,
  });
  fields.push({ name: 'Status', value: statusLine(v) });
  return {
    title: `Report R-${r.number}${r.realLife ? ' · reached real life' : ''}${r.offPlatform ? ' · also in other apps' : ''}`,
    description: clip(latest?.whatHappened ?? '', 1800),
    color: r.status !== 'open' ? DONE_COLOUR : r.realLife ? REAL_LIFE_COLOUR : OPEN_COLOUR,
    fields,
    footer: { text: `Reported ${utcMinute(r.createdAt)}` },
  };
}

/** The triage controls of an open report; none once it is handled. */
export function reportControls(v: ReportQueueView): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (v.report.status !== 'open') return [];
  const id = v.report.id;
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: customIds.reportOpen.build(id),
          placeholder: 'Open a case from this report, as…',
          options: OPEN_AS.map((o) => ({ label: o.label, value: o.value })),
        },
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Merge into a case…', custom_id: customIds.reportMerge.build(id) },
        { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Dismiss…', custom_id: customIds.reportDismiss.build(id) },
      ],
    },
  ];
}
