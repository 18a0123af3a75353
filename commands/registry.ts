import { defineRegistry, type Registry } from '../src/discord/router.js';
import { caseCommand } from './case/index.js';
import { recordStatementCommand } from './record-statement.js';
import { removeAndKeepCommand } from './remove-and-keep.js';
import { reportCommand } from './report/list.js';
import { reportMessageCommand, reportUserCommand } from './report/report-menus.js';
import { safechatCommand } from './safechat.js';
import { setupCommand } from './setup.js';

/**
 * The one list of commands, used by the bot and by deploy-commands. Each
 * command module brings its own buttons, menus and forms; the registry
 * refuses to start when two share a name or a custom-id prefix.
 */
export const registry: Registry = defineRegistry([
  setupCommand,
  caseCommand,
  safechatCommand,
  recordStatementCommand,
  removeAndKeepCommand,
  reportCommand,
  reportUserCommand,
  reportMessageCommand,
]);
