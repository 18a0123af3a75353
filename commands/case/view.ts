import { answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { caseViewEmbeds } from '../../src/discord/render/case-view.js';
import { viewCase } from '../../src/services/case-queries.js';
import type { Subcommand } from '../subcommand.js';
import { caseNumberOption } from '../options.js';

export const caseView: Subcommand = {
  name: 'view',
  defer: 'ephemeral',
  build: (b) => caseNumberOption(b.setDescription('Show a case: parties, statements, escalations, advice sent, audit log')),
  async execute(interaction, { deps }) {
    const result = await viewCase(deps, { ...callerOf(interaction), caseNumber: interaction.options.getInteger('case', true) });
    if (!result.ok) return answerRefusal(interaction, result);
    const { detail, sides, related, evidence } = result.value;
    await answer(interaction, { embeds: caseViewEmbeds(detail, sides, related, evidence) });
  },
};
