import { randomUUID } from 'node:crypto';
import type { ActionOutcome, NewOwedAction } from '../actions/types.js';
import { neutralThreadName } from '../domain/parties.js';
import { interviewIntro } from '../messages/case-texts.js';
import type { CaseRecord, DiscordFailureReason, GuildSettings, PartyRecord } from '../ports.js';
import { translator } from '../i18n/translate.js';

/** What became of a party's interview thread after its first try. */
export type ThreadOutcome =
  | { readonly partyId: string; readonly userId: string; readonly status: 'opened'; readonly threadId: string }
  /** Not open yet: Discord or the database did not answer; it is retried on its own. */
  | { readonly partyId: string; readonly userId: string; readonly status: 'queued' }
  /** Discord refused it (a missing permission, say), or every retry failed. */
  | { readonly partyId: string; readonly userId: string; readonly status: 'failed'; readonly reason: DiscordFailureReason | 'gave-up' };

/**
 * The owed work of one party's private interview thread: only that party
 * and the moderator in it, the same neutral introduction for everyone.
 */
export function threadOpenAction(
  settings: GuildSettings,
  theCase: Pick<CaseRecord, 'id' | 'number'>,
  party: PartyRecord,
  moderatorId: string,
): NewOwedAction {
  return {
    id: randomUUID(),
    kind: 'thread.open',
    caseId: theCase.id,
    actorId: moderatorId,
    payload: {
      partyId: party.id,
      parentChannelId: settings.interviewChannelId,
      name: neutralThreadName(theCase.number, party.position, (number, position) => translator(settings.language)('party.threadName', { number, position })),
      memberIds: [party.userId, moderatorId],
      addresseeId: party.userId,
      intro: interviewIntro(translator(settings.language), theCase.number, party.userId, settings.communityName),
    },
  };
}

export function threadOutcome(party: PartyRecord, outcome: ActionOutcome<'thread.open'> | undefined): ThreadOutcome {
  const who = { partyId: party.id, userId: party.userId };
  if (outcome?.status === 'done') return { ...who, status: 'opened', threadId: outcome.result.threadId };
  if (outcome?.status === 'failed') return { ...who, status: 'failed', reason: outcome.reason };
  return { ...who, status: 'queued' };
}
