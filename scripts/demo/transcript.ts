/**
 * Turns what the local Discord API holds (messages with content, embeds and
 * buttons) into plain text for the demo: mentions become readable names.
 */
import { utcMinute } from '../../src/messages/text-format.js';
import type { MessageView } from '../../test/e2e/fake-discord/index.js';

export type Names = {
  readonly users: ReadonlyMap<string, string>;
  readonly roles: ReadonlyMap<string, string>;
  readonly channels: ReadonlyMap<string, string>;
};

type Embed = {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text?: string };
};
type Row = { components?: { label?: string; disabled?: boolean }[] };

/** `<@1>` → `@Alex`, `<@&2>` → `@Admins`, `<#3>` → `#case-1-interview-1`. */
export function readable(text: string, names: Names): string {
  return text
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.users.get(id) ?? id}`)
    .replace(/<@&(\d+)>/g, (_, id: string) => `@${names.roles.get(id) ?? id}`)
    .replace(/<#(\d+)>/g, (_, id: string) => `#${names.channels.get(id) ?? id}`)
    .replace(/<t:(\d+)(?::\w)?>/g, (_, seconds: string) => utcMinute(new Date(Number(seconds) * 1000)));
}

/** A message as lines of text, each prefixed with `indent`. */
export function renderMessage(message: MessageView, names: Names, indent = '    '): string[] {
  const lines: string[] = [];
  if (message.content) lines.push(...readable(message.content, names).split('\n'));
  for (const embed of message.embeds as Embed[]) {
    if (embed.title) lines.push(`┃ ${readable(embed.title, names)}`);
    if (embed.description) lines.push(...readable(embed.description, names).split('\n').map((l) => `┃ ${l}`));
    for (const field of embed.fields ?? []) {
      const value = readable(field.value, names).split('\n');
      lines.push(`┃ ${field.name}: ${value[0] ?? ''}`, ...value.slice(1).map((l) => `┃   ${l}`));
    }
    if (embed.footer?.text) lines.push(`┃ (${readable(embed.footer.text, names)})`);
  }
  const buttons = (message.components as Row[]).flatMap((row) => row.components ?? []).filter((b) => b.label);
  if (buttons.length > 0) lines.push(buttons.map((b) => `[${b.label ?? ''}${b.disabled ? ' (disabled)' : ''}]`).join(' '));
  // Only a new message notifies; an edit never does.
  const pinged = message.edited ? [] : message.notifiedUserIds.map((id) => names.users.get(id) ?? id);
  if (pinged.length > 0) lines.push(`(notifies: ${pinged.join(', ')})`);
  return lines.map((l) => `${indent}${l}`);
}
