import { randomUUID } from 'node:crypto';
import type { DeliveryRecord, DiscordFailureReason, EventInput } from '../ports.js';
import type { ServiceDeps } from '../services/deps.js';
import { queueView } from '../services/report-queue.js';
import { fallbackThread, type Fallback } from '../services/safechat.js';
import { captureTranscript } from '../services/transcript.js';
import type { ActionContext, ActionHandlers } from './runner.js';
import { checkInHandler } from './check-in-handler.js';
import { failure, isTransient } from './try-results.js';
import type { CloseResult, NotDone, OwedActionRecord, OwedPayloads, TranscriptOutcome, TryResult } from './types.js';
import { translator } from '../i18n/translate.js';

/** Why a report could not be shown to staff when the guild has no channel for reports. */
const NO_REPORTS_CHANNEL = 'no-reports-channel';



type ThreadClosed = { readonly ok: true } | { readonly ok: false; readonly reason: DiscordFailureReason };

/**
 * How each kind of owed work is done through the Discord ports. Every
 * message carries the action's own nonce (the same in every try), a thread
 * is looked for by its name before a second one is made, and adding a
 * member twice changes nothing: so a try repeated after a crash does the
 * work once.
 */
export function createActionHandlers(deps: ServiceDeps): ActionHandlers {
  return {
    'escalation.post': {
      async run(p, { action, nonce }) {
        const posted = await deps.escalations.notify(p.channelId, p.adminRoleId, p.notice, nonce('post'));
        if (!posted.ok) return failure(posted);
        const { channelId, messageId } = posted.value;
        return {
          status: 'done',
          result: { channelId, messageId },
          effects: [{ type: 'escalation-message', escalationId: p.escalationId, channelId, messageId }],
          events: [{ type: 'escalation_posted', actorId: action.actorId, data: { escalationId: p.escalationId, channelId, messageId } }],
        };
      },
      failed: (p, action, reason) => [{ type: 'escalation_notice_failed', actorId: action.actorId, data: { escalationId: p.escalationId, reason } }],
    },

    'escalation.remind': {
      async run(p, { action, nonce }) {
        const escalation = await deps.cases.forGuild(action.guildId).findEscalation(p.escalationId);
        // Acknowledged in time (or gone with its case): nobody is pinged again.
        if (escalation === null || escalation.acknowledgedAt !== null) return { status: 'done', result: { reminded: false } };
        const t = translator(p.language);
        const content = t('escalationPost.reminder', { admins: `<@&${p.adminRoleId}>`, number: p.caseNumber, count: p.hours });
        const sent = await deps.escalations.remind(escalation.channelId ?? p.channelId, p.adminRoleId, escalation.messageId, content, nonce('remind'));
        if (!sent.ok) return failure(sent);
        return {
          status: 'done',
          result: { reminded: true, messageId: sent.value.messageId },
          events: [{ type: 'escalation_reminded', actorId: action.actorId, data: { escalationId: p.escalationId, messageId: sent.value.messageId, hours: p.hours } }],
        };
      },
      failed: (p, action, reason) => [{ type: 'escalation_notice_failed', actorId: action.actorId, data: { escalationId: p.escalationId, reason, reminder: true } }],
    },

    'escalation.acknowledged': {
      async run(p) {
        const marked = await deps.escalations.markAcknowledged(p.channelId, p.messageId, p.escalationId, p.adminId, new Date(p.at), p.language);
        // A post deleted by hand has nothing left to mark.
        if (!marked.ok && (marked.reason === 'unknown-message' || marked.reason === 'unknown-channel')) return { status: 'done', result: { marked: false } };
        return marked.ok ? { status: 'done', result: { marked: true } } : failure(marked);
      },
      failed: () => [],
    },
    'stale.digest': staffPost(deps, 'digest'),
    'checkin.notice': staffPost(deps, 'notice'),
    'checkin.send': checkInHandler(deps),

    'thread.open': {
      async run(p, { action, nonce }) {
        const opened = await deps.threads.open({
          guildId: action.guildId,
          parentChannelId: p.parentChannelId,
          name: p.name,
          memberIds: p.memberIds,
          addresseeId: p.addresseeId,
          intro: p.intro,
          nonce: nonce('intro'),
          // A try after the first may follow one that made the thread and
          // stopped before recording it: take that thread up, never a second.
          reuseExisting: action.attempts > 1,
        });
        if (!opened.ok) return failure(opened);
        const { threadId } = opened.value;
        return {
          status: 'done',
          result: { partyId: p.partyId, threadId },
          effects: [{ type: 'party-thread', partyId: p.partyId, threadId }],
          events: [{ type: 'thread_created', actorId: action.actorId, data: { partyId: p.partyId, threadId } }],
        };
      },
      failed: (p, action, reason) => [{ type: 'thread_failed', actorId: action.actorId, data: { partyId: p.partyId, reason } }],
    },

    'safechat.send': {
      async run(p, { action, nonce, done, remember }) {
        // Steps: the DM, then (DMs closed) the interview thread. A DM refused is remembered, so a retry of
        // the thread post does not DM again. The thread is looked up only when it is needed.
        const lookUpThread = async (): Promise<Fallback | null> => {
          const theCase = p.caseId === null ? null : await deps.cases.forGuild(action.guildId).findById(p.caseId);
          return fallbackThread(deps, action.guildId, p.userId, p.requestedById, theCase);
        };
        let dmFailure = done<string>('dm-failed');
        let thread: Fallback | null;
        if (dmFailure === undefined) {
          const dm = await deps.dms.send(p.userId, p.content, nonce('dm'));
          if (dm.ok) return delivered(action, p, 'dm', null, null);
          thread = await lookUpThread();
          // No thread to fall back on: an outage is worth another try of the DM.
          if (thread === null && isTransient(dm.reason)) return failure(dm);
          dmFailure = `dm: ${dm.reason}`;
          await remember('dm-failed', dmFailure);
        } else {
          thread = await lookUpThread();
        }
        if (thread === null) return notDelivered(action, p, null, `${dmFailure}; no interview thread`);
        const posted = await deps.threads.post(thread.threadId, p.content, nonce('thread'));
        if (posted.ok) return delivered(action, p, 'interview_thread', thread, dmFailure);
        if (isTransient(posted.reason)) return failure(posted);
        return notDelivered(action, p, thread, `${dmFailure}; thread: ${posted.reason}`);
      },
      failed: (p, action, reason) => [
        { type: 'safechat_failed', actorId: action.actorId, data: { userId: p.userId, channel: 'none', topics: p.topics, failureReason: reason } },
      ],
    },

    'report.queue': {
      async run(p, { action, nonce }) {
        const report = await deps.reports.forGuild(action.guildId).find(p.reportId);
        // Deleted meanwhile (the reporter's data removed): nothing is left to show.
        if (report === null) return { status: 'done', result: { shown: false } };
        const view = await queueView(deps, report, p.caseNumber);
        if (report.queueChannelId !== null && report.queueMessageId !== null) {
          const updated = await deps.reportQueue.update(report.queueChannelId, report.queueMessageId, view);
          if (updated.ok) return { status: 'done', result: { shown: true, channelId: report.queueChannelId, messageId: report.queueMessageId } };
          // Deleted by hand: posted again below. Anything else is a failure of its own.
          if (updated.reason !== 'unknown-message' && updated.reason !== 'unknown-channel') return failure(updated);
        }
        if (p.channelId === null) return { status: 'failed', reason: 'unknown-channel', detail: NO_REPORTS_CHANNEL };
        const posted = await deps.reportQueue.post(p.channelId, view, nonce('post'));
        if (!posted.ok) return failure(posted);
        const { channelId, messageId } = posted.value;
        return { status: 'done', result: { shown: true, channelId, messageId }, effects: [{ type: 'report-queue-message', reportId: p.reportId, channelId, messageId }] };
      },
      failed: (p, action, reason, detail) => [
        { type: 'report_not_queued', actorId: action.actorId, data: { reportId: p.reportId, number: p.number, reason: detail === NO_REPORTS_CHANNEL ? NO_REPORTS_CHANNEL : reason } },
      ],
    },

    'report.notice': {
      async run(p, { nonce }) {
        const sent = await deps.dms.send(p.userId, p.content, nonce('dm'));
        return sent.ok ? { status: 'done', result: { messageId: sent.value.messageId } } : failure(sent);
      },
      failed: (p, action, reason) => [
        { type: 'report_dismissal_not_delivered', actorId: action.actorId, data: { reportId: p.reportId, number: p.number, reason } },
      ],
    },

    'case.close': {
      async run(p, { action, nonce, done, remember }) {
        const threadFailures: { threadId: string; reason: DiscordFailureReason }[] = [];
        for (const threadId of p.threadIds) {
          const key = `closed:${threadId}`;
          let closed = done<ThreadClosed>(key);
          if (closed === undefined) {
            const outcome = await deps.threads.close(threadId, p.closingMessage, nonce(key));
            if (!outcome.ok && isTransient(outcome.reason)) return failure(outcome);
            closed = outcome.ok ? { ok: true } : { ok: false, reason: outcome.reason };
            await remember(key, closed);
          }
          if (!closed.ok) threadFailures.push({ threadId, reason: closed.reason });
        }
        let transcript = done<TranscriptOutcome>('transcript') ?? null;
        if (transcript === null && action.caseId !== null) {
          const [settings, theCase] = await Promise.all([deps.settings.forGuild(action.guildId).get(), deps.cases.forGuild(action.guildId).findById(action.caseId)]);
          if (settings && theCase) {
            transcript = await captureTranscript(deps, settings, theCase, action.actorId, nonce('transcript'));
            await remember('transcript', transcript);
          }
        }
        const result: CloseResult = { threadFailures, transcript };
        return {
          status: 'done',
          result,
          events: threadFailures.length === 0 ? [] : [{ type: 'thread_close_failed', actorId: action.actorId, data: { failures: threadFailures } }],
        };
      },
      failed: (p, action, reason) => [
        { type: 'thread_close_failed', actorId: action.actorId, data: { failures: p.threadIds.map((threadId) => ({ threadId, reason })) } },
      ],
    },
  };
}

