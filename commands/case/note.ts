import { NOTE_MAX } from '../../src/domain/text-limits.js';
import { actorOf, answer, callerOf } from '../../src/discord/interaction-helpers.js';
import { failureText } from '../../src/messages/failure-texts.js';
import { addNote } from '../../src/services/case-notes.js';
import type { Subcommand } from '../subcommand.js';
import { caseNumberOption } from '../options.js';

export const caseNote: Subcommand = {
  name: 'note',
  defer: 'ephemeral',
  build: (b) =>
    caseNumberOption(b.setDescription('Add a staff-only note (never shown to the parties)')).addStringOption((o) =>
      o.setName('text').setDescription('The note').setRequired(true).setMaxLength(NOTE_MAX),
    ),
  async execute(interaction, { deps }) {
    const result = await addNote(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      caseNumber: interaction.options.getInteger('case', true),
      text: interaction.options.getString('text', true),
    });
    await answer(interaction, { content: result.ok ? `Note added to case #${result.value.caseNumber}. Only staff can see it.` : failureText(result) });
  },
};
