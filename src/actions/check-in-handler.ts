import type { ServiceDeps } from '../services/deps.js';
import { translator } from '../i18n/translate.js';
import { checkInMessage } from '../messages/check-in-texts.js';
import type { ActionHandler } from './runner.js';
import { failure, isTransient } from './try-results.js';
import type { OwedActionRecord, OwedPayloads, TryResult } from './types.js';

type Payload = OwedPayloads['checkin.send'];
type Result = TryResult<'checkin.send'>;


/**
 * A check-in: sent only while it is the party's pending one, the case is
 * open and the member is still on the server. Its row is written before
 * its buttons exist (id = the action's), then the DM; DMs closed, the
 * interview thread; neither, recorded as undeliverable. Every message
 * carries the action's nonce, so a try repeated after a crash sends once.
 */
export function checkInHandler(deps: ServiceDeps): ActionHandler<'checkin.send'> {
  return {
    async run(p, { action, nonce, done, remember }) {
      const cases = deps.cases.forGuild(action.guildId);
      // A later check-in for the same party replaced this one: it says nothing.
      if ((await cases.pendingCheckInOf(p.partyId)) !== action.id) return { status: 'done', result: { sent: false, reason: 'replaced' } };
      const theCase = action.caseId === null ? null : await cases.findById(action.caseId);
      const party = theCase?.parties.find((x) => x.id === p.partyId);
      if (!theCase || !party || theCase.status === 'closed') return skipped(action, p, 'case-closed');
      const settings = await deps.settings.forGuild(action.guildId).get();
      if (!settings) return skipped(action, p, 'case-closed');
      if (done<boolean>('member') === undefined) {
        const member = await deps.checkIns.isMember(action.guildId, p.userId);
        if (!member.ok) return failure(member);
        if (!member.value) return skipped(action, p, 'left');
        await remember('member', true);
      }
      await cases.startCheckIn({ id: action.id, caseId: theCase.id, partyId: p.partyId, userId: p.userId, trigger: p.trigger, requestedById: p.requestedById });
      const message = checkInMessage(translator(settings.language), settings, theCase.number, action.id);

      let dmFailure = done<string>('dm-failed');
      if (dmFailure === undefined) {
        const dm = await deps.checkIns.dm(p.userId, message, nonce('dm'));
        if (dm.ok) return delivered(action, p, 'dm', dm.value.messageId, null);
        // No thread to fall back on: an outage is worth another try of the DM.
        if (party.threadId === null && isTransient(dm.reason)) return failure(dm);
        dmFailure = `dm: ${dm.reason}`;
        await remember('dm-failed', dmFailure);
      }
      if (party.threadId === null) return notDelivered(action, p, `${dmFailure}; no interview thread`);
      const posted = await deps.checkIns.inThread(party.threadId, p.userId, message, nonce('thread'));
      if (posted.ok) return delivered(action, p, 'interview_thread', posted.value.messageId, dmFailure);
      if (isTransient(posted.reason)) return failure(posted);
      return notDelivered(action, p, `${dmFailure}; thread: ${posted.reason}`);
    },
    failed: (p, action, reason) => [{ type: 'checkin_not_delivered', actorId: action.actorId, data: { checkInId: action.id, userId: p.userId, partyId: p.partyId, reason } }],
  };
}

function skipped(action: OwedActionRecord, p: Payload, reason: 'case-closed' | 'left'): Result {
  return {
    status: 'done',
    result: { sent: false, reason },
    events: [{ type: 'checkin_skipped', actorId: action.actorId, data: { userId: p.userId, partyId: p.partyId, reason, trigger: p.trigger } }],
  };
}

function delivered(action: OwedActionRecord, p: Payload, channel: 'dm' | 'interview_thread', messageId: string, failureReason: string | null): Result {
  return {
    status: 'done',
    result: { sent: true, checkInId: action.id, channel, messageId },
    effects: [{ type: 'checkin-delivery', checkInId: action.id, status: 'sent', channel, failureReason }],
    events: [{ type: 'checkin_sent', actorId: action.actorId, data: { checkInId: action.id, userId: p.userId, partyId: p.partyId, channel, trigger: p.trigger } }],
  };
}

function notDelivered(action: OwedActionRecord, p: Payload, failureReason: string): Result {
  return {
    status: 'done',
    result: { sent: false, reason: 'not-delivered', checkInId: action.id },
    effects: [{ type: 'checkin-delivery', checkInId: action.id, status: 'not_delivered', channel: null, failureReason }],
    events: [{ type: 'checkin_not_delivered', actorId: action.actorId, data: { checkInId: action.id, userId: p.userId, partyId: p.partyId, reason: failureReason } }],
  };
}
