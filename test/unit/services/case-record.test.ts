import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvidenceRecord, FetchedMessage } from '../../../src/ports.js';
import { exportCase, setLegalHold } from '../../../src/services/case-admin.js';
import { closeCase } from '../../../src/services/case-closing.js';
import { addNote } from '../../../src/services/case-notes.js';
import { viewCase } from '../../../src/services/case-queries.js';
import type { Actor, ServiceDeps } from '../../../src/services/deps.js';
import { escalate } from '../../../src/services/escalation.js';
import { addEvidence, verifyEvidence, type AddEvidenceInput, type EvidenceSource } from '../../../src/services/evidence.js';
import { sweepRetention } from '../../../src/services/retention.js';
import { sendSafeChat } from '../../../src/services/safechat.js';
import { addSide } from '../../../src/services/side-recording.js';
import { recordTranscript } from '../../../src/services/transcript.js';
import { adminActor, createHarness, IDS, staffActor, type Harness } from '../../support/fakes/service-harness.js';
import { patchGuild } from '../../support/fakes/patch-guild.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const FILE_URL = 'https://cdn.discordapp.com/attachments/500000000000000009/600000000000000001/screenshot.png';
const OTHER_FILE_URL = 'https://cdn.discordapp.com/attachments/500000000000000009/600000000000000002/log.txt';
const EVIDENCE_CHANNEL = '500000000000000009';
const EVIDENCE_MESSAGE = '600000000000000077';
const ROBIN_2 = '300000000000000004';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure();
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A file Discord would serve at `url`, and the evidence source naming it. */
function serveFile(url: string, bytes: Uint8Array, contentType = 'image/png'): EvidenceSource {
  h.recordDiscord.files.set(url, { bytes, contentType });
  return { kind: 'file', url, name: url.split('/').at(-1) ?? 'file', contentType, size: bytes.byteLength };
}

const messageLink = (guildId: string = IDS.GUILD, channelId: string = EVIDENCE_CHANNEL, messageId: string = EVIDENCE_MESSAGE): string =>
  `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;

/** A message as the Discord adapter would hand it over. */
function fetched(id: string, channelId: string, authorId: string, content: string, sentAt: Date, extra: Partial<FetchedMessage> = {}): FetchedMessage {
  return {
    id,
    channelId,
    authorId,
    authorName: `name-of-${authorId}`,
    content,
    sentAt,
    editedAt: null,
    attachments: [],
    embeds: [],
    raw: { id, channel_id: channelId, author: { id: authorId }, content, timestamp: sentAt.toISOString() },
    ...extra,
  };
}

function serveMessage(guildId: string = IDS.GUILD): { link: string; message: FetchedMessage } {
  const message = fetched(EVIDENCE_MESSAGE, EVIDENCE_CHANNEL, IDS.SAM, 'you cannot hide from me', new Date('2025-02-27T22:10:00.000Z'));
  h.recordDiscord.messages.set(`${EVIDENCE_CHANNEL}/${EVIDENCE_MESSAGE}`, message);
  return { link: messageLink(guildId), message };
}

const evidenceInput = (source: EvidenceSource, overrides: Partial<AddEvidenceInput> = {}): AddEvidenceInput => ({
  guildId: IDS.GUILD,
  actor: h.actors.mod,
  caseNumber: 1,
  source,
  note: null,
  ...overrides,
});

async function added(deps: ServiceDeps, input: AddEvidenceInput): Promise<EvidenceRecord> {
  const result = await addEvidence(deps, input);
  if (!result.ok) throw new Error(`addEvidence refused with ${result.reason}`);
  return result.value;
}

const filesDeps = (maxBytes = 1024 * 1024): ServiceDeps => ({ ...h.deps, evidencePolicy: { store: 'files', maxBytes } });
const limitedDeps = (maxBytes: number): ServiceDeps => ({ ...h.deps, evidencePolicy: { store: 'database', maxBytes } });

async function storedCase(number = 1, guildId: string = IDS.GUILD) {
  const found = await h.cases.forGuild(guildId).find(number);
  if (!found) throw new Error(`no case #${number}`);
  return found;
}

async function threadsOf(number = 1): Promise<{ complainant: string; accused: string }> {
  const c = await storedCase(number);
  const thread = (role: string): string => {
    const id = c.parties.find((p) => p.role === role)?.threadId;
    if (!id) throw new Error(`no ${role} thread on case #${number}`);
    return id;
  };
  return { complainant: thread('complainant'), accused: thread('accused') };
}

async function closeOneSided(number = 1, guildId: string = IDS.GUILD, actor: Actor = h.actors.mod) {
  const result = await closeCase(h.deps, { guildId, actor, caseNumber: number, outcome: 'no_action', reason: 'Nothing more to do', oneSidedReason: 'Sam never answered' });
  if (!result.ok) throw new Error(`closeCase refused with ${result.reason}`);
  return result.value;
}

/** Everything the case record keeps beside the snapshot's rows. */
async function recordState(caseNumber = 1) {
  const c = await h.cases.forGuild(IDS.GUILD).find(caseNumber);
  return {
    snapshot: h.snapshot(),
    evidence: c ? await h.caseRecords.forGuild(IDS.GUILD).evidenceOf(c.id) : [],
    transcript: c ? await h.caseRecords.forGuild(IDS.GUILD).transcript(c.id) : [],
    files: h.evidenceFiles.files.size,
    posts: h.recordDiscord.posts.length,
    legalHold: c?.legalHold ?? null,
  };
}

// ---------------------------------------------------------------- evidence

