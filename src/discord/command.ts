import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
  UserContextMenuCommandInteraction,
} from 'discord.js';
import type { ServiceDeps } from '../services/deps.js';
import type { PendingEvidence } from './pending-evidence.js';

/** What every command and component handler receives besides its interaction. */
export type CommandContext = {
  readonly deps: ServiceDeps;
  /** Messages captured by "Report message" until the member sends the form. */
  readonly pendingEvidence: PendingEvidence;
};

export type SlashCommand = {
  readonly kind: 'slash';
  readonly data: RESTPostAPIApplicationCommandsJSONBody & { name: string };
  /** 'ephemeral': the router defers an ephemeral reply first. 'manual': the command answers itself (it may show a modal). */
  readonly defer: 'ephemeral' | 'manual';
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
};

export type MessageMenuCommand = {
  readonly kind: 'message-menu';
  readonly data: RESTPostAPIApplicationCommandsJSONBody & { name: string };
  /** 'manual' when it answers with a form (a modal cannot follow a deferred reply). */
  readonly defer: 'ephemeral' | 'manual';
  execute(interaction: MessageContextMenuCommandInteraction, ctx: CommandContext): Promise<void>;
};

export type UserMenuCommand = {
  readonly kind: 'user-menu';
  readonly data: RESTPostAPIApplicationCommandsJSONBody & { name: string };
  readonly defer: 'ephemeral' | 'manual';
  execute(interaction: UserContextMenuCommandInteraction, ctx: CommandContext): Promise<void>;
};

export type Command = SlashCommand | MessageMenuCommand | UserMenuCommand;

export type ButtonHandler = {
  readonly kind: 'button';
  readonly prefix: string;
  execute(interaction: ButtonInteraction, ctx: CommandContext): Promise<void>;
};

export type ModalHandler = {
  readonly kind: 'modal';
  readonly prefix: string;
  execute(interaction: ModalSubmitInteraction, ctx: CommandContext): Promise<void>;
};

export type SelectHandler = {
  readonly kind: 'select';
  readonly prefix: string;
  execute(interaction: StringSelectMenuInteraction, ctx: CommandContext): Promise<void>;
};

export type ComponentHandler = ButtonHandler | ModalHandler | SelectHandler;
