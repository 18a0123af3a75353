import { ButtonStyle, ComponentType, time, userMention, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed } from 'discord.js';
import type { ReportQueueView } from '../../ports.js';
import type { CaseCategory } from '../../domain/types.js';
import { translator, type T } from '../../i18n/translate.js';
import { clip, utcMinute } from '../../messages/text-format.js';
import { customIds } from '../custom-ids.js';

const OPEN_COLOUR = 0x5865f2;
const REAL_LIFE_COLOUR = 0xd83c3e;
const DONE_COLOUR = 0x4f545c;

const when = (d: Date) => time(d, 'f');

/** At most this many of the reported member's open cases are named (the field holds 1,024 characters). */
const LISTED_MAX = 10;

/** The "open a case as…" choices: a category, and for exposed info where it is. */
export const OPEN_AS: readonly { readonly value: string; readonly category: CaseCategory; readonly where?: 'on_server' | 'elsewhere' }[] = [
  { value: 'stalking', category: 'stalking' },
  { value: 'harassment', category: 'harassment' },
  { value: 'personal_info_exposed:on_server', category: 'personal_info_exposed', where: 'on_server' },
  { value: 'personal_info_exposed:elsewhere', category: 'personal_info_exposed', where: 'elsewhere' },
  { value: 'other', category: 'other' },
];

const openAsLabel = (t: T, o: (typeof OPEN_AS)[number]): string => {
  const category = t(`labels.category.${o.category}`);
  if (o.where === undefined) return category;
  return t(o.where === 'on_server' ? 'reportPost.openAsOnServer' : 'reportPost.openAsElsewhere', { category });
};

function statusLine(t: T, v: ReportQueueView): string {
  const r = v.report;
  const by = r.handledById
    ? r.handledAt
      ? t('reportPost.byOn', { user: userMention(r.handledById), when: when(r.handledAt) })
      : t('reportPost.by', { user: userMention(r.handledById) })
    : '';
  switch (r.status) {
    case 'open':
      return t('reportPost.waiting');
    case 'case_opened':
      return t('reportPost.openedAs', { number: v.caseNumber ?? '?', by });
    case 'merged':
      return t('reportPost.addedTo', { number: v.caseNumber ?? '?', by });
    case 'dismissed':
      return t('reportPost.dismissed', { by, reason: clip(r.dismissReason ?? '', 300) });
  }
}

/** A report as staff see it in their channel. Everything a member typed is shown, never pinging anyone. */
export function reportEmbed(v: ReportQueueView): APIEmbed {
  const t = translator(v.language);
  const r = v.report;
  const latest = r.submissions.at(-1);
  const fields: { name: string; value: string; inline?: boolean }[] = [
    { name: t('reportPost.reportedMember'), value: userMention(r.reportedUserId), inline: true },
    { name: t('reportPost.reportedBy'), value: userMention(r.reporterId), inline: true },
    { name: t('reportPost.forms'), value: t('reportPost.formsValue', { count: r.submissions.length, when: latest ? when(latest.createdAt) : '?' }), inline: true },
  ];
  if (latest?.since) fields.push({ name: t('reportPost.since'), value: clip(latest.since, 200) });
  if (latest?.elsewhere) fields.push({ name: t('reportPost.elsewhere'), value: clip(latest.elsewhere, 500) });
  if (latest?.realLifeAnswer) fields.push({ name: r.realLife ? t('reportPost.realLifeReached') : t('reportPost.realLife'), value: clip(latest.realLifeAnswer, 500) });
  if (latest?.other) fields.push({ name: t('reportPost.other'), value: clip(latest.other, 500) });
  const evidence = r.submissions.flatMap((s) => (s.evidence ? [s.evidence] : [])).at(-1);
  if (evidence) {
    const files = evidence.attachments.map((a) => `[${clip(a.name, 60)}](${a.url})`).join(', ');
    const quoted = evidence.content === null ? t('reportPost.notCaptured') : evidence.content === '' ? t('reportPost.noText') : `> ${clip(evidence.content, 600).replace(/\n/g, '\n> ')}`;
    fields.push({
      name: t('reportPost.message'),
      value: clip(`${quoted}\n${userMention(evidence.authorId)}${evidence.sentAt ? `, ${when(evidence.sentAt)}` : ''} · [${t('reportPost.link')}](${evidence.link})${files ? `\n${t('reportPost.files', { files })}` : ''}`, 1024),
    });
  }
  const shown = v.history.openCases.slice(0, LISTED_MAX).map((c) => `#${c.number} (${t(`labels.status.${c.status}`)})`);
  const hidden = v.history.openCases.length - shown.length;
  const cases = `${shown.join(t('common.listSeparator'))}${hidden > 0 ? ` ${t('common.andMore', { count: hidden })}` : ''}`;
  fields.push({
    name: t('reportPost.earlier'),
    value: `${v.history.openCases.length > 0 ? t('reportPost.openCases', { cases }) : t('reportPost.noOpenCase')}. ${v.history.earlierReports === 0 ? t('reportPost.noOtherReport') : t('reportPost.otherReports', { count: v.history.earlierReports })}`,
  });
  fields.push({ name: t('reportPost.status'), value: statusLine(t, v) });
  return {
    title: `${t('reportPost.title', { number: r.number })}${r.realLife ? t('reportPost.titleRealLife') : ''}${r.offPlatform ? t('reportPost.titleOffPlatform') : ''}`,
    description: clip(latest?.whatHappened ?? '', 1800),
    color: r.status !== 'open' ? DONE_COLOUR : r.realLife ? REAL_LIFE_COLOUR : OPEN_COLOUR,
    fields,
    footer: { text: t('reportPost.footer', { when: utcMinute(r.createdAt) }) },
  };
}

/** The triage controls of an open report; none once it is handled. */
export function reportControls(v: ReportQueueView): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (v.report.status !== 'open') return [];
  const t = translator(v.language);
  const id = v.report.id;
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: customIds.reportOpen.build(id),
          placeholder: t('reportPost.openAsPlaceholder'),
          options: OPEN_AS.map((o) => ({ label: openAsLabel(t, o), value: o.value })),
        },
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: t('reportPost.merge'), custom_id: customIds.reportMerge.build(id) },
        { type: ComponentType.Button, style: ButtonStyle.Danger, label: t('reportPost.dismiss'), custom_id: customIds.reportDismiss.build(id) },
      ],
    },
  ];
}