describe('/case evidence: a file', () => {
  it('keeps the bytes with their SHA-256, size, type and who added them, numbered E1, with an evidence_added event', async () => {
    await h.open();
    const bytes = utf8('PNG? not really, but these are the bytes of the screenshot');
    const source = serveFile(FILE_URL, bytes);

    const record = await added(h.deps, evidenceInput(source, { note: '  Screenshot of the DM  ' }));

    const theCase = await storedCase();
    expect(record).toMatchObject({
      caseId: theCase.id,
      number: 1,
      kind: 'file',
      addedById: IDS.MOD,
      note: 'Screenshot of the DM',
      fileName: 'screenshot.png',
      contentType: 'image/png',
      size: bytes.byteLength,
      sha256: sha256(bytes),
      storage: 'database',
      path: null,
      sourceUrl: FILE_URL,
      createdAt: h.clock.now(),
    });
    expect(await h.caseRecords.forGuild(IDS.GUILD).evidenceOf(theCase.id)).toEqual([record]);
    expect(await h.caseRecords.forGuild(IDS.GUILD).evidenceBytes(record.id)).toEqual(bytes);
    const events = h.cases.eventsOfType('evidence_added');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      caseId: theCase.id,
      actorId: IDS.MOD,
      data: { kind: 'file', size: bytes.byteLength, evidenceId: record.id, number: 1, sha256: sha256(bytes) },
    });
  });

  it('numbers the next item of the same case E2, and starts again at E1 on another case', async () => {
    await h.open();
    await h.open({ complainant: { id: IDS.ROBIN, isBot: false } });
    const first = await added(h.deps, evidenceInput(serveFile(FILE_URL, utf8('one'))));
    const second = await added(h.deps, evidenceInput(serveFile(OTHER_FILE_URL, utf8('two'), 'text/plain')));
    const onCase2 = await added(h.deps, evidenceInput(serveFile(FILE_URL, utf8('one')), { caseNumber: 2 }));
    expect([first.number, second.number, onCase2.number]).toEqual([1, 2, 1]);
    expect(second.sha256).toBe(sha256(utf8('two')));
    expect(second.contentType).toBe('text/plain');
  });

  it('takes the type Discord served when the attachment declared none, and application/octet-stream when neither did', async () => {
    await h.open();
    h.recordDiscord.files.set(FILE_URL, { bytes: utf8('a'), contentType: 'image/jpeg' });
    const served = await added(h.deps, evidenceInput({ kind: 'file', url: FILE_URL, name: 'a.jpg', contentType: null, size: 1 }));
    expect(served.contentType).toBe('image/jpeg');

    const download = vi.spyOn(h.recordDiscord, 'download').mockResolvedValue({ ok: true, value: { bytes: utf8('b'), contentType: null } });
    const unknown = await added(h.deps, evidenceInput({ kind: 'file', url: OTHER_FILE_URL, name: 'b.bin', contentType: null, size: 1 }));
    expect(download).toHaveBeenCalledOnce();
    expect(unknown.contentType).toBe('application/octet-stream');
  });

  it('a blank note is kept as no note', async () => {
    await h.open();
    const record = await added(h.deps, evidenceInput(serveFile(FILE_URL, utf8('x')), { note: '   ' }));
    expect(record.note).toBeNull();
  });

  it('asks the download for no more than the limit', async () => {
    await h.open();
    const download = vi.spyOn(h.recordDiscord, 'download');
    await added(limitedDeps(1000), evidenceInput(serveFile(FILE_URL, utf8('small'))));
    expect(download).toHaveBeenCalledWith(FILE_URL, 1000);
  });
});

describe('/case evidence: refusals change nothing', () => {
  async function expectRefused(deps: ServiceDeps, input: AddEvidenceInput, expected: Record<string, unknown>): Promise<void> {
    const before = await recordState();
    const result = await addEvidence(deps, input);
    expect(result).toEqual({ ok: false, ...expected });
    expect(await recordState()).toEqual(before);
    expect(h.cases.eventsOfType('evidence_added')).toEqual([]);
  }

  it('a file declared larger than the limit is refused as evidence-too-large without being downloaded', async () => {
    await h.open();
    const download = vi.spyOn(h.recordDiscord, 'download');
    const source = serveFile(FILE_URL, utf8('0123456789A'));
    await expectRefused(limitedDeps(10), evidenceInput(source), { reason: 'evidence-too-large', max: 10 });
    expect(download).not.toHaveBeenCalled();
  });

  it('a file declared larger than the harness limit of 1 MiB is refused before any download', async () => {
    await h.open();
    const download = vi.spyOn(h.recordDiscord, 'download');
    const source: EvidenceSource = { kind: 'file', url: FILE_URL, name: 'big.mp4', contentType: 'video/mp4', size: 1024 * 1024 + 1 };
    await expectRefused(h.deps, evidenceInput(source), { reason: 'evidence-too-large', max: 1024 * 1024 });
    expect(download).not.toHaveBeenCalled();
  });

  it('a file that declared a small size but whose bytes exceed the limit is refused as evidence-too-large', async () => {
    await h.open();
    h.recordDiscord.files.set(FILE_URL, { bytes: new Uint8Array(1024 * 1024 + 1), contentType: 'image/png' });
    const lying: EvidenceSource = { kind: 'file', url: FILE_URL, name: 'small.png', contentType: 'image/png', size: 12 };
    await expectRefused(h.deps, evidenceInput(lying), { reason: 'evidence-too-large', max: 1024 * 1024 });
  });

  it('a file exactly at the limit is kept', async () => {
    await h.open();
    const record = await added(limitedDeps(10), evidenceInput(serveFile(FILE_URL, utf8('0123456789'))));
    expect(record.size).toBe(10);
  });

  it('a file that cannot be downloaded is refused as evidence-unreadable', async () => {
    await h.open();
    const gone: EvidenceSource = { kind: 'file', url: FILE_URL, name: 'gone.png', contentType: 'image/png', size: 100 };
    await expectRefused(h.deps, evidenceInput(gone), { reason: 'evidence-unreadable' });
  });

  it('a message link of another server is refused as evidence-link-invalid without reading the message', async () => {
    await h.open();
    const message = vi.spyOn(h.recordDiscord, 'message');
    const { link } = serveMessage(IDS.OTHER_GUILD);
    await expectRefused(h.deps, evidenceInput({ kind: 'message', link }), { reason: 'evidence-link-invalid' });
    expect(message).not.toHaveBeenCalled();
  });

  it.each([
    ['not a link at all', 'see the screenshot'],
    ['a link to a channel, not a message', `https://discord.com/channels/${IDS.GUILD}/${EVIDENCE_CHANNEL}`],
    ['a link to another site', `https://discord.example.com/channels/${IDS.GUILD}/${EVIDENCE_CHANNEL}/${EVIDENCE_MESSAGE}`],
    ['ids that are not snowflakes', `https://discord.com/channels/${IDS.GUILD}/abc/${EVIDENCE_MESSAGE}`],
    ['a plain http link', `http://discord.com/channels/${IDS.GUILD}/${EVIDENCE_CHANNEL}/${EVIDENCE_MESSAGE}`],
    ['something after the message id', `${messageLink()}?x=1`],
  ])('a malformed message link (%s) is refused as evidence-link-invalid', async (_what, link) => {
    await h.open();
    serveMessage();
    await expectRefused(h.deps, evidenceInput({ kind: 'message', link }), { reason: 'evidence-link-invalid' });
  });

  it('a link to a message Discord cannot give is refused as evidence-unreadable', async () => {
    await h.open();
    await expectRefused(h.deps, evidenceInput({ kind: 'message', link: messageLink() }), { reason: 'evidence-unreadable' });
  });

  it('a message whose JSON exceeds the limit is refused as evidence-too-large', async () => {
    await h.open();
    const { link } = serveMessage();
    await expectRefused(limitedDeps(20), evidenceInput({ kind: 'message', link }), { reason: 'evidence-too-large', max: 20 });
  });

  it('a closed case takes no more evidence (case-closed)', async () => {
    await h.open();
    await closeOneSided();
    await expectRefused(h.deps, evidenceInput(serveFile(FILE_URL, utf8('late'))), { reason: 'case-closed' });
  });

  it('a member who is not staff is refused (not-staff)', async () => {
    await h.open();
    await expectRefused(h.deps, evidenceInput(serveFile(FILE_URL, utf8('x')), { actor: h.actors.member }), { reason: 'not-staff' });
  });

  it('an unknown case is refused (case-not-found)', async () => {
    await h.open();
    await expectRefused(h.deps, evidenceInput(serveFile(FILE_URL, utf8('x')), { caseNumber: 9 }), { reason: 'case-not-found' });
  });

  it('a case of another server is not found from this one', async () => {
    await h.configure(IDS.OTHER_GUILD);
    await h.open({ guildId: IDS.OTHER_GUILD });
    const before = await recordState();
    const result = await addEvidence(h.deps, evidenceInput(serveFile(FILE_URL, utf8('x')), { caseNumber: 1, guildId: IDS.GUILD }));
    expect(result).toEqual({ ok: false, reason: 'case-not-found' });
    expect(await recordState()).toEqual(before);
  });

  it('a note longer than the limit is refused with its field and limit', async () => {
    await h.open();
    const result = await addEvidence(h.deps, evidenceInput(serveFile(FILE_URL, utf8('x')), { note: 'n'.repeat(5000) }));
    expect(result).toMatchObject({ ok: false, reason: 'text-too-long', field: 'note' });
    expect(h.cases.eventsOfType('evidence_added')).toEqual([]);
  });
});

