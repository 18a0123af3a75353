import { NOTE_MAX } from '../../src/domain/text-limits.js';
import { actorOf, answer, callerOf } from '../../src/discord/interaction-helpers.js';
import { failureText } from '../../src/messages/failure-texts.js';
import { addNote } from '../../src/services/case-notes.js';
import type { Subcommand } from '../subcommand.js';
import { caseNumberOption } from '../options.js';
import { localized } from '../localized.js';

export const caseNote: Subcommand = {
  name: 'note',
  key: 'commands.case.note',
  defer: 'ephemeral',
  build: (b) => caseNumberOption(b).addStringOption((o) => localized(o, 'text', 'commands.case.note.text').setRequired(true).setMaxLength(NOTE_MAX)),
  async execute(interaction, { deps, t }) {
    const result = await addNote(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      caseNumber: interaction.options.getInteger('case', true),
      text: interaction.options.getString('text', true),
    });
    await answer(interaction, { content: result.ok ? t('caseRecord.noteAdded', { number: result.value.caseNumber }) : failureText(t, result) });
  },
};
