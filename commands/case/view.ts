import { answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { caseViewEmbeds } from '../../src/discord/render/case-view.js';
import { viewCase } from '../../src/services/case-queries.js';
import type { Subcommand } from '../subcommand.js';
import { caseNumberOption } from '../options.js';

export const caseView: Subcommand = {
  name: 'view',
  key: 'commands.case.view',
  defer: 'ephemeral',
  build: (b) => caseNumberOption(b),
  async execute(interaction, { deps, t, serverT }) {
    const result = await viewCase(deps, { ...callerOf(interaction), caseNumber: interaction.options.getInteger('case', true) });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const { detail, sides, related, evidence } = result.value;
    await answer(interaction, { embeds: caseViewEmbeds(t, detail, sides, related, evidence, serverT('language.name')) });
  },
};
