import { ButtonStyle, ComponentType, channelMention, roleMention, userMention, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { EscalationNotice } from '../../ports.js';
import { DEFAULT_LANGUAGE } from '../../i18n/languages.js';
import { translator, type T } from '../../i18n/translate.js';
import { discordTime } from '../../messages/text-format.js';
import { customIds } from '../custom-ids.js';

const URGENT_COLOUR = 0xd83c3e;
const NORMAL_COLOUR = 0xf0b232;
const DONE_COLOUR = 0x2d7d46;

/** At most this many interview threads are linked (the field holds 1,024 characters; /case view has them all). */
const THREADS_LISTED_MAX = 20;

/** The words of an escalation post: the server's language, which staff channels read. */
export const noticeT = (n: EscalationNotice): T => translator(n.language ?? DEFAULT_LANGUAGE);

function flags(t: T, n: EscalationNotice): string {
  const list = [n.realLife ? t('labels.flags.realLife') : null, n.offPlatform ? t('labels.flags.offPlatform') : null].filter((f) => f !== null);
  return list.length > 0 ? list.join(t('common.listSeparator')) : t('common.none');
}

/** The line that pings the admin role above the embed. */
export const escalationContent = (n: EscalationNotice, adminRoleId: string): string =>
  noticeT(n)('escalationPost.content', { admins: roleMention(adminRoleId), number: n.caseNumber });

/** The escalation post. The urgency is said once, in its field (and by the colour). */
export function escalationEmbed(n: EscalationNotice): APIEmbed {
  const t = noticeT(n);
  const listed = n.threadIds.slice(0, THREADS_LISTED_MAX).map((id) => channelMention(id)).join(' ');
  const hidden = n.threadIds.length - THREADS_LISTED_MAX;
  const threads = n.threadIds.length === 0 ? t('escalationPost.noThreads') : hidden > 0 ? `${listed} ${t('common.andMore', { count: hidden })}` : listed;
  const fields = [
    { name: t('escalationPost.category'), value: t(`labels.category.${n.category}`), inline: true },
    { name: t('escalationPost.urgency'), value: t(`labels.urgency.${n.urgency}`), inline: true },
    { name: t('escalationPost.sidesHeard'), value: t('escalationPost.sidesHeardValue', { heard: n.sidesHeard.heard, of: n.sidesHeard.of }), inline: true },
    { name: t('escalationPost.flags'), value: flags(t, n), inline: true },
    { name: t('escalationPost.escalatedBy'), value: userMention(n.escalatedById), inline: true },
    { name: t('escalationPost.reason'), value: n.reason },
    { name: t('escalationPost.threads'), value: `${threads}\n${t('escalationPost.fullRecord', { number: n.caseNumber })}` },
  ];
  return {
    title: t('escalationPost.title', { number: n.caseNumber }),
    color: n.urgency === 'urgent' ? URGENT_COLOUR : NORMAL_COLOUR,
    fields,
  };
}

/** The same notice, turned green, saying which admin acknowledged it and when. */
export function markAcknowledged(t: T, embed: APIEmbed, adminId: string, at: Date): APIEmbed {
  return {
    ...embed,
    color: DONE_COLOUR,
    fields: [...(embed.fields ?? []), { name: t('escalationPost.acknowledged'), value: t('escalationPost.acknowledgedValue', { admin: userMention(adminId), when: discordTime(at, 'f') }) }],
  };
}

export function acknowledgeRow(t: T, escalationId: string, acknowledged: boolean): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: acknowledged ? ButtonStyle.Success : ButtonStyle.Primary,
        label: t(acknowledged ? 'escalationPost.acknowledged' : 'escalationPost.acknowledge'),
        custom_id: customIds.acknowledge.build(escalationId),
        disabled: acknowledged,
      },
    ],
  };
}