describe('/case evidence: recusal', () => {
  it('Alex, holding the staff role, cannot add evidence to the case Alex complained in', async () => {
    await h.open();
    const before = await recordState();
    const result = await addEvidence(h.deps, evidenceInput(serveFile(FILE_URL, utf8('mine')), { actor: staffActor(IDS.ALEX) }));
    expect(result).toEqual({ ok: false, reason: 'actor-is-party' });
    expect(await recordState()).toEqual(before);
  });
});

describe('/case evidence: a message link', () => {
  it("keeps the message's JSON as Discord gave it, with its hash, as message-<id>.json", async () => {
    await h.open();
    const { link, message } = serveMessage();
    const record = await added(h.deps, evidenceInput({ kind: 'message', link: `  ${link}  ` }));
    const expected = utf8(`${JSON.stringify(message.raw, null, 2)}\n`);
    expect(record).toMatchObject({
      number: 1,
      kind: 'message',
      fileName: `message-${EVIDENCE_MESSAGE}.json`,
      contentType: 'application/json',
      size: expected.byteLength,
      sha256: sha256(expected),
      sourceUrl: link,
      storage: 'database',
    });
    const stored = await h.caseRecords.forGuild(IDS.GUILD).evidenceBytes(record.id);
    expect(stored).toEqual(expected);
    expect(JSON.parse(new TextDecoder().decode(stored ?? undefined))).toEqual(message.raw);
    expect(h.cases.eventsOfType('evidence_added')[0]?.data).toMatchObject({ kind: 'message', size: expected.byteLength });
  });

  it.each(['https://ptb.discord.com', 'https://canary.discord.com', 'https://discordapp.com'])('accepts a link from %s', async (origin) => {
    await h.open();
    serveMessage();
    const record = await added(h.deps, evidenceInput({ kind: 'message', link: `${origin}/channels/${IDS.GUILD}/${EVIDENCE_CHANNEL}/${EVIDENCE_MESSAGE}` }));
    expect(record.kind).toBe('message');
  });
});

describe('/case evidence: files storage', () => {
  it('writes the bytes to a file and keeps only its path and hash in the record', async () => {
    await h.open();
    const bytes = utf8('bytes kept on disk');
    const record = await added(filesDeps(), evidenceInput(serveFile(FILE_URL, bytes)));
    expect(record.storage).toBe('files');
    expect(record.path).not.toBeNull();
    expect(record.sha256).toBe(sha256(bytes));
    expect(h.evidenceFiles.files.get(record.path!)).toEqual(bytes);
    expect(await h.caseRecords.forGuild(IDS.GUILD).evidenceBytes(record.id)).toBeNull();
  });

  it('a message link is written to a file too', async () => {
    await h.open();
    const { link, message } = serveMessage();
    const record = await added(filesDeps(), evidenceInput({ kind: 'message', link }));
    expect(h.evidenceFiles.files.get(record.path!)).toEqual(utf8(`${JSON.stringify(message.raw, null, 2)}\n`));
  });

  it('removes the written file when the record cannot be saved, and lets the error through', async () => {
    await h.open();
    patchGuild(h.caseRecords, () => ({ addEvidence: () => Promise.reject(new Error('database down')) }));
    await expect(addEvidence(filesDeps(), evidenceInput(serveFile(FILE_URL, utf8('orphan?'))))).rejects.toThrow('database down');
    expect(h.evidenceFiles.files.size).toBe(0);
  });

  it('a file over the files-storage limit is refused and no file is written', async () => {
    await h.open();
    const result = await addEvidence(filesDeps(4), evidenceInput(serveFile(FILE_URL, utf8('12345'))));
    expect(result).toEqual({ ok: false, reason: 'evidence-too-large', max: 4 });
    expect(h.evidenceFiles.files.size).toBe(0);
  });
});

// ---------------------------------------------------------------- verify

describe('/case verify', () => {
  const verify = (deps: ServiceDeps = h.deps, actor: Actor = h.actors.mod) => verifyEvidence(deps, { guildId: IDS.GUILD, actor, caseNumber: 1 });

  it('finds every item intact, and records an evidence_verified event without problems', async () => {
    await h.open();
    const a = await added(h.deps, evidenceInput(serveFile(FILE_URL, utf8('first'))));
    const { link } = serveMessage();
    const b = await added(h.deps, evidenceInput({ kind: 'message', link }));

    const result = await verify();

    expect(result).toEqual({
      ok: true,
      value: {
        caseNumber: 1,
        items: [
          { number: 1, fileName: a.fileName, sha256: a.sha256, result: 'intact' },
          { number: 2, fileName: b.fileName, sha256: b.sha256, result: 'intact' },
        ],
      },
    });
    const events = h.cases.eventsOfType('evidence_verified');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: (await storedCase()).id, actorId: IDS.MOD, data: { items: 2, problems: [] } });
  });

  it('finds a database row whose bytes were changed afterwards as changed, and names it in the event', async () => {
    await h.open();
    await added(h.deps, evidenceInput(serveFile(FILE_URL, utf8('first'))));
    const second = await added(h.deps, evidenceInput(serveFile(OTHER_FILE_URL, utf8('second'))));
    h.caseRecords.tamper(second.id, utf8('second, edited'));

    const result = await verify();

    expect(result.ok && result.value.items.map((i) => [i.number, i.result])).toEqual([
      [1, 'intact'],
      [2, 'changed'],
    ]);
    expect(result.ok && result.value.items[1]?.sha256).toBe(sha256(utf8('second')));
    expect(h.cases.eventsOfType('evidence_verified')[0]?.data).toEqual({ items: 2, problems: [{ number: 2, result: 'changed' }] });
  });

  it('finds a changed file as changed and a deleted file as missing (files storage)', async () => {
    await h.open();
    const deps = filesDeps();
    const a = await added(deps, evidenceInput(serveFile(FILE_URL, utf8('first'))));
    const b = await added(deps, evidenceInput(serveFile(OTHER_FILE_URL, utf8('second'))));
    const c = await added(deps, evidenceInput(serveFile(`${FILE_URL}?3`, utf8('third'))));
    h.evidenceFiles.files.set(a.path!, utf8('first, replaced'));
    h.evidenceFiles.files.delete(b.path!);

    const result = await verify(deps);

    expect(result.ok && result.value.items.map((i) => [i.number, i.result])).toEqual([
      [1, 'changed'],
      [2, 'missing'],
      [3, 'intact'],
    ]);
    expect(c.storage).toBe('files');
    expect(h.cases.eventsOfType('evidence_verified')[0]?.data).toEqual({
      items: 3,
      problems: [
        { number: 1, result: 'changed' },
        { number: 2, result: 'missing' },
      ],
    });
  });

  it('checks the items kept in the database and those kept as files side by side', async () => {
    await h.open();
    await added(h.deps, evidenceInput(serveFile(FILE_URL, utf8('in the database'))));
    await added(filesDeps(), evidenceInput(serveFile(OTHER_FILE_URL, utf8('in a file'))));
    const result = await verify(filesDeps());
    expect(result.ok && result.value.items.map((i) => i.result)).toEqual(['intact', 'intact']);
  });

  it('a case without evidence verifies to an empty list, still recorded', async () => {
    await h.open();
    expect(await verify()).toEqual({ ok: true, value: { caseNumber: 1, items: [] } });
    expect(h.cases.eventsOfType('evidence_verified')[0]?.data).toEqual({ items: 0, problems: [] });
  });

  it('works on a closed case', async () => {
    await h.open();
    await added(h.deps, evidenceInput(serveFile(FILE_URL, utf8('first'))));
    await closeOneSided();
    const result = await verify();
    expect(result.ok && result.value.items.map((i) => i.result)).toEqual(['intact']);
  });

  it('refuses a member who is not staff and a moderator who is a party, recording nothing', async () => {
    await h.open();
    const before = h.snapshot();
    expect(await verify(h.deps, h.actors.member)).toEqual({ ok: false, reason: 'not-staff' });
    expect(await verify(h.deps, staffActor(IDS.SAM))).toEqual({ ok: false, reason: 'actor-is-party' });
    expect(h.snapshot()).toEqual(before);
  });
});

