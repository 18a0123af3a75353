import { neutralThreadName } from '../domain/parties.js';
import { interviewIntro } from '../messages/case-texts.js';
import type { CaseRecord, DiscordFailureReason, GuildSettings, PartyRecord } from '../ports.js';
import type { ServiceDeps } from './deps.js';

/** Why a thread is missing: Discord refused it, or it was opened but could not be recorded (and was removed again). */
export type ThreadFailureReason = DiscordFailureReason | 'not-recorded';

export type ThreadOutcome =
  | { readonly partyId: string; readonly userId: string; readonly ok: true; readonly threadId: string }
  | { readonly partyId: string; readonly userId: string; readonly ok: false; readonly reason: ThreadFailureReason };

/**
 * Opens one party's private interview thread, with only that party and the
 * moderator in it, and records the result (thread id, or the failure as an
 * event) so a failed thread can be reopened later with /case addside.
 */
export async function openPartyThread(
  deps: ServiceDeps,
  settings: GuildSettings,
  theCase: Pick<CaseRecord, 'id' | 'guildId' | 'number'>,
  party: PartyRecord,
  moderatorId: string,
  /** A retry (the party was added before): an unrecorded thread of theirs may exist. */
  retry = false,
): Promise<ThreadOutcome> {
  const result = await deps.threads.open({
    reuseExisting: retry,
    guildId: theCase.guildId,
    parentChannelId: settings.interviewChannelId,
    name: neutralThreadName(theCase.number, party.position),
    memberIds: [party.userId, moderatorId],
    addresseeId: party.userId,
    intro: interviewIntro(theCase.number, party.userId, settings.communityName),
  });
  if (result.ok) {
    try {
      await deps.cases.setPartyThread(theCase.guildId, party.id, result.value.threadId, {
        type: 'thread_created',
        actorId: moderatorId,
        data: { partyId: party.id, threadId: result.value.threadId },
      });
    } catch (error) {
      // The case is saved but the thread could not be written to it (the
      // database went away; whether the write landed is unknown). The thread
      // stays; /case addside with the same member takes it up, not a second one.
      deps.logger.warn({ err: error, caseId: theCase.id, partyId: party.id }, 'interview thread opened but not recorded');
      return { partyId: party.id, userId: party.userId, ok: false, reason: 'not-recorded' };
    }
    return { partyId: party.id, userId: party.userId, ok: true, threadId: result.value.threadId };
  }
  deps.logger.warn({ caseId: theCase.id, partyId: party.id, reason: result.reason, detail: result.detail }, 'interview thread not created');
  await deps.cases
    .appendEvent(theCase.guildId, theCase.id, { type: 'thread_failed', actorId: moderatorId, data: { partyId: party.id, reason: result.reason } })
    .catch((error: unknown) => deps.logger.warn({ err: error, caseId: theCase.id }, 'could not record the failed thread'));
  return { partyId: party.id, userId: party.userId, ok: false, reason: result.reason };
}
