import { userMention } from 'discord.js';
import { answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import type { T } from '../../src/i18n/translate.js';
import { owedFailureText } from '../../src/messages/failure-texts.js';
import { sendCheckInNow, type CheckInSent } from '../../src/services/check-ins.js';
import { localized } from '../localized.js';
import { caseNumberOption } from '../options.js';
import type { Subcommand } from '../subcommand.js';
import { checkInAdviceButton, checkInAnswerButton } from './check-in-buttons.js';

function sentLine(t: T, s: CheckInSent): string {
  const user = userMention(s.userId);
  switch (s.status) {
    case 'sent':
      return t('caseFollowup.sent', { user, how: t(s.channel === 'dm' ? 'caseView.byDm' : 'caseView.inThread') });
    case 'not-sent':
      return s.reason === 'left' ? t('caseFollowup.left', { user }) : s.reason === 'not-delivered' ? t('caseFollowup.notDelivered', { user }) : t('caseFollowup.closed', { user });
    case 'failed':
      return t('caseFollowup.failed', { user, failure: owedFailureText(t, s.reason, t('where.thatThread')) });
    case 'queued':
      return t('caseFollowup.queued', { user, queued: t('common.queued') });
  }
}

/** /case followup: a check-in now, to one party or every party (the same words and buttons for each). */
export const caseFollowup: Subcommand = {
  name: 'followup',
  key: 'commands.case.followup',
  defer: 'ephemeral',
  build: (b) => caseNumberOption(b).addUserOption((o) => localized(o, 'party', 'commands.case.followup.party')),
  async execute(interaction, { deps, t }) {
    const result = await sendCheckInNow(deps, {
      ...callerOf(interaction),
      caseNumber: interaction.options.getInteger('case', true),
      userId: interaction.options.getUser('party')?.id ?? null,
    });
    if (!result.ok) return answerRefusal(interaction, t, result);
    await answer(interaction, { content: [t('caseFollowup.heading', { number: result.value.caseNumber }), ...result.value.sent.map((s) => sentLine(t, s))].join('\n') });
  },
  // The answer buttons of the check-ins, and the advice offered after "Still happening".
  components: [checkInAnswerButton, checkInAdviceButton],
};
