import { LRUCache } from 'lru-cache';
import { MessageFlags, type Interaction } from 'discord.js';
import type { Logger } from '../logging/logger.js';
import type { Command, CommandContext, ComponentHandler, RouterContext } from './command.js';
import { languagesOf, quickT } from './reply-language.js';
import { withErrorBoundary } from './error-boundary.js';
import { PendingEvidence } from './pending-evidence.js';

export type Registry = { readonly commands: readonly Command[]; readonly components: readonly ComponentHandler[] };

/**
 * The registry of these commands: each with the components it brings. Fails
 * at once, naming them, when two commands of a kind share a name or two
 * components share a custom-id prefix (one would silently shadow the other).
 */
export function defineRegistry(commands: readonly Command[]): Registry {
  const components = commands.flatMap((c) => c.components ?? []);
  const twice = (keys: readonly string[]) => [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  const names = twice(commands.map((c) => `${c.kind} "${c.data.name}"`));
  const prefixes = twice(components.map((c) => `"${c.customId.prefix}"`));
  const problems = [...names.map((n) => `two commands named ${n}`), ...prefixes.map((p) => `two components with the custom-id prefix ${p}`)];
  if (problems.length > 0) throw new Error(`The command registry is ambiguous: ${problems.join('; ')}.`);
  return { commands, components };
}

/**
 * Finds the handler for an interaction and runs it inside the error
 * boundary. Commands are only served in servers; in DMs, only the buttons
 * of a check-in (which name their server) are answered.
 */
/** What the router tells about each interaction it served: which command (or component), how it ended, how long it took. */
export type RouteObserver = (name: string, result: 'ok' | 'error', seconds: number) => void;

/** A command's name for the metrics: the command and its subcommand, or a component's custom-id prefix. */
function nameOf(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) {
    const sub = interaction.options.getSubcommand(false);
    return sub ? `${interaction.commandName} ${sub}` : interaction.commandName;
  }
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) return `component ${interaction.customId.split(':')[0] ?? ''}`;
  return 'other';
}

export function createRouter(
  registry: Registry,
  context: Omit<RouterContext, 'pendingEvidence'> & Partial<RouterContext>,
  logger: Logger,
  observe: RouteObserver = () => {},
): (interaction: Interaction) => Promise<void> {
  const shared: RouterContext = { pendingEvidence: new PendingEvidence(), ...context };
  /** The context of one interaction, once it is acknowledged: with its languages. */
  const contextOf = async (interaction: Interaction): Promise<CommandContext> => ({ ...shared, ...(await languagesOf(interaction, shared.deps)) });
  const commands = new Map(registry.commands.map((c) => [c.data.name, c]));
  const components = new Map(registry.components.map((c) => [c.customId.prefix, c]));
  const seen = new RecentIds(RECENT_INTERACTIONS);

  return async (interaction) => {
    // The gateway may deliver an event again after a resume; a command must
    // not run twice (two cases, two statements) because of it.
    if (!seen.add(interaction.id)) {
      logger.warn({ interactionId: interaction.id }, 'interaction delivered twice; ignored');
      return;
    }
    const started = performance.now();
    const result = await withErrorBoundary(interaction, logger, async () => {
      // Outside a server, only the components made for DMs (a check-in's buttons) are served.
      const forDms = interaction.isButton() && components.get(interaction.customId.split(':')[0] ?? '')?.inDms === true;
      if (!interaction.inGuild() && !forDms) {
        if (interaction.isAutocomplete()) await interaction.respond([]);
        else if (interaction.isRepliable()) {
          await interaction.reply({ content: quickT(interaction)('errors.guildOnly'), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
        }
        return;
      }
      if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        // Autocomplete must answer at once: the reader's language without the database, for both.
        const t = quickT(interaction);
        if (command?.kind === 'slash' && command.autocomplete) await command.autocomplete(interaction, { ...shared, t, serverT: t });
        else await interaction.respond([]);
        return;
      }
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (command?.kind !== 'slash') return answerUnknown(interaction);
        if (command.defer === 'ephemeral') await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await command.execute(interaction, await contextOf(interaction));
        return;
      }
      if (interaction.isMessageContextMenuCommand()) {
        const command = commands.get(interaction.commandName);
        if (command?.kind !== 'message-menu') return answerUnknown(interaction);
        if (command.defer === 'ephemeral') await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await command.execute(interaction, await contextOf(interaction));
        return;
      }
      if (interaction.isUserContextMenuCommand()) {
        const command = commands.get(interaction.commandName);
        if (command?.kind !== 'user-menu') return answerUnknown(interaction);
        if (command.defer === 'ephemeral') await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await command.execute(interaction, await contextOf(interaction));
        return;
      }
      if (interaction.isButton() || interaction.isModalSubmit() || interaction.isStringSelectMenu()) {
        const kind = interaction.isButton() ? 'button' : interaction.isModalSubmit() ? 'modal' : 'select';
        const handler = components.get(interaction.customId.split(':')[0] ?? '');
        const args = handler?.kind === kind ? handler.customId.parse(interaction.customId) : null;
        if (!handler || !args) {
          await interaction.reply({ content: quickT(interaction)(handler?.stale ?? 'errors.stale'), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
          return;
        }
        if (handler.defer === 'ephemeral') await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        if (handler.defer === 'update' && !interaction.isModalSubmit()) await interaction.deferUpdate();
        const ctx = await contextOf(interaction);
        if (handler.kind === 'button' && interaction.isButton()) await handler.execute(interaction, args, ctx);
        else if (handler.kind === 'modal' && interaction.isModalSubmit()) await handler.execute(interaction, args, ctx);
        else if (handler.kind === 'select' && interaction.isStringSelectMenu()) await handler.execute(interaction, args, ctx);
      }
    });
    observe(nameOf(interaction), result, (performance.now() - started) / 1000);
  };
}

/** Interaction tokens live 15 minutes; this many ids covers far more than that at any real rate. */
const RECENT_INTERACTIONS = 50_000;

/** A bounded set of the most recent ids, oldest forgotten first. */
export class RecentIds {
  private readonly ids: LRUCache<string, true>;

  constructor(max: number) {
    this.ids = new LRUCache({ max });
  }

  /** False when the id was already there. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.set(id, true);
    return true;
  }
}

async function answerUnknown(interaction: Interaction): Promise<void> {
  if (interaction.isRepliable()) {
    await interaction.reply({ content: quickT(interaction)('errors.stale'), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }
}
