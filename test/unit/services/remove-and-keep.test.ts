import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FetchedMessage } from '../../../src/ports.js';
import { removeAndKeep, removeAndKeepInNewCase, type RemoveAndKeepInput, type RemoveAndKeepNewInput } from '../../../src/services/remove-and-keep.js';
import { createHarness, IDS, type Harness } from '../../support/fakes/service-harness.js';

const CHANNEL = '500000000000000042';
const MESSAGE = '600000000000000042';

let h: Harness;
let message: FetchedMessage;
beforeEach(async () => {
  h = createHarness();
  await h.configure();
  await h.open();
  message = {
    id: MESSAGE,
    channelId: CHANNEL,
    authorId: IDS.SAM,
    authorName: 'sam',
    content: 'I know where you live',
    sentAt: new Date('2026-05-01T10:00:00Z'),
    editedAt: null,
    attachments: [],
    embeds: [],
    raw: { id: MESSAGE, channel_id: CHANNEL, author: { id: IDS.SAM }, content: 'I know where you live' },
  };
  h.recordDiscord.messages.set(`${CHANNEL}/${MESSAGE}`, message);
});

const input = (overrides: Partial<RemoveAndKeepInput> = {}): RemoveAndKeepInput => ({
  guildId: IDS.GUILD,
  actor: h.actors.mod,
  caseNumber: 1,
  channelId: CHANNEL,
  messageId: MESSAGE,
  ...overrides,
});

describe('Remove and keep', () => {
  it('keeps the message as evidence (its SHA-256 that of the bytes kept, as /case evidence does), then deletes it and records who did', async () => {
    const result = await removeAndKeep(h.deps, input());
    if (!result.ok) throw new Error(result.reason);
    const { evidence, removal } = result.value;
    expect(removal).toEqual({ removed: true });
    const bytes = await h.caseRecords.forGuild(IDS.GUILD).evidenceBytes(evidence.id);
    expect(bytes).not.toBeNull();
    expect(evidence.sha256).toBe(createHash('sha256').update(bytes!).digest('hex'));
    expect(new TextDecoder().decode(bytes ?? new Uint8Array())).toContain('I know where you live');
    expect(h.recordDiscord.deleted).toEqual([`${CHANNEL}/${MESSAGE}`]);
    const [event] = h.cases.eventsOfType('message_removed');
    expect(event).toMatchObject({ actorId: IDS.MOD, data: { evidenceNumber: evidence.number, channelId: CHANNEL, messageId: MESSAGE, removed: true } });
  });

  it('keeps the evidence when Discord refuses the deletion, and says why', async () => {
    h.recordDiscord.deleteFailure = 'missing-permissions';
    const result = await removeAndKeep(h.deps, input());
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.removal).toEqual({ removed: false, reason: 'missing-permissions' });
    expect(await h.caseRecords.forGuild(IDS.GUILD).evidenceBytes(result.value.evidence.id)).not.toBeNull();
    expect(h.cases.eventsOfType('message_removed')[0]?.data).toMatchObject({ removed: false, reason: 'missing-permissions' });
  });

  it('refuses a member without the staff role, and a moderator who is a party to the case: nothing kept, nothing deleted', async () => {
    expect(await removeAndKeep(h.deps, input({ actor: { id: IDS.MEMBER, roleIds: [] } }))).toEqual({ ok: false, reason: 'not-staff' });
    await h.open({ complainant: { id: IDS.MOD2, isBot: false } });
    expect(await removeAndKeep(h.deps, input({ actor: h.actors.mod2, caseNumber: 2 }))).toEqual({ ok: false, reason: 'actor-is-party' });
    expect(h.recordDiscord.deleted).toEqual([]);
    expect(h.cases.eventsOfType('evidence_added')).toEqual([]);
  });

  it('deletes nothing when the message cannot be read (nothing kept)', async () => {
    h.recordDiscord.messages.clear();
    expect(await removeAndKeep(h.deps, input())).toEqual({ ok: false, reason: 'evidence-unreadable' });
    expect(h.recordDiscord.deleted).toEqual([]);
  });
});

describe('Remove and keep into a new case', () => {
  const newCase = (overrides: Partial<RemoveAndKeepNewInput> = {}): RemoveAndKeepNewInput => ({
    guildId: IDS.GUILD,
    actor: h.actors.mod,
    channelId: CHANNEL,
    messageId: MESSAGE,
    complainant: { id: IDS.ROBIN, isBot: false },
    author: { id: IDS.SAM, isBot: false },
    summary: 'Threatened Robin in #general',
    ...overrides,
  });

  it('opens the case with the author accused and the complainant given, each with a thread, then keeps and removes the message', async () => {
    const result = await removeAndKeepInNewCase(h.deps, newCase());
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.caseNumber).toBe(2);
    const opened = await h.cases.forGuild(IDS.GUILD).find(2);
    expect(opened?.parties.map((p) => [p.userId, p.role])).toEqual([
      [IDS.ROBIN, 'complainant'],
      [IDS.SAM, 'accused'],
    ]);
    expect(opened).toMatchObject({ category: 'harassment', summary: 'Threatened Robin in #general' });
    expect(h.threads.opens.slice(-2).map((o) => o.addresseeId)).toEqual([IDS.ROBIN, IDS.SAM]);
    if (!result.value.kept.ok) throw new Error(result.value.kept.reason);
    expect(result.value.kept.value).toMatchObject({ caseNumber: 2, removal: { removed: true } });
    expect(h.recordDiscord.deleted).toEqual([`${CHANNEL}/${MESSAGE}`]);
  });

  it('a refused opening (the moderator is the complainant, a bot wrote it, no summary) changes nothing and removes nothing', async () => {
    const before = h.snapshot();
    expect(await removeAndKeepInNewCase(h.deps, newCase({ complainant: { id: IDS.MOD, isBot: false } }))).toMatchObject({ ok: false });
    expect(await removeAndKeepInNewCase(h.deps, newCase({ author: { id: '900000000000000001', isBot: true } }))).toEqual({ ok: false, reason: 'party-is-bot' });
    expect(await removeAndKeepInNewCase(h.deps, newCase({ summary: '  ' }))).toMatchObject({ ok: false, reason: 'text-required' });
    expect(await removeAndKeepInNewCase(h.deps, newCase({ actor: h.actors.member }))).toEqual({ ok: false, reason: 'not-staff' });
    expect(h.snapshot()).toEqual(before);
    expect(h.recordDiscord.deleted).toEqual([]);
  });

  it('a message that cannot be read leaves the case opened and says so', async () => {
    h.recordDiscord.messages.clear();
    const result = await removeAndKeepInNewCase(h.deps, newCase());
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.caseNumber).toBe(2);
    expect(result.value.kept).toMatchObject({ ok: false });
    expect(h.recordDiscord.deleted).toEqual([]);
  });
});
