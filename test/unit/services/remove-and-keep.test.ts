import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FetchedMessage } from '../../../src/ports.js';
import { removeAndKeep, type RemoveAndKeepInput } from '../../../src/services/remove-and-keep.js';
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
