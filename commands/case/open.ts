import { channelMention, userMention } from 'discord.js';
import { CASE_CATEGORIES, EXPOSURE_LOCATIONS, type ExposureLocation } from '../../src/domain/types.js';
import { SUMMARY_MAX } from '../../src/domain/text-limits.js';
import { actorOf, answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { CATEGORY_CHOICES } from '../../src/messages/labels.js';
import { threadFailureText, QUEUED_TEXT } from '../../src/messages/failure-texts.js';
import { INTERVIEW_CHANNEL_NEEDS, missingPermissionsIn } from '../../src/discord/permission-check.js';
import { openCase, type OpenCaseOutcome } from '../../src/services/case-opening.js';
import { choiceOption, requiredChoice } from '../options.js';
import { patternHint, relatedLines } from '../../src/messages/related-texts.js';
import type { Subcommand } from '../subcommand.js';

const EXPOSURE_CHOICES: Record<ExposureLocation, string> = {
  on_server: 'On this server (staff can remove it)',
  elsewhere: 'Elsewhere (only that site can remove it)',
};

export const caseOpen: Subcommand = {
  name: 'open',
  defer: 'ephemeral',
  build: (b) =>
    b
      .setDescription('Open a case and a private interview thread for each party')
      .addUserOption((o) => o.setName('complainant').setDescription('Who is complaining').setRequired(true))
      .addUserOption((o) => o.setName('accused').setDescription('Who the complaint is about').setRequired(true))
      .addStringOption((o) =>
        o
          .setName('category')
          .setDescription('What kind of complaint')
          .setRequired(true)
          .addChoices(...CASE_CATEGORIES.map((c) => ({ name: CATEGORY_CHOICES[c], value: c }))),
      )
      .addStringOption((o) =>
        o.setName('summary').setDescription('What happened, in a few sentences (staff only)').setRequired(true).setMaxLength(SUMMARY_MAX),
      )
      .addBooleanOption((o) => o.setName('real_life').setDescription('Has it moved into real life: mail, phone, address?'))
      .addBooleanOption((o) => o.setName('off_platform').setDescription('Is it also happening in other apps?'))
      .addStringOption((o) =>
        o
          .setName('where')
          .setDescription('Personal info exposed: where is it posted?')
          .addChoices(...EXPOSURE_LOCATIONS.map((l) => ({ name: EXPOSURE_CHOICES[l], value: l }))),
      ),
  async execute(interaction, { deps }) {
    const complainant = interaction.options.getUser('complainant', true);
    const accused = interaction.options.getUser('accused', true);
    const result = await openCase(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      complainant: { id: complainant.id, isBot: complainant.bot },
      accused: { id: accused.id, isBot: accused.bot },
      category: requiredChoice(interaction, 'category', CASE_CATEGORIES),
      summary: interaction.options.getString('summary', true),
      realLife: interaction.options.getBoolean('real_life') ?? false,
      offPlatform: interaction.options.getBoolean('off_platform') ?? false,
      exposureLocation: choiceOption(interaction, 'where', EXPOSURE_LOCATIONS),
    });
    if (!result.ok) return answerRefusal(interaction, result);
    const failed = result.value.threads.some((t) => t.status === 'failed');
    const missing = failed ? missingPermissionsIn(interaction.guild, result.value.interviewChannelId, INTERVIEW_CHANNEL_NEEDS) : null;
    await answer(interaction, { content: openedText(result.value, missing) });
  },
};

/** `missing`: the bot's missing permissions in the interview channel, when a thread failed and they are known. */
export function openedText(outcome: OpenCaseOutcome, missing: readonly string[] | null): string {
  const c = outcome.case;
  const lines = [`**Case #${c.number} opened.**`];
  for (const t of outcome.threads) {
    const party = c.parties.find((p) => p.id === t.partyId);
    const who = `${party?.role ?? 'party'} ${userMention(t.userId)}`;
    lines.push(
      t.status === 'opened'
        ? `- Interview thread for the ${who}: ${channelMention(t.threadId)}`
        : t.status === 'queued'
          ? `- Thread for the ${who}: queued (it opens as soon as Discord answers).`
          : `- No thread for the ${who}.`,
    );
  }
  if (outcome.threads.some((t) => t.status === 'queued')) lines.push('', `The case is recorded. The threads marked queued: ${QUEUED_TEXT}`);
  const failure = outcome.threads.find((t) => t.status === 'failed');
  if (failure?.status === 'failed') {
    lines.push(
      '',
      `The case is recorded, but ${threadFailureText(failure.reason, missing)}`,
      `Once that is fixed, run \`/case addside case:${c.number}\` with the same member to open the missing thread.`,
    );
  }
  if (outcome.related.length > 0) {
    const hint = patternHint(outcome.related);
    lines.push('', '**Related cases** (staff only)', ...(hint ? [hint] : []), ...relatedLines(outcome.related).slice(0, 8).map((l) => `- ${l}`));
    if (outcome.related.length > 8) lines.push(`- … and ${outcome.related.length - 8} more: see \`/case view case:${c.number}\``);
  }
  lines.push('', '**Next steps**', `- Send each party the safe-chat advice: \`/safechat user:… case:${c.number}\`.`);
  lines.push('- Talk to each party in their own thread, and record each side with `/case addside`.');
  if (c.category === 'personal_info_exposed') {
    lines.push(
      c.exposureLocation === 'on_server'
        ? '- The personal info is on this server: remove it, then note it with `/case note`.'
        : '- The personal info is on another site: only that site\'s owner can remove it; tell the complainant how to contact them.',
    );
  }
  if (outcome.suggestEscalation) {
    lines.push(
      '- **This has reached real life.** Advise the complainant to contact their local authorities now (the real-life safe-chat advice says so), and consider `/case escalate` right away.',
    );
  }
  return lines.join('\n');
}