// ---------------------------------------------------------------- transcripts

describe('/case transcript and the transcript taken at closing', () => {
  const T0 = new Date('2025-03-01T12:05:00.000Z');
  const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

  /** Fills both interview threads of case #1 with a short conversation. */
  async function conversation(): Promise<{ complainant: string; accused: string; messages: FetchedMessage[] }> {
    const threads = await threadsOf();
    const inComplainant = [
      fetched('700000000000000001', threads.complainant, IDS.MOD, 'Hello Alex, what happened?', at(0)),
      fetched('700000000000000003', threads.complainant, IDS.ALEX, 'Sam keeps following me', at(2), {
        attachments: [{ name: 'shot.png', url: 'https://cdn.discordapp.com/a/shot.png', size: 2048, contentType: 'image/png' }],
      }),
    ];
    const inAccused = [
      fetched('700000000000000002', threads.accused, IDS.MOD, 'Hello Sam, we need your side', at(1)),
      fetched('700000000000000004', threads.accused, IDS.SAM, 'I did nothing', at(3), { embeds: [{ title: 'An embed', description: 'quoted' }] }),
    ];
    h.recordDiscord.threads.set(threads.complainant, inComplainant);
    h.recordDiscord.threads.set(threads.accused, inAccused);
    return { ...threads, messages: [...inComplainant, ...inAccused] };
  }

  const transcriptOf = (actor: Actor = h.actors.mod, caseNumber = 1) => recordTranscript(h.deps, { guildId: IDS.GUILD, actor, caseNumber });

  it("stores every party thread's messages with their party and thread, oldest first, and records transcript_recorded", async () => {
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    await h.open();
    const { complainant, accused } = await conversation();
    const theCase = await storedCase();
    const partyOf = (role: string) => theCase.parties.find((p) => p.role === role)!.id;

    const result = await transcriptOf();

    expect(result.ok && result.value).toMatchObject({ caseNumber: 1, messages: 4, failedThreads: [] });
    const stored = await h.caseRecords.forGuild(IDS.GUILD).transcript(theCase.id);
    expect(stored.map((m) => [m.messageId, m.threadId, m.partyId, m.authorId])).toEqual([
      ['700000000000000001', complainant, partyOf('complainant'), IDS.MOD],
      ['700000000000000002', accused, partyOf('accused'), IDS.MOD],
      ['700000000000000003', complainant, partyOf('complainant'), IDS.ALEX],
      ['700000000000000004', accused, partyOf('accused'), IDS.SAM],
    ]);
    expect(stored[2]).toMatchObject({
      content: 'Sam keeps following me',
      authorName: `name-of-${IDS.ALEX}`,
      sentAt: at(2),
      editedAt: null,
      attachments: [{ name: 'shot.png', url: 'https://cdn.discordapp.com/a/shot.png', size: 2048, contentType: 'image/png' }],
    });
    expect(stored[3]?.embeds).toEqual([{ title: 'An embed', description: 'quoted' }]);
    const events = h.cases.eventsOfType('transcript_recorded');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: theCase.id, actorId: IDS.MOD, data: { messages: 4, failedThreads: [] } });
  });

  it('posts the transcript in the case-log channel as case-N-transcript.html and .md', async () => {
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    await h.open();
    await conversation();

    const result = await transcriptOf();

    expect(h.recordDiscord.posts).toHaveLength(1);
    const post = h.recordDiscord.posts[0]!;
    expect(post.channelId).toBe(IDS.CASE_LOG_CHANNEL);
    expect(post.files.map((f) => f.name)).toEqual(['case-1-transcript.html', 'case-1-transcript.md']);
    expect(post.content).toContain('#1');
    const [html, markdown] = post.files;
    expect(result.ok && result.value.posted).toEqual({ ok: true, channelId: IDS.CASE_LOG_CHANNEL });
    expect(result.ok && result.value.htmlBytes).toBe(Buffer.byteLength(html!.data));
    expect(result.ok && result.value.markdownBytes).toBe(Buffer.byteLength(markdown!.data));
    for (const text of ['Sam keeps following me', 'I did nothing', 'Hello Alex, what happened?']) {
      expect(html!.data).toContain(text);
      expect(markdown!.data).toContain(text);
    }
    expect(h.cases.eventsOfType('transcript_not_posted')).toEqual([]);
  });

  it('escapes the messages in the HTML file', async () => {
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    await h.open();
    const { accused } = await threadsOf();
    h.recordDiscord.threads.set(accused, [fetched('700000000000000009', accused, IDS.SAM, `<script>alert("hi")</script> & <img src=x onerror='boom'>`, at(0))]);

    await transcriptOf();

    const html = h.recordDiscord.posts[0]!.files[0]!.data;
    expect(html).toContain('&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=&#39;boom&#39;&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
  });

  it('without a case-log channel, stores the messages but posts nothing: no-case-log-channel', async () => {
    await h.open();
    await conversation();

    const result = await transcriptOf();

    expect(result.ok && result.value.posted).toEqual({ ok: false, reason: 'no-case-log-channel' });
    expect(result.ok && result.value.messages).toBe(4);
    expect(h.recordDiscord.posts).toEqual([]);
    expect(await h.caseRecords.forGuild(IDS.GUILD).transcript((await storedCase()).id)).toHaveLength(4);
    expect(h.cases.eventsOfType('transcript_not_posted')).toEqual([]);
  });

  it('a thread that cannot be read is recorded as failed, and the other threads are still stored', async () => {
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    await h.open();
    const { accused, complainant } = await conversation();
    const read = h.recordDiscord.threadMessages.bind(h.recordDiscord);
    vi.spyOn(h.recordDiscord, 'threadMessages').mockImplementation((threadId) =>
      threadId === accused ? Promise.resolve({ ok: false, reason: 'unknown-channel', detail: 'deleted by hand' }) : read(threadId),
    );

    const result = await transcriptOf();

    expect(result.ok && result.value).toMatchObject({ messages: 2, failedThreads: [{ threadId: accused, reason: 'unknown-channel' }] });
    const stored = await h.caseRecords.forGuild(IDS.GUILD).transcript((await storedCase()).id);
    expect(stored.map((m) => m.threadId)).toEqual([complainant, complainant]);
    expect(h.cases.eventsOfType('transcript_recorded')[0]?.data).toEqual({ messages: 2, failedThreads: [{ threadId: accused, reason: 'unknown-channel' }] });
    expect(result.ok && result.value.posted.ok).toBe(true);
  });

  it('when no thread can be read, records both failures and still posts what the record holds', async () => {
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    await h.open();
    await conversation();
    h.recordDiscord.failReads('missing-access');

    const result = await transcriptOf();

    expect(result.ok && result.value.messages).toBe(0);
    expect(result.ok && result.value.failedThreads.map((f) => f.reason)).toEqual(['missing-access', 'missing-access']);
    expect(h.recordDiscord.posts).toHaveLength(1);
  });

  it('a post that Discord refuses is recorded as transcript_not_posted, the messages still stored', async () => {
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    await h.open();
    await conversation();
    h.recordDiscord.failPosts('missing-permissions');

    const result = await transcriptOf();

    expect(result.ok && result.value.posted).toEqual({ ok: false, reason: 'missing-permissions' });
    const events = h.cases.eventsOfType('transcript_not_posted');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: (await storedCase()).id, actorId: IDS.MOD, data: { reason: 'missing-permissions' } });
    expect(await h.caseRecords.forGuild(IDS.GUILD).transcript((await storedCase()).id)).toHaveLength(4);
  });

  it('taking the transcript again updates an edited message instead of storing it twice', async () => {
    await h.open();
    const { complainant } = await conversation();
    await transcriptOf();
    const edited = fetched('700000000000000003', complainant, IDS.ALEX, 'Sam keeps following me (edited)', at(2), { editedAt: at(30) });
    h.recordDiscord.threads.set(complainant, [h.recordDiscord.threads.get(complainant)![0]!, edited]);

    await transcriptOf();

    const stored = await h.caseRecords.forGuild(IDS.GUILD).transcript((await storedCase()).id);
    expect(stored).toHaveLength(4);
    expect(stored.find((m) => m.messageId === '700000000000000003')).toMatchObject({ content: 'Sam keeps following me (edited)', editedAt: at(30) });
    expect(h.cases.eventsOfType('transcript_recorded')).toHaveLength(2);
  });

  it('a party without a thread is skipped', async () => {
    h.threads.failOpenFor(IDS.SAM, 'missing-permissions');
    await h.open();
    const theCase = await storedCase();
    const complainantThread = theCase.parties.find((p) => p.role === 'complainant')!.threadId!;
    h.recordDiscord.threads.set(complainantThread, [fetched('700000000000000001', complainantThread, IDS.ALEX, 'hi', at(0))]);
    const reads = vi.spyOn(h.recordDiscord, 'threadMessages');

    const result = await transcriptOf();

    expect(reads.mock.calls).toEqual([[complainantThread]]);
    expect(result.ok && result.value).toMatchObject({ messages: 1, failedThreads: [] });
  });

  it('can be taken on a closed case', async () => {
    await h.open();
    await closeOneSided();
    await conversation();
    const result = await transcriptOf();
    expect(result.ok && result.value.messages).toBe(4);
  });

  it('refuses a member who is not staff and a moderator who is a party, storing and posting nothing', async () => {
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    await h.open();
    await conversation();
    const before = await recordState();
    expect(await transcriptOf(h.actors.member)).toEqual({ ok: false, reason: 'not-staff' });
    expect(await transcriptOf(staffActor(IDS.ALEX))).toEqual({ ok: false, reason: 'actor-is-party' });
    expect(await transcriptOf(h.actors.mod, 7)).toEqual({ ok: false, reason: 'case-not-found' });
    expect(await recordState()).toEqual(before);
  });

  it('closing a case copies the threads into the record and posts the transcript, after the closing messages', async () => {
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    await h.open();
    await conversation();

    const closed = await closeOneSided();

    expect(closed.threads).toMatchObject({ status: 'done' });
    expect(closed.threads.status === 'done' && closed.threads.transcript).toMatchObject({ caseNumber: 1, messages: 4, failedThreads: [], posted: { ok: true, channelId: IDS.CASE_LOG_CHANNEL } });
    expect(await h.caseRecords.forGuild(IDS.GUILD).transcript(closed.case.id)).toHaveLength(4);
    const types = h.cases.events.filter((e) => e.caseId === closed.case.id).map((e) => e.type);
    expect(types.indexOf('case_closed')).toBeLessThan(types.indexOf('transcript_recorded'));
    const html = h.recordDiscord.posts[0]!.files[0]!.data;
    expect(html).toContain('Sam keeps following me');
    expect(html).toContain('Nothing more to do'); // the close reason: the document is built after closing
  });

  it('closing without a case-log channel still stores the transcript', async () => {
    await h.open();
    await conversation();
    const closed = await closeOneSided();
    expect(closed.threads.status === 'done' && closed.threads.transcript?.posted).toEqual({ ok: false, reason: 'no-case-log-channel' });
    expect(await h.caseRecords.forGuild(IDS.GUILD).transcript(closed.case.id)).toHaveLength(4);
  });

  it('closing when the transcript cannot be posted still closes, and records transcript_not_posted', async () => {
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    await h.open();
    await conversation();
    h.recordDiscord.failPosts('unavailable');
    const closed = await closeOneSided();
    expect(closed.case.status).toBe('closed');
    expect(closed.threads.status === 'done' && closed.threads.transcript?.posted).toEqual({ ok: false, reason: 'unavailable' });
    expect(h.cases.eventsOfType('transcript_not_posted')).toHaveLength(1);
  });

  it('a refused close takes no transcript', async () => {
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    await h.open();
    await conversation();
    const reads = vi.spyOn(h.recordDiscord, 'threadMessages');
    const result = await closeCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, outcome: 'no_action', reason: 'r', oneSidedReason: null });
    expect(result).toEqual({ ok: false, reason: 'one-sided-close-needs-reason' });
    expect(reads).not.toHaveBeenCalled();
    expect(h.recordDiscord.posts).toEqual([]);
    expect(h.cases.eventsOfType('transcript_recorded')).toEqual([]);
  });
});

