import type { Registry } from '../src/discord/router.js';
import { acknowledgeButton } from './case/acknowledge-button.js';
import { addSideModal } from './case/addside.js';
import { caseCommand } from './case/index.js';
import { listPageButton } from './case/list.js';
import { recordStatementCommand } from './record-statement.js';
import { reportCommand } from './report/list.js';
import { reportMessageForm, reportUserForm } from './report/report-form.js';
import { reportMessageCommand, reportUserCommand } from './report/report-menus.js';
import { reportDismissButton, reportDismissForm, reportMergeButton, reportMergeForm, reportOpenSelect } from './report/triage.js';
import { safechatCommand } from './safechat.js';
import { setupCommand } from './setup.js';

/** The one list of commands and components: used by the bot and by deploy-commands. */
export const registry: Registry = {
  commands: [setupCommand, caseCommand, safechatCommand, recordStatementCommand, reportCommand, reportUserCommand, reportMessageCommand],
  components: [
    acknowledgeButton,
    listPageButton,
    addSideModal,
    reportUserForm,
    reportMessageForm,
    reportOpenSelect,
    reportMergeButton,
    reportMergeForm,
    reportDismissButton,
    reportDismissForm,
  ],
};
