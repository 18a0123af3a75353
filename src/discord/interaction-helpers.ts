import { MessageFlags, type APIEmbed, type APIActionRowComponent, type APIComponentInMessageActionRow, type RepliableInteraction } from 'discord.js';
import { failureText } from '../messages/failure-texts.js';
import { splitMessage } from '../messages/text-format.js';
import type { Actor } from '../services/deps.js';
import type { ServiceFail } from '../services/service-result.js';
import type { T } from '../i18n/translate.js';

/**
 * Who runs this, and in which server: what every use case takes first. The
 * router serves interactions in a server only, so a guild is always there;
 * this is the one place that says so.
 */
export function callerOf(interaction: RepliableInteraction): { readonly guildId: string; readonly actor: Actor } {
  if (!interaction.inGuild()) throw new Error('Bothsides serves interactions in a server only (the router answers the others)');
  return { guildId: interaction.guildId, actor: actorOf(interaction) };
}

/** The member behind an interaction, with their role ids, cached guild or not. */
export function actorOf(interaction: RepliableInteraction): Actor {
  const member = interaction.member;
  if (member === null) return { id: interaction.user.id, roleIds: [] };
  const roleIds = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return { id: interaction.user.id, roleIds };
}

export type ReplyBody = {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly APIActionRowComponent<APIComponentInMessageActionRow>[];
};

/**
 * Answers the moderator privately. Mentions in the text are shown but
 * never ping anyone. A text longer than one message (a long case opening
 * in some languages) goes on in private follow-ups, nothing cut.
 */
export async function answer(interaction: RepliableInteraction, body: ReplyBody): Promise<void> {
  const [first = '', ...more] = splitMessage(body.content ?? '');
  const payload = {
    content: first,
    embeds: [...(body.embeds ?? [])],
    components: [...(body.components ?? [])],
    allowedMentions: { parse: [] },
  };
  if (interaction.deferred || interaction.replied) {
    await interaction.editReply(payload);
  } else {
    await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
  }
  for (const content of more) await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** Answers a refused use case with its words (src/messages/failure-texts.ts), in the reader's language; nothing else is said. */
export function answerRefusal(interaction: RepliableInteraction, t: T, failure: ServiceFail): Promise<void> {
  return answer(interaction, { content: failureText(t, failure) });
}
