import type { Registry } from '../src/discord/router.js';
import { acknowledgeButton } from './case/acknowledge-button.js';
import { addSideModal } from './case/addside.js';
import { caseCommand } from './case/index.js';
import { listPageButton } from './case/list.js';
import { recordStatementCommand } from './record-statement.js';
import { safechatCommand } from './safechat.js';
import { setupCommand } from './setup.js';

/** The one list of commands and components: used by the bot and by deploy-commands. */
export const registry: Registry = {
  commands: [setupCommand, caseCommand, safechatCommand, recordStatementCommand],
  components: [acknowledgeButton, listPageButton, addSideModal],
};
