import { describe, expect, it } from 'vitest';
import { registry } from '../../../commands/registry.js';
import { component, type Command, type ComponentHandler } from '../../../src/discord/command.js';
import { customIds } from '../../../src/discord/custom-ids.js';
import { defineRegistry } from '../../../src/discord/router.js';

const noop = () => Promise.resolve();
const slash = (name: string, components: readonly ComponentHandler[] = []): Command => ({
  kind: 'slash',
  data: { name, description: `${name} test` },
  defer: 'ephemeral',
  execute: noop,
  components,
});
const button = () => component({ kind: 'button', customId: customIds.acknowledge, defer: 'manual', execute: noop });

describe('the command registry', () => {
  it("holds the bot's commands and every component they bring, each prefix once", () => {
    const names = registry.commands.map((c) => `${c.kind}:${c.data.name}`);
    expect(new Set(names).size).toBe(names.length);
    const prefixes = registry.components.map((c) => c.customId.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(prefixes.sort()).toEqual(Object.values(customIds).map((c) => c.prefix).sort());
  });

  it('refuses two commands of one kind with the same name, naming them', () => {
    expect(() => defineRegistry([slash('case'), slash('case')])).toThrow('two commands named slash "case"');
  });

  it('refuses two components with the same custom-id prefix, even in different commands', () => {
    expect(() => defineRegistry([slash('one', [button()]), slash('two', [button()])])).toThrow(
      'two components with the custom-id prefix "esc-ack"',
    );
  });

  it('takes a slash command and a context menu of the same name (Discord keeps them apart)', () => {
    const menu: Command = { kind: 'user-menu', data: { name: 'case', type: 2 }, defer: 'manual', execute: noop };
    expect(defineRegistry([slash('case'), menu]).commands).toHaveLength(2);
  });
});
