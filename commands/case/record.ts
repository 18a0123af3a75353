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
import { localized } from '../localized.js';

const caseOf = (interaction: { options: { getInteger(name: string, required: true): number } }) => interaction.options.getInteger('case', true);

export const caseTranscript: Subcommand = {
  name: 'transcript',
  key: 'commands.case.transcript',
  defer: 'ephemeral',
  build: (b) => caseNumberOption(b),
  async execute(interaction, { deps, t }) {
    const result = await recordTranscript(deps, { ...callerOf(interaction), caseNumber: caseOf(interaction) });
    await answer(interaction, { content: result.ok ? t('transcriptReply.ofCase', { number: result.value.caseNumber, line: transcriptLine(t, result.value) }) : failureText(t, result) });
  },
};

export const caseEvidence: Subcommand = {
  name: 'evidence',
  key: 'commands.case.evidence',
  defer: 'ephemeral',
  build: (b) =>
    caseNumberOption(b)
      .addAttachmentOption((o) => localized(o, 'file', 'commands.case.evidence.file'))
      .addStringOption((o) => localized(o, 'message_link', 'commands.case.evidence.message_link').setMaxLength(200))
      .addStringOption((o) => localized(o, 'note', 'commands.case.evidence.note').setMaxLength(NOTE_MAX)),
  async execute(interaction, { deps, t }) {
    const file = interaction.options.getAttachment('file');
    const link = interaction.options.getString('message_link');
    if ((file === null) === (link === null)) {
      await answer(interaction, { content: t('caseRecord.fileOrLink') });
      return;
    }
    const source: EvidenceSource = file
      ? { kind: 'file', url: file.url, name: file.name, contentType: file.contentType, size: file.size }
      : { kind: 'message', link: link ?? '' };
    const result = await addEvidence(deps, { ...callerOf(interaction), caseNumber: caseOf(interaction), source, note: interaction.options.getString('note') });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const e = result.value;
    await answer(interaction, {
      content: t('caseRecord.kept', { evidence: e.number, number: caseOf(interaction), file: e.fileName, type: e.contentType, size: e.size, sha256: e.sha256 }),
    });
  },
};

export const caseVerify: Subcommand = {
  name: 'verify',
  key: 'commands.case.verify',
  defer: 'ephemeral',
  build: (b) => caseNumberOption(b),
  async execute(interaction, { deps, t }) {
    const result = await verifyEvidence(deps, { ...callerOf(interaction), caseNumber: caseOf(interaction) });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const { caseNumber, items } = result.value;
    if (items.length === 0) {
      await answer(interaction, { content: t('caseRecord.noEvidence', { number: caseNumber }) });
      return;
    }
    const bad = items.filter((i) => i.result !== 'intact');
    const lines = items.map((i) => t('caseRecord.itemLine', { evidence: i.number, file: i.fileName, result: t(`caseRecord.${i.result}`) }));
    const head =
      bad.length === 0
        ? t('caseRecord.allIntact', { count: items.length, number: caseNumber })
        : t('caseRecord.mismatch', { bad: bad.length, count: items.length, number: caseNumber });
    await answer(interaction, { content: [head, ...lines].join('\n').slice(0, 2000) });
  },
};

export const caseExport: Subcommand = {
  name: 'export',
  key: 'commands.case.export',
  defer: 'manual',
  build: (b) => caseNumberOption(b),
  async execute(interaction, { deps, t }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await exportCase(deps, { ...callerOf(interaction), caseNumber: caseOf(interaction) });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const json = JSON.stringify(result.value, null, 2);
    const file = new AttachmentBuilder(Buffer.from(json, 'utf8'), { name: `case-${result.value.case.number}-export.json` });
    await interaction.editReply({
      content: t('caseRecord.exported', { number: result.value.case.number, size: Buffer.byteLength(json) }),
      files: [file],
      allowedMentions: { parse: [] },
    });
  },
};

export const caseHold: Subcommand = {
  name: 'hold',
  key: 'commands.case.hold',
  defer: 'ephemeral',
  build: (b) => caseNumberOption(b).addBooleanOption((o) => localized(o, 'on', 'commands.case.hold.on')),
  async execute(interaction, { deps, t }) {
    const hold = interaction.options.getBoolean('on') ?? true;
    const result = await setLegalHold(deps, { ...callerOf(interaction), caseNumber: caseOf(interaction), hold });
    await answer(interaction, {
      content: result.ok
        ? t(result.value.hold ? 'caseRecord.held' : 'caseRecord.released', { number: result.value.caseNumber })
        : failureText(t, result),
    });
  },
};