/** A text for staff in a staff channel, pinging nobody: the day's digest, how a party answered a check-in. */
function staffPost(deps: ServiceDeps, key: string) {
  return {
    async run(p: { readonly channelId: string; readonly content: string }, { nonce }: ActionContext): Promise<NotDone | { status: 'done'; result: { messageId: string } }> {
      const posted = await deps.recordDiscord.postText(p.channelId, p.content, nonce(key));
      if (!posted.ok) return failure(posted);
      return { status: 'done', result: { messageId: posted.value.messageId } };
    },
    failed: (): EventInput[] => [],
  };
}

type SafeChatPayload = OwedPayloads['safechat.send'];

/** The advice reached the member (by DM, or in their thread), recorded with its event. */
function delivered(action: OwedActionRecord, p: SafeChatPayload, channel: 'dm' | 'interview_thread', thread: Fallback | null, failureReason: string | null): TryResult<'safechat.send'> {
  return recordDelivery(action, p, thread, { channel, delivered: true, failureReason }, 'safechat_sent');
}

/** The advice reached nobody: recorded, so the moderator and /case view say so. */
function notDelivered(action: OwedActionRecord, p: SafeChatPayload, thread: Fallback | null, failureReason: string): TryResult<'safechat.send'> {
  return recordDelivery(action, p, thread, { channel: 'none', delivered: false, failureReason }, 'safechat_failed');
}

/** Recorded on the case of the thread it went to (or was meant for), else on the case it is about. */
function recordDelivery(
  action: OwedActionRecord,
  p: SafeChatPayload,
  thread: Fallback | null,
  d: { channel: DeliveryRecord['channel']; delivered: boolean; failureReason: string | null },
  eventType: 'safechat_sent' | 'safechat_failed',
): TryResult<'safechat.send'> {
  const caseId = thread?.caseId ?? p.caseId;
  const delivery = { id: randomUUID(), userId: p.userId, requestedById: p.requestedById, topics: p.topics, caseId, ...d };
  return {
    status: 'done',
    result: { delivery, caseNumber: thread?.caseNumber ?? null },
    effects: [{ type: 'safechat-delivery', delivery }],
    eventsCaseId: caseId,
    events: [
      {
        type: eventType,
        actorId: action.actorId,
        data: { userId: p.userId, channel: d.channel, topics: p.topics, ...(d.channel === 'dm' ? {} : { failureReason: d.failureReason }), deliveryId: delivery.id },
      },
    ],
  };
}