// ---------------------------------------------------------------- related cases

describe('related cases, shown to staff when opening and viewing a case', () => {
  const view = (caseNumber: number, actor: Actor = h.actors.mod) => viewCase(h.deps, { guildId: IDS.GUILD, actor, caseNumber });

  it('opening the first case between two people finds nothing related', async () => {
    const opened = await h.open();
    expect(opened.related).toEqual([]);
  });

  it('when Sam then complains about Alex, opening that case shows the first as the same pair reversed', async () => {
    await h.open();
    const second = await h.open({ complainant: { id: IDS.SAM, isBot: false }, accused: { id: IDS.ALEX, isBot: false } });
    expect(second.related).toEqual([{ number: 1, status: 'open', outcome: null, relation: 'same-pair-reversed' }]);
  });

  it('viewing a case lists the related cases, strongest relation first, then newest, with status and outcome', async () => {
    await h.open(); // #1 Alex -> Sam
    await closeOneSided(1);
    await h.open({ complainant: { id: IDS.ROBIN, isBot: false } }); // #2 Robin -> Sam: same accused
    await h.open({ accused: { id: IDS.ROBIN, isBot: false } }); // #3 Alex -> Robin: same complainant
    await h.open({ complainant: { id: IDS.SAM, isBot: false }, accused: { id: IDS.ALEX, isBot: false } }); // #4 Sam -> Alex: reversed
    await h.open(); // #5 Alex -> Sam again

    const result = await view(5);

    expect(result.ok && result.value.related).toEqual([
      { number: 4, status: 'open', outcome: null, relation: 'same-pair-reversed' },
      { number: 1, status: 'closed', outcome: 'no_action', relation: 'same-pair' },
      { number: 2, status: 'open', outcome: null, relation: 'same-accused' },
      { number: 3, status: 'open', outcome: null, relation: 'same-complainant' },
    ]);
  });

  it('leaves out a case in which the complainant was only a witness', async () => {
    await h.open({ complainant: { id: IDS.ROBIN, isBot: false }, accused: { id: ROBIN_2, isBot: false } }); // #1 Robin -> someone
    const witness = await addSide(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, user: { id: IDS.ALEX, isBot: false }, statement: 'I saw it', role: 'witness' });
    expect(witness.ok).toBe(true);

    const second = await h.open(); // #2 Alex -> Sam

    expect(second.related).toEqual([]);
    const result = await view(2);
    expect(result.ok && result.value.related).toEqual([]);
  });

  it("never shows a case of another server", async () => {
    await h.configure(IDS.OTHER_GUILD);
    await h.open({ guildId: IDS.OTHER_GUILD });
    const here = await h.open();
    expect(here.related).toEqual([]);
    const result = await view(1);
    expect(result.ok && result.value.related).toEqual([]);
  });

  it('viewing a case counts its evidence', async () => {
    await h.open();
    await added(h.deps, evidenceInput(serveFile(FILE_URL, utf8('one'))));
    await added(h.deps, evidenceInput(serveFile(OTHER_FILE_URL, utf8('two'))));
    const result = await view(1);
    expect(result.ok && result.value.evidence).toBe(2);
  });

  it('a moderator who is a party to the case sees none of it, related cases included', async () => {
    await h.open();
    await h.open({ complainant: { id: IDS.SAM, isBot: false }, accused: { id: IDS.ALEX, isBot: false } });
    expect(await view(2, staffActor(IDS.ALEX))).toEqual({ ok: false, reason: 'actor-is-party' });
  });
});

