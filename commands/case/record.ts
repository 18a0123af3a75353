/**
 * The case record: /case transcript, /case evidence, /case verify (staff),
 * /case export and /case hold (admins).
 */
import { AttachmentBuilder, MessageFlags } from 'discord.js';
import { NOTE_MAX } from '../../src/domain/text-limits.js';
import { answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { failureText } from '../../src/messages/failure-texts.js';
import { exportCase, setLegalHold } from '../../src/services/case-admin.js';
import { addEvidence, verifyEvidence, type EvidenceSource } from '../../src/services/evidence.js';
import { recordTranscript } from '../../src/services/transcript.js';
import type { Subcommand } from '../subcommand.js';
import { caseNumberOption } from '../options.js';
import { transcriptLine } from './close.js';

const caseOf = (interaction: { options: { getInteger(name: string, required: true): number } }) => interaction.options.getInteger('case', true);

export const caseTranscript: Subcommand = {
  name: 'transcript',
  defer: 'ephemeral',
  build: (b) => caseNumberOption(b.setDescription('Copy the interview threads into the record now and post the transcript (staff only)')),
  async execute(interaction, { deps }) {
    const result = await recordTranscript(deps, { ...callerOf(interaction), caseNumber: caseOf(interaction) });
    await answer(interaction, { content: result.ok ? `Case #${result.value.caseNumber}: ${transcriptLine(result.value)}` : failureText(result) });
  },
};

export const caseEvidence: Subcommand = {
  name: 'evidence',
  defer: 'ephemeral',
  build: (b) =>
    caseNumberOption(b.setDescription('Keep a file or a message as evidence: the bytes, with their SHA-256'))
      .addAttachmentOption((o) => o.setName('file').setDescription('A screenshot or other file'))
      .addStringOption((o) => o.setName('message_link').setDescription('Or a message: right-click it → Copy Message Link').setMaxLength(200))
      .addStringOption((o) => o.setName('note').setDescription('What it shows (staff only)').setMaxLength(NOTE_MAX)),
  async execute(interaction, { deps }) {
    const file = interaction.options.getAttachment('file');
    const link = interaction.options.getString('message_link');
    if ((file === null) === (link === null)) {
      await answer(interaction, { content: 'Give either a file or a message link (one of them). Nothing was stored.' });
      return;
    }
    const source: EvidenceSource = file
      ? { kind: 'file', url: file.url, name: file.name, contentType: file.contentType, size: file.size }
      : { kind: 'message', link: link ?? '' };
    const result = await addEvidence(deps, { ...callerOf(interaction), caseNumber: caseOf(interaction), source, note: interaction.options.getString('note') });
    if (!result.ok) return answerRefusal(interaction, result);
    const e = result.value;
    await answer(interaction, {
      content: `Kept as evidence E${e.number} of case #${caseOf(interaction)}: ${e.fileName} (${e.contentType}, ${e.size} bytes).\nSHA-256 \`${e.sha256}\`. \`/case verify\` checks it is unchanged.`,
    });
  },
};

export const caseVerify: Subcommand = {
  name: 'verify',
  defer: 'ephemeral',
  build: (b) => caseNumberOption(b.setDescription("Check every evidence item against the hash taken when it was added")),
  async execute(interaction, { deps }) {
    const result = await verifyEvidence(deps, { ...callerOf(interaction), caseNumber: caseOf(interaction) });
    if (!result.ok) return answerRefusal(interaction, result);
    const { caseNumber, items } = result.value;
    if (items.length === 0) {
      await answer(interaction, { content: `Case #${caseNumber} has no evidence yet.` });
      return;
    }
    const bad = items.filter((i) => i.result !== 'intact');
    const lines = items.map((i) => `E${i.number} ${i.fileName}: ${i.result === 'intact' ? 'intact' : i.result === 'changed' ? '**CHANGED since it was added**' : '**MISSING**'}`);
    const head = bad.length === 0 ? `All ${items.length} evidence items of case #${caseNumber} are intact.` : `**${bad.length} of ${items.length} evidence items of case #${caseNumber} do not match their hash.** Tell an admin; the check is in the audit log.`;
    await answer(interaction, { content: [head, ...lines].join('\n').slice(0, 2000) });
  },
};

export const caseExport: Subcommand = {
  name: 'export',
  defer: 'manual',
  build: (b) => caseNumberOption(b.setDescription('Admins: everything stored about a case, as a JSON file (only you see it)')),
  async execute(interaction, { deps }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await exportCase(deps, { ...callerOf(interaction), caseNumber: caseOf(interaction) });
    if (!result.ok) return answerRefusal(interaction, result);
    const json = JSON.stringify(result.value, null, 2);
    const file = new AttachmentBuilder(Buffer.from(json, 'utf8'), { name: `case-${result.value.case.number}-export.json` });
    await interaction.editReply({
      content: `Case #${result.value.case.number}, everything stored about it (${Buffer.byteLength(json)} bytes). Keep it safe: it holds personal information.`,
      files: [file],
      allowedMentions: { parse: [] },
    });
  },
};

export const caseHold: Subcommand = {
  name: 'hold',
  defer: 'ephemeral',
  build: (b) =>
    caseNumberOption(b.setDescription('Admins: put a case on legal hold (never deleted by retention), or lift it')).addBooleanOption((o) =>
      o.setName('on').setDescription('True to hold, False to lift (default True)'),
    ),
  async execute(interaction, { deps }) {
    const hold = interaction.options.getBoolean('on') ?? true;
    const result = await setLegalHold(deps, { ...callerOf(interaction), caseNumber: caseOf(interaction), hold });
    await answer(interaction, {
      content: result.ok
        ? result.value.hold
          ? `Case #${result.value.caseNumber} is on legal hold: the retention sweep will never delete it.`
          : `Case #${result.value.caseNumber} is no longer on legal hold.`
        : failureText(result),
    });
  },
};
