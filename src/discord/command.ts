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
import type { PlainKey, T } from '../i18n/translate.js';
import type { Codec } from './custom-ids.js';
import type { PendingEvidence } from './pending-evidence.js';

/** What the router is given once, for every interaction. */
export type RouterContext = {
  readonly deps: ServiceDeps;
  /** Messages captured by "Report message" until the member sends the form. */
  readonly pendingEvidence: PendingEvidence;
};

/** What every command and component handler receives besides its interaction. */
export type CommandContext = RouterContext & {
  /** The words of the reply: the language of the reader's Discord, else the server's. */
  readonly t: T;
  /** The server's language: what parties, reporters and staff channels read. */
  readonly serverT: T;
};

/**
 * How an interaction is first answered, decided once by the router before
 * the handler runs: 'ephemeral' defers a private reply; 'update' defers an
 * update of the message the component is on; 'manual' leaves it to the
 * handler (it answers with a form, which cannot follow a deferral).
 */
export type Defer = 'ephemeral' | 'update' | 'manual';

/** What a command module may bring besides its command: the buttons, menus and forms it answers. */
type WithComponents = { readonly components?: readonly ComponentHandler[] };

export type SlashCommand = WithComponents & {
  readonly kind: 'slash';
  readonly data: RESTPostAPIApplicationCommandsJSONBody & { name: string };
  readonly defer: Exclude<Defer, 'update'>;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
};

export type MessageMenuCommand = WithComponents & {
  readonly kind: 'message-menu';
  readonly data: RESTPostAPIApplicationCommandsJSONBody & { name: string };
  readonly defer: Exclude<Defer, 'update'>;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: CommandContext): Promise<void>;
};

export type UserMenuCommand = WithComponents & {
  readonly kind: 'user-menu';
  readonly data: RESTPostAPIApplicationCommandsJSONBody & { name: string };
  readonly defer: Exclude<Defer, 'update'>;
  execute(interaction: UserContextMenuCommandInteraction, ctx: CommandContext): Promise<void>;
};

export type Command = SlashCommand | MessageMenuCommand | UserMenuCommand;

type ComponentInteractions = { button: ButtonInteraction; modal: ModalSubmitInteraction; select: StringSelectMenuInteraction };

/**
 * A button, select menu or form. The router parses its custom id with
 * `customId` and runs `execute` with the arguments; an id that does not
 * parse (stale, forged) gets `stale` and runs nothing.
 */
export type ComponentHandler = {
  readonly [K in keyof ComponentInteractions]: {
    readonly kind: K;
    readonly customId: Codec<readonly string[]>;
    readonly defer: Defer;
    /** What a stale or forged custom id is answered with (a general line when absent). */
    readonly stale?: PlainKey;
    /** Served in direct messages too (a check-in's buttons); its custom id names the guild. */
    readonly inDms?: boolean;
    execute(interaction: ComponentInteractions[K], args: readonly string[], ctx: CommandContext): Promise<void>;
  };
}[keyof ComponentInteractions];

/** Declares a component with its own custom id's argument types (the registry holds them all alike). */
export function component<K extends keyof ComponentInteractions, A extends readonly string[]>(handler: {
  readonly kind: K;
  readonly customId: Codec<A>;
  readonly defer: Defer;
  readonly stale?: PlainKey;
  readonly inDms?: boolean;
  execute(interaction: ComponentInteractions[K], args: A, ctx: CommandContext): Promise<void>;
}): ComponentHandler {
  return handler as unknown as ComponentHandler;
}
