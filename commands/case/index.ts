import { PermissionFlagsBits } from 'discord.js';
import { groupedCommand } from '../grouped-command.js';
import { caseAddSide } from './addside.js';
import { caseClose } from './close.js';
import { caseEscalate } from './escalate.js';
import { caseList } from './list.js';
import { caseNote } from './note.js';
import { caseOpen } from './open.js';
import { caseView } from './view.js';
import { caseStatsCommand } from './stats.js';
import { caseFollowup } from './followup.js';
import { caseEvidence, caseExport, caseHold, caseTranscript, caseVerify } from './record.js';

/** /case: the moderator workflow. The staff role is checked on every use. */
export const caseCommand = groupedCommand('case', 'commands.case', PermissionFlagsBits.ManageMessages, [
  caseOpen,
  caseAddSide,
  caseEscalate,
  caseView,
  caseList,
  caseNote,
  caseClose,
  caseTranscript,
  caseEvidence,
  caseVerify,
  caseExport,
  caseHold,
  caseStatsCommand,
  caseFollowup,
]);
