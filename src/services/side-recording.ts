import { validateAddedParty } from '../domain/parties.js';
import { ok } from '../domain/result.js';
import { checkText, STATEMENT_MAX } from '../domain/text-limits.js';
import type { PartyRole, StatementSource } from '../domain/types.js';
import { outcomeOf, type NewOwedAction } from '../actions/types.js';
import type { EventInput, PartyRecord, StatementRecord } from '../ports.js';
import { caseForAction } from './case-lookup.js';
import type { Actor, ServiceDeps } from './deps.js';
import { threadOpenAction, threadOutcome, type ThreadOutcome } from './party-threads.js';
import { refuse, refuseText, unlessCaseChanged, type ServiceResult } from './service-result.js';
import { requireStaff } from './staff-guard.js';

export type AddSideInput = {
  readonly guildId: string;
  readonly actor: Actor;
  readonly caseNumber: number;
  readonly user: { readonly id: string; readonly isBot: boolean };
  /** Blank or absent: only add the party (or reopen their missing thread). */
  readonly statement: string | null;
  readonly role: PartyRole | null;
};

export type AddSideOutcome = {
  readonly caseNumber: number;
  readonly party: PartyRecord;
  readonly newParty: boolean;
  /** Set when a thread was opened now (new party, or a missing thread reopened). */
  readonly thread: ThreadOutcome | null;
  readonly statement: StatementRecord | null;
  readonly interviewChannelId: string;
};

/**
 * /case addside: records a party's side. A person not yet on the case joins
 * it (as a witness unless another role is given) and gets their own private
 * thread; a party whose thread could not be opened earlier gets it now.
 */
export async function addSide(deps: ServiceDeps, input: AddSideInput): Promise<ServiceResult<AddSideOutcome>> {
  const hasStatement = input.statement !== null && input.statement.trim() !== '';
  // (A statement of invisible characters only is refused below as blank.)
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, hasStatement ? 'record_side' : 'add_party');
  if (!access.ok) return access;
  const { settings, case: theCase } = access.value;

  const added = validateAddedParty({
    userId: input.user.id,
    isBot: input.user.isBot,
    actorId: input.actor.id,
    existingParties: theCase.parties,
    ...(input.role ? { requestedRole: input.role } : {}),
  });
  if (!added.ok) return refuse(added.reason);

  let text: string | null = null;
  if (hasStatement) {
    const checked = checkText(input.statement ?? '', STATEMENT_MAX, 'statement');
    if (!checked.ok) return refuseText(checked);
    text = checked.value;
  }

  const existing = theCase.parties.find((p) => p.userId === input.user.id);
  const source = 'moderator_entry';
  const owed: { thread: NewOwedAction | null } = { thread: null };
  // One transaction: the party (if new), the statement, their events and the
  // thread owed, re-checked against the case's status under its lock.
  const saved = await unlessCaseChanged(() =>
    deps.cases.forGuild(input.guildId).addSide(
            theCase.id,
      {
        party: existing ? { id: existing.id } : { userId: input.user.id, role: added.value.role },
        statement: text === null ? null : { recordedById: input.actor.id, text, source },
      },
      (party, isNew) => {
        owed.thread = party.threadId === null ? threadOpenAction(settings, theCase, party, input.actor.id) : null;
        return { owed: owed.thread === null ? [] : [owed.thread], events: sideEvents(input.actor.id, party, isNew, text !== null, source) };
      },
    ),
  );
  if (!saved.ok) return saved;
  let { party } = saved.value;
  const { statement } = saved.value;
  const newParty = existing === undefined;

  let thread: ThreadOutcome | null = null;
  if (owed.thread !== null) {
    thread = threadOutcome(party, outcomeOf(await deps.work.runNow([owed.thread.id]), { id: owed.thread.id, kind: 'thread.open' }));
    if (thread.status === 'opened') party = { ...party, threadId: thread.threadId };
  }
  return ok({ caseNumber: theCase.number, party, newParty, thread, statement, interviewChannelId: settings.interviewChannelId });
}

/** The events of a side recorded: the party joining (when new), then their statement (when there is one). */
export function sideEvents(actorId: string, party: PartyRecord, isNew: boolean, hasStatement: boolean, source: StatementSource): EventInput[] {
  const events: EventInput[] = [];
  if (isNew) events.push({ type: 'party_added', actorId, data: { userId: party.userId, role: party.role } });
  if (hasStatement) events.push({ type: 'statement_recorded', actorId, data: { partyId: party.id, source } });
  return events;
}

export type RecordMessageInput = {
  readonly guildId: string;
  readonly actor: Actor;
  readonly channelId: string;
  readonly message: { readonly id: string; readonly authorId: string; readonly content: string; readonly url: string };
};

/**
 * "Record as statement" on a message: only a party's own message in their
 * own interview thread counts as their side.
 */
export async function recordMessageAsStatement(
  deps: ServiceDeps,
  input: RecordMessageInput,
): Promise<ServiceResult<{ caseNumber: number; statement: StatementRecord }>> {
  const staff = await requireStaff(deps, input.guildId, input.actor);
  if (!staff.ok) return staff;
  const found = await deps.cases.forGuild(input.guildId).findByThread(input.channelId);
  if (!found) return refuse('not-an-interview-thread');
  const party = found.parties.find((p) => p.threadId === input.channelId);
  if (!party || party.userId !== input.message.authorId) return refuse('not-the-party-message');
  const access = await caseForAction(deps, input.guildId, found.number, input.actor, 'record_side');
  if (!access.ok) return access;
  const checked = checkText(input.message.content, STATEMENT_MAX, 'statement');
  if (!checked.ok) return refuseText(checked);
  const statement = await unlessCaseChanged(() => deps.cases.forGuild(input.guildId).addStatement(
        found.id,
    {
      partyId: party.id,
      recordedById: input.actor.id,
      text: checked.value,
      source: 'thread_message',
      sourceMessageId: input.message.id,
      sourceUrl: input.message.url,
    },
    { type: 'statement_recorded', actorId: input.actor.id, data: { partyId: party.id, source: 'thread_message', messageId: input.message.id } },
  ));
  if (!statement.ok) return statement;
  return ok({ caseNumber: found.number, statement: statement.value });
}
