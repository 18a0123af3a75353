import { ButtonStyle, ComponentType, channelMention, userMention, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { EscalationNotice } from '../../ports.js';
import { CATEGORY_LABELS, URGENCY_LABELS } from '../../messages/labels.js';
import { customIds } from '../custom-ids.js';

const URGENT_COLOUR = 0xd83c3e;
const NORMAL_COLOUR = 0xf0b232;
const DONE_COLOUR = 0x2d7d46;

function flags(n: EscalationNotice): string {
  const list = [n.realLife ? 'reached real life' : null, n.offPlatform ? 'also in other apps' : null].filter((f) => f !== null);
  return list.length > 0 ? list.join(', ') : 'none';
}

export function escalationEmbed(n: EscalationNotice): APIEmbed {
  const threads = n.threadIds.length > 0 ? n.threadIds.map((id) => channelMention(id)).join(' ') : 'none yet';
  const fields = [
    { name: 'Category', value: CATEGORY_LABELS[n.category], inline: true },
    { name: 'Urgency', value: URGENCY_LABELS[n.urgency], inline: true },
    { name: 'Sides heard', value: `${n.sidesHeard.heard} of ${n.sidesHeard.of}`, inline: true },
    { name: 'Flags', value: flags(n), inline: true },
    { name: 'Escalated by', value: userMention(n.escalatedById), inline: true },
    { name: 'Reason', value: n.reason },
    { name: 'Interview threads', value: `${threads}\nFull record: \`/case view case:${n.caseNumber}\`` },
  ];
  return {
    title: `Case #${n.caseNumber} escalated${n.urgency === 'urgent' ? ' (urgent)' : ''}`,
    color: n.urgency === 'urgent' ? URGENT_COLOUR : NORMAL_COLOUR,
    fields,
  };
}

/** The same notice, turned green, saying which admin acknowledged it and when. */
export function markAcknowledged(embed: APIEmbed, adminId: string, at: Date): APIEmbed {
  return {
    ...embed,
    color: DONE_COLOUR,
    fields: [...(embed.fields ?? []), { name: 'Acknowledged', value: `by ${userMention(adminId)} at <t:${Math.floor(at.getTime() / 1000)}:f>` }],
  };
}

export function acknowledgeRow(escalationId: string, acknowledged: boolean): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: acknowledged ? ButtonStyle.Success : ButtonStyle.Primary,
        label: acknowledged ? 'Acknowledged' : 'Acknowledge',
        custom_id: customIds.acknowledge.build(escalationId),
        disabled: acknowledged,
      },
    ],
  };
}