// ---------------------------------------------------------------- retention

describe('the retention sweep', () => {
  async function withRetention(days: number | null, guildId: string = IDS.GUILD): Promise<void> {
    await h.configure(guildId, { retentionDays: days });
  }

  async function hold(hold: boolean, actor: Actor = h.actors.admin, caseNumber = 1) {
    return setLegalHold(h.deps, { guildId: IDS.GUILD, actor, caseNumber, hold });
  }

  /** Case #n with a statement, a note, a transcript message and an evidence item, then closed. */
  async function fullCaseClosed(deps: ServiceDeps = h.deps): Promise<{ caseId: string; evidence: EvidenceRecord }> {
    const opened = await h.open();
    const n = opened.case.number;
    const side = await addSide(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: n, user: { id: IDS.ALEX, isBot: false }, statement: 'What Alex says', role: null });
    expect(side.ok).toBe(true);
    expect((await addNote(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: n, text: 'Staff only' })).ok).toBe(true);
    const evidence = await added(deps, evidenceInput(serveFile(`${FILE_URL}?${n}`, utf8(`evidence of case ${n}`)), { caseNumber: n }));
    const threads = await threadsOf(n);
    h.recordDiscord.threads.set(threads.complainant, [fetched(`70000000000000${String(n).padStart(4, '0')}`, threads.complainant, IDS.ALEX, 'personal words', h.clock.now())]);
    await closeOneSided(n);
    return { caseId: opened.case.id, evidence };
  }

  it('a case put on legal hold between being listed and being deleted keeps its case and its evidence files', async () => {
    await withRetention(30);
    const deps = filesDeps();
    await fullCaseClosed(deps);
    h.clock.advance(31 * DAY_MS);
    patchGuild(h.caseRecords, (inner) => ({
      expiredCases: async (...args) => {
        const listed = await inner.expiredCases(...args);
        if (listed.length > 0) await hold(true); // an admin, a moment after the sweep listed the case
        return listed;
      },
    }));
    const sweepDeps = deps;

    const outcome = await sweepRetention(sweepDeps);

    expect(outcome).toMatchObject({ deleted: 0, filesRemoved: 0 });
    expect((await storedCase()).legalHold).toBe(true);
    expect(h.evidenceFiles.files.size).toBe(1);
    expect(h.caseRecords.retentionLog).toEqual([]);
  });

  it('deletes a closed case older than the retention with its statements, notes, events, transcript and evidence', async () => {
    await withRetention(30);
    const { caseId, evidence } = await fullCaseClosed();
    const closedAt = (await storedCase()).closedAt!;
    expect(await h.caseRecords.forGuild(IDS.GUILD).transcript(caseId)).toHaveLength(1);
    h.clock.advance(31 * DAY_MS);

    const outcome = await sweepRetention(h.deps);

    expect(outcome).toMatchObject({ guilds: 1, deleted: 1, filesRemoved: 0 });
    expect(await h.cases.forGuild(IDS.GUILD).find(1)).toBeNull();
    expect(h.snapshot()).toMatchObject({ cases: 0, parties: 0, statements: 0, notes: 0 });
    expect(h.cases.events.filter((e) => e.caseId === caseId)).toEqual([]);
    expect(await h.caseRecords.forGuild(IDS.GUILD).transcript(caseId)).toEqual([]);
    expect(await h.caseRecords.forGuild(IDS.GUILD).evidenceOf(caseId)).toEqual([]);
    expect(await h.caseRecords.forGuild(IDS.GUILD).evidenceBytes(evidence.id)).toBeNull();
    expect(h.caseRecords.retentionLog).toEqual([{ guildId: IDS.GUILD, caseNumber: 1, closedAt, retentionDays: 30, deletedAt: h.clock.now() }]);
  });

  it('the retention log row holds no personal content: no user ids, texts or hashes', async () => {
    await withRetention(30);
    const { evidence } = await fullCaseClosed();
    h.clock.advance(31 * DAY_MS);
    await sweepRetention(h.deps);
    const row = JSON.stringify(h.caseRecords.retentionLog);
    expect(Object.keys(h.caseRecords.retentionLog[0]!).sort()).toEqual(['caseNumber', 'closedAt', 'deletedAt', 'guildId', 'retentionDays']);
    for (const personal of [IDS.ALEX, IDS.SAM, IDS.MOD, 'What Alex says', 'personal words', 'Staff only', evidence.sha256]) expect(row).not.toContain(personal);
  });

  it('keeps a case closed exactly the retention ago, and deletes it a moment later', async () => {
    await withRetention(30);
    await h.open();
    await closeOneSided();
    h.clock.advance(30 * DAY_MS);
    expect((await sweepRetention(h.deps)).deleted).toBe(0);
    expect(await h.cases.forGuild(IDS.GUILD).find(1)).not.toBeNull();
    h.clock.advance(1);
    expect((await sweepRetention(h.deps)).deleted).toBe(1);
    expect(await h.cases.forGuild(IDS.GUILD).find(1)).toBeNull();
  });

  it('keeps a case closed more recently, until its own time comes', async () => {
    await withRetention(30);
    await h.open();
    await closeOneSided(1);
    h.clock.advance(20 * DAY_MS);
    await h.open();
    await closeOneSided(2);
    h.clock.advance(11 * DAY_MS);

    expect((await sweepRetention(h.deps)).deleted).toBe(1);
    expect(await h.cases.forGuild(IDS.GUILD).find(1)).toBeNull();
    expect((await h.cases.forGuild(IDS.GUILD).find(2))?.status).toBe('closed');

    h.clock.advance(20 * DAY_MS);
    expect((await sweepRetention(h.deps)).deleted).toBe(1);
    expect(await h.cases.forGuild(IDS.GUILD).find(2)).toBeNull();
    expect(h.caseRecords.retentionLog.map((r) => r.caseNumber)).toEqual([1, 2]);
  });

  it('keeps an open case whatever its age', async () => {
    await withRetention(1);
    await h.open();
    await addSide(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, user: { id: IDS.ALEX, isBot: false }, statement: 'still going', role: null });
    h.clock.advance(1000 * DAY_MS);
    const before = h.snapshot();
    expect((await sweepRetention(h.deps)).deleted).toBe(0);
    expect(h.snapshot()).toEqual(before);
    expect(h.caseRecords.retentionLog).toEqual([]);
  });

  it('keeps a case on legal hold, and deletes it at the next sweep once the hold is lifted', async () => {
    await withRetention(30);
    await h.open();
    await closeOneSided();
    expect(await hold(true)).toEqual({ ok: true, value: { caseNumber: 1, hold: true } });
    h.clock.advance(400 * DAY_MS);

    expect((await sweepRetention(h.deps)).deleted).toBe(0);
    expect((await storedCase()).legalHold).toBe(true);
    expect(h.caseRecords.retentionLog).toEqual([]);

    expect(await hold(false)).toEqual({ ok: true, value: { caseNumber: 1, hold: false } });
    expect((await sweepRetention(h.deps)).deleted).toBe(1);
    expect(await h.cases.forGuild(IDS.GUILD).find(1)).toBeNull();
  });

  it('leaves guilds without a retention alone, and sweeps only the guild whose policy it applies', async () => {
    await withRetention(30);
    await withRetention(null, IDS.OTHER_GUILD);
    await h.open({ guildId: IDS.OTHER_GUILD });
    await closeOneSided(1, IDS.OTHER_GUILD);
    await h.open();
    await closeOneSided(1);
    h.clock.advance(5000 * DAY_MS);

    const outcome = await sweepRetention(h.deps);

    expect(outcome).toMatchObject({ guilds: 1, deleted: 1 });
    expect(await h.cases.forGuild(IDS.GUILD).find(1)).toBeNull();
    expect((await h.cases.forGuild(IDS.OTHER_GUILD).find(1))?.status).toBe('closed');
    expect(h.caseRecords.retentionLog.map((r) => r.guildId)).toEqual([IDS.GUILD]);
  });

  it('applies each guild its own retention', async () => {
    await withRetention(30);
    await withRetention(90, IDS.OTHER_GUILD);
    await h.open({ guildId: IDS.OTHER_GUILD });
    await closeOneSided(1, IDS.OTHER_GUILD);
    await h.open();
    await closeOneSided(1);
    h.clock.advance(60 * DAY_MS);

    expect(await sweepRetention(h.deps)).toMatchObject({ guilds: 2, deleted: 1 });
    expect(await h.cases.forGuild(IDS.GUILD).find(1)).toBeNull();
    expect(await h.cases.forGuild(IDS.OTHER_GUILD).find(1)).not.toBeNull();
  });

  it('with no guild keeping cases for a limited time, does nothing', async () => {
    await h.open();
    await closeOneSided();
    h.clock.advance(5000 * DAY_MS);
    const before = h.snapshot();
    expect(await sweepRetention(h.deps)).toMatchObject({ guilds: 0, deleted: 0, filesRemoved: 0 });
    expect(h.snapshot()).toEqual(before);
  });

  it('removes the files of deleted evidence (files storage), and only those', async () => {
    await withRetention(30);
    const deps = filesDeps();
    const { evidence } = await fullCaseClosed(deps); // #1: deleted
    h.clock.advance(20 * DAY_MS);
    const kept = await fullCaseClosed(deps); // #2: closed 11 days before the sweep
    h.clock.advance(11 * DAY_MS);
    expect(h.evidenceFiles.files.size).toBe(2);

    const outcome = await sweepRetention(deps);

    expect(outcome).toMatchObject({ deleted: 1, filesRemoved: 1 });
    expect(h.evidenceFiles.files.has(evidence.path!)).toBe(false);
    expect(h.evidenceFiles.files.has(kept.evidence.path!)).toBe(true);
  });

  it('deletes many expired cases in one sweep', async () => {
    await withRetention(7);
    for (let i = 1; i <= 12; i++) {
      await h.open();
      await closeOneSided(i);
    }
    h.clock.advance(8 * DAY_MS);
    expect((await sweepRetention(h.deps)).deleted).toBe(12);
    expect(h.snapshot().cases).toBe(0);
    expect(h.caseRecords.retentionLog.map((r) => r.caseNumber)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});

// ---------------------------------------------------------------- legal hold and export

describe('/case hold', () => {
  it('an admin puts a case on hold and lifts it, each with its event', async () => {
    await h.open();
    const theCase = await storedCase();
    expect(await setLegalHold(h.deps, { guildId: IDS.GUILD, actor: h.actors.admin, caseNumber: 1, hold: true })).toEqual({ ok: true, value: { caseNumber: 1, hold: true } });
    expect((await storedCase()).legalHold).toBe(true);
    expect(await setLegalHold(h.deps, { guildId: IDS.GUILD, actor: h.actors.admin, caseNumber: 1, hold: false })).toEqual({ ok: true, value: { caseNumber: 1, hold: false } });
    expect((await storedCase()).legalHold).toBe(false);
    expect(h.cases.events.filter((e) => e.caseId === theCase.id && e.type.startsWith('legal_hold')).map((e) => [e.type, e.actorId])).toEqual([
      ['legal_hold_set', IDS.ADMIN],
      ['legal_hold_lifted', IDS.ADMIN],
    ]);
  });

  it('works on a closed case', async () => {
    await h.open();
    await closeOneSided();
    expect((await setLegalHold(h.deps, { guildId: IDS.GUILD, actor: h.actors.admin, caseNumber: 1, hold: true })).ok).toBe(true);
  });

  it('refuses a moderator (not-admin), a member (not-staff) and an admin who is a party (actor-is-party), changing nothing', async () => {
    await h.open();
    const before = await recordState();
    const holdBy = (actor: Actor) => setLegalHold(h.deps, { guildId: IDS.GUILD, actor, caseNumber: 1, hold: true });
    expect(await holdBy(h.actors.mod)).toEqual({ ok: false, reason: 'not-admin' });
    expect(await holdBy(h.actors.member)).toEqual({ ok: false, reason: 'not-staff' });
    expect(await holdBy(adminActor(IDS.SAM))).toEqual({ ok: false, reason: 'actor-is-party' });
    expect(await recordState()).toEqual(before);
    expect((await storedCase()).legalHold).toBe(false);
  });
});

describe('/case export', () => {
  const exported = (actor: Actor = h.actors.admin) => exportCase(h.deps, { guildId: IDS.GUILD, actor, caseNumber: 1 });

  /** A case with something of everything: sides, a note, an escalation, a delivery, a transcript, evidence of both kinds. */
  async function richCase(deps: ServiceDeps = h.deps) {
    await h.open();
    for (const user of [IDS.ALEX, IDS.SAM]) {
      const side = await addSide(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, user: { id: user, isBot: false }, statement: `Side of ${user}`, role: null });
      expect(side.ok).toBe(true);
    }
    expect((await addNote(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, text: 'Staff note' })).ok).toBe(true);
    expect((await escalate(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, reason: 'Real-life threats mentioned', urgency: 'urgent' })).ok).toBe(true);
    expect((await sendSafeChat(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, user: { id: IDS.ALEX, isBot: false }, topic: 'all', caseNumber: 1, force: false })).ok).toBe(true);
    const fileBytes = new Uint8Array([0, 1, 2, 250, 251, 252, 255, 10, 13]);
    const file = await added(deps, evidenceInput(serveFile(FILE_URL, fileBytes, 'application/octet-stream')));
    const { link, message } = serveMessage();
    const msg = await added(deps, evidenceInput({ kind: 'message', link }));
    const threads = await threadsOf();
    h.recordDiscord.threads.set(threads.complainant, [fetched('700000000000000001', threads.complainant, IDS.ALEX, 'In my own words', h.clock.now())]);
    expect((await recordTranscript(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1 })).ok).toBe(true);
    return { file, fileBytes, msg, msgBytes: utf8(`${JSON.stringify(message.raw, null, 2)}\n`) };
  }

  it('gives an admin everything stored about the case: record, all events, transcript and evidence bytes', async () => {
    const { file, fileBytes, msg, msgBytes } = await richCase();
    const theCase = await storedCase();
    const eventsBefore = await h.caseRecords.forGuild(IDS.GUILD).allEvents(theCase.id);
    expect(eventsBefore.length).toBeGreaterThan(10); // more than /case view shows
    h.clock.advance(60_000);

    const result = await exported();

    if (!result.ok) throw new Error(`export refused with ${result.reason}`);
    const out = result.value;
    expect(out).toMatchObject({ format: 'bothsides-case-export', version: 1, exportedAt: h.clock.now().toISOString(), exportedById: IDS.ADMIN });
    const { recentEvents: _recent, ...record } = (await h.cases.forGuild(IDS.GUILD).detail(1, 0))!;
    expect(out.case).toEqual(record);
    expect(out.case).not.toHaveProperty('recentEvents');
    expect(out.case.parties).toHaveLength(2);
    expect(out.case.statements.map((s) => s.text)).toEqual([`Side of ${IDS.ALEX}`, `Side of ${IDS.SAM}`]);
    expect(out.case.notes.map((n) => n.text)).toEqual(['Staff note']);
    expect(out.case.escalations.map((e) => e.reason)).toEqual(['Real-life threats mentioned']);
    expect(out.case.deliveries.map((d) => d.userId)).toEqual([IDS.ALEX]);
    expect(out.events).toEqual(eventsBefore);
    expect(out.events.map((e) => e.type)).toEqual(expect.arrayContaining(['case_opened', 'statement_recorded', 'note_added', 'case_escalated', 'evidence_added', 'transcript_recorded']));
    expect(out.transcript.map((m) => m.content)).toEqual(['In my own words']);
    expect(out.evidence.map((e) => e.id)).toEqual([file.id, msg.id]);
    expect(out.evidence[0]).toMatchObject({ ...file, bytesBase64: Buffer.from(fileBytes).toString('base64') });
    expect(new Uint8Array(Buffer.from(out.evidence[0]!.bytesBase64!, 'base64'))).toEqual(fileBytes);
    expect(new Uint8Array(Buffer.from(out.evidence[1]!.bytesBase64!, 'base64'))).toEqual(msgBytes);
    expect(sha256(Buffer.from(out.evidence[1]!.bytesBase64!, 'base64'))).toBe(msg.sha256);
  });

  it('is JSON-serialisable as a whole', async () => {
    await richCase();
    const result = await exported();
    if (!result.ok) throw new Error(result.reason);
    const text = JSON.stringify(result.value);
    expect(JSON.parse(text)).toMatchObject({ format: 'bothsides-case-export', version: 1 });
  });

  it('records a case_exported event by the admin', async () => {
    await h.open();
    await exported();
    const events = h.cases.eventsOfType('case_exported');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: (await storedCase()).id, actorId: IDS.ADMIN });
  });

  it('reads the bytes of evidence kept as files, and gives null for a file that is gone', async () => {
    await h.open();
    const deps = filesDeps();
    const kept = await added(deps, evidenceInput(serveFile(FILE_URL, utf8('on disk'))));
    const gone = await added(deps, evidenceInput(serveFile(OTHER_FILE_URL, utf8('deleted by hand'))));
    h.evidenceFiles.files.delete(gone.path!);

    const result = await exportCase(deps, { guildId: IDS.GUILD, actor: h.actors.admin, caseNumber: 1 });

    expect(result.ok && result.value.evidence.map((e) => [e.number, e.bytesBase64])).toEqual([
      [1, Buffer.from('on disk').toString('base64')],
      [2, null],
    ]);
    expect(result.ok && result.value.evidence[0]?.bytesBase64 === Buffer.from(h.evidenceFiles.files.get(kept.path!)!).toString('base64')).toBe(true);
  });

  it('exports a closed case too', async () => {
    await h.open();
    await closeOneSided();
    const result = await exported();
    expect(result.ok && result.value.case.status).toBe('closed');
  });

  it('refuses a moderator (not-admin), a member (not-staff) and an admin who is a party, recording nothing', async () => {
    await h.open();
    const before = await recordState();
    expect(await exported(h.actors.mod)).toEqual({ ok: false, reason: 'not-admin' });
    expect(await exported(h.actors.member)).toEqual({ ok: false, reason: 'not-staff' });
    expect(await exported(adminActor(IDS.ALEX))).toEqual({ ok: false, reason: 'actor-is-party' });
    expect(await recordState()).toEqual(before);
    expect(h.cases.eventsOfType('case_exported')).toEqual([]);
  });
});
