import { describe, expect, it } from 'vitest';
import { registry } from '../../../commands/registry.js';
import { commandPayloads } from '../../../src/discord/command-payloads.js';
import { CATALOGUES } from '../../../src/i18n/catalogues.js';
import { LANGUAGES, type Language } from '../../../src/i18n/languages.js';
import { translator } from '../../../src/i18n/translate.js';
import { leaves } from '../../support/catalogue-leaves.js';

/**
 * The commands as deploy-commands sends them, checked against Discord's
 * rules in every locale we serve, and the catalogue's texts checked against
 * the commands: a German text must name the German command.
 */
type Localizations = Readonly<Record<string, string | null>> | null | undefined;
type Choice = { readonly name: string; readonly name_localizations?: Localizations; readonly value: string | number };
type Option = {
  readonly type: number;
  readonly name: string;
  readonly name_localizations?: Localizations;
  readonly description: string;
  readonly description_localizations?: Localizations;
  readonly options?: readonly Option[];
  readonly choices?: readonly Choice[];
};
type Payload = Option & { readonly type?: number };

const CHAT_INPUT = 1;
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const STRING = 3;

/** Every Discord locale a language of ours serves, other than the default: what each localization map must hold. */
const LOCALES = ['de', 'fr', 'es-ES', 'es-419', 'pt-BR', 'en-GB'] as const;
/** Discord's rule for chat-input command and option names (to be used with the `u` flag). */
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const payloads = JSON.parse(JSON.stringify(commandPayloads(registry.commands))) as Payload[];
const chatInput = payloads.filter((c) => (c.type ?? CHAT_INPUT) === CHAT_INPUT);
const menus = payloads.filter((c) => c.type !== undefined && c.type !== CHAT_INPUT);

/** A command, subcommand or option, with where it sits (`case open summary`). */
type Node = { readonly path: string; readonly node: Option; readonly siblings: readonly Option[] };

function nodes(list: readonly Option[], prefix = ''): Node[] {
  return list.flatMap((node) => [{ path: `${prefix}${node.name}`, node, siblings: list }, ...nodes(node.options ?? [], `${prefix}${node.name} `)]);
}

const allNodes = nodes(chatInput);
const choices = allNodes.flatMap(({ path, node }) => (node.choices ?? []).map((choice) => ({ path: `${path} = ${String(choice.value)}`, choice, option: node })));

/** The name in a Discord locale; 'en-US' is the default name. */
const nameIn = (locale: string, item: { name: string; name_localizations?: Localizations }): string =>
  locale === 'en-US' ? item.name : (item.name_localizations?.[locale] ?? item.name);
const descriptionIn = (locale: string, item: Option): string => (locale === 'en-US' ? item.description : (item.description_localizations?.[locale] ?? item.description));
const ALL_LOCALES = ['en-US', ...LOCALES] as const;
/** /setup configure language: its choices are endonyms (commands/setup.ts, LANGUAGE_CHOICES). */
const LANGUAGE_OPTION = 'setup configure language = ';

describe('the registered commands are localized the way Discord accepts', () => {
  it('there is something to check: the slash commands, their subcommands and options, choices and context menus', () => {
    expect(chatInput.map((c) => c.name).sort()).toEqual(['case', 'report', 'safechat', 'setup']);
    expect(menus.map((c) => c.name).sort()).toEqual(['Record as statement', 'Remove and keep', 'Report message', 'Report user']);
    expect(allNodes.length).toBeGreaterThan(40);
    expect(choices.length).toBeGreaterThan(10);
  });

  it('every command, subcommand and option has a name and a description in each served locale', () => {
    const missing = allNodes.flatMap(({ path, node }) =>
      LOCALES.flatMap((l) => [
        ...(node.name_localizations?.[l] ? [] : [`${path}: name ${l}`]),
        ...(node.description_localizations?.[l] ? [] : [`${path}: description ${l}`]),
      ]),
    );
    expect(missing).toEqual([]);
  });

  it('every choice has a name in each served locale (the language choices aside: see below)', () => {
    const strings = choices.filter(({ option }) => option.type === STRING);
    expect(strings.length).toBe(choices.length);
    const localizable = strings.filter(({ path }) => !path.startsWith(LANGUAGE_OPTION));
    expect(localizable.length).toBeGreaterThan(10);
    expect(localizable.flatMap(({ path, choice }) => LOCALES.filter((l) => !choice.name_localizations?.[l]).map((l) => `${path}: ${l}`))).toEqual([]);
  });

  it('the language choices are, by design, each language in its own words for every reader (Deutsch, Français…), so they carry no localizations', () => {
    const language = choices.filter(({ path }) => path.startsWith(LANGUAGE_OPTION));
    expect(language.map(({ choice }) => choice.value)).toEqual([...LANGUAGES]);
    for (const { choice } of language) {
      expect(choice.name).toBe(translator(choice.value as Language)('language.name'));
      expect(choice.name_localizations ?? {}).toEqual({});
    }
  });

  it('context menus have their name in each served locale', () => {
    expect(menus.flatMap((m) => LOCALES.filter((l) => !m.name_localizations?.[l]).map((l) => `${m.name}: ${l}`))).toEqual([]);
  });

  it('the localization maps use only Discord locales we serve (no typo such as "es" or "pt")', () => {
    const keys = new Set([...allNodes.map((n) => n.node), ...menus].flatMap((n) => [...Object.keys(n.name_localizations ?? {}), ...Object.keys(n.description_localizations ?? {})]));
    expect([...keys].sort()).toEqual([...LOCALES].sort());
  });

  it.each(ALL_LOCALES)('%s: chat-input names follow Discord’s pattern and are lower case', (locale) => {
    const bad = allNodes.map(({ path, node }) => ({ path, name: nameIn(locale, node) })).filter(({ name }) => !NAME.test(name) || name !== name.toLowerCase());
    expect(bad).toEqual([]);
  });

  it.each(ALL_LOCALES)('%s: names are unique among siblings (commands, subcommands, options of one command; context menus of one type)', (locale) => {
    const clashes: string[] = [];
    const check = (where: string, names: readonly string[]) => {
      const dup = names.filter((n, i) => names.indexOf(n) !== i);
      if (dup.length > 0) clashes.push(`${where}: ${dup.join(', ')}`);
    };
    check('commands', chatInput.map((c) => nameIn(locale, c)));
    for (const { path, node } of allNodes) if (node.options?.length) check(path, node.options.map((o) => nameIn(locale, o)));
    for (const { path, option } of choices.filter((c, i, all) => all.findIndex((d) => d.option === c.option) === i))
      check(`${path.split(' = ')[0]} choices`, (option.choices ?? []).map((c) => nameIn(locale, c)));
    for (const type of new Set(menus.map((m) => m.type))) check(`menus of type ${type}`, menus.filter((m) => m.type === type).map((m) => nameIn(locale, m)));
    expect(clashes).toEqual([]);
  });

  it.each(ALL_LOCALES)('%s: descriptions are 1 to 100 characters, choice names 1 to 100, menu names 1 to 32', (locale) => {
    const bad = [
      ...allNodes.map(({ path, node }) => ({ what: `${path} description`, text: descriptionIn(locale, node), max: 100 })),
      ...choices.map(({ path, choice }) => ({ what: `${path} choice`, text: nameIn(locale, choice), max: 100 })),
      ...menus.map((m) => ({ what: `${m.name} menu`, text: nameIn(locale, m), max: 32 })),
    ].filter(({ text, max }) => text.trim().length === 0 || text.length > max);
    expect(bad).toEqual([]);
  });

  it.each(ALL_LOCALES)('%s: each command stays within Discord’s 4,000 characters of names, descriptions and choice values', (locale) => {
    // Discord counts, per field, the longest of the default and its localizations; this counts one locale at a time, and then the worst case.
    const size = (o: Option, pick: (item: { name: string; name_localizations?: Localizations }) => string, describe: (o: Option) => string): number =>
      pick(o).length +
      describe(o).length +
      (o.choices ?? []).reduce((s, c) => s + pick(c).length + String(c.value).length, 0) +
      (o.options ?? []).reduce((s, x) => s + size(x, pick, describe), 0);
    const longest = (item: { name: string; name_localizations?: Localizations }): string =>
      [item.name, ...Object.values(item.name_localizations ?? {})].reduce<string>((a, b) => ((b ?? '').length > a.length ? (b ?? '') : a), '');
    const longestDescription = (o: Option): string =>
      [o.description, ...Object.values(o.description_localizations ?? {})].reduce<string>((a, b) => ((b ?? '').length > a.length ? (b ?? '') : a), '');
    for (const command of chatInput) {
      expect(size(command, (i) => nameIn(locale, i), (o) => descriptionIn(locale, o)), `${command.name} in ${locale}`).toBeLessThanOrEqual(4000);
      expect(size(command, longest, longestDescription), `${command.name}, longest of every field`).toBeLessThanOrEqual(4000);
    }
  });
});

/** The localized command tree of one Discord locale: command → subcommand → option names. */
type Tree = Map<string, { readonly options: Set<string>; readonly subcommands: Map<string, Set<string>> }>;

function treeOf(locale: string): Tree {
  const tree: Tree = new Map();
  for (const command of chatInput) {
    const subs = (command.options ?? []).filter((o) => o.type === SUBCOMMAND || o.type === SUBCOMMAND_GROUP);
    const flatSubs = subs.flatMap((s) => (s.type === SUBCOMMAND_GROUP ? (s.options ?? []).map((x) => ({ ...x, name: `${nameIn(locale, s)} ${nameIn(locale, x)}`, name_localizations: null })) : [s]));
    tree.set(nameIn(locale, command), {
      options: new Set((command.options ?? []).filter((o) => o.type !== SUBCOMMAND && o.type !== SUBCOMMAND_GROUP).map((o) => nameIn(locale, o))),
      subcommands: new Map(flatSubs.map((s) => [s.name_localizations === null ? s.name : nameIn(locale, s), new Set((s.options ?? []).map((o) => nameIn(locale, o)))])),
    });
  }
  return tree;
}

/** Every backticked span of the catalogue, outside the command names themselves. */
const spans = (language: Language): { key: string; span: string }[] =>
  [...leaves(CATALOGUES[language])].filter(([key]) => !key.startsWith('commands.')).flatMap(([key, text]) => [...text.matchAll(/`([^`]+)`/g)].map((m) => ({ key, span: m[1] ?? '' })));

/** What is wrong with a slash reference such as `/case addside case:{{number}}` in that locale's tree, or null. */
function checkReference(tree: Tree, reference: string): string | null {
  const words = reference.slice(1).split(/\s+/).filter((w) => w !== '…' && w !== '...');
  const [commandName = '', ...rest] = words;
  const command = tree.get(commandName);
  if (!command) return `no command /${commandName}`;
  let options = command.options;
  const next = rest[0];
  if (next !== undefined && !next.includes(':')) {
    const sub = command.subcommands.get(next);
    if (!sub) return `/${commandName} has no subcommand ${next}`;
    options = sub;
    rest.shift();
  } else if (command.subcommands.size > 0 && rest.length > 0) return `/${commandName} has subcommands, but options follow it directly`;
  for (const word of rest) {
    const option = word.split(':')[0] ?? '';
    if (!word.includes(':')) return `"${word}" is neither a subcommand nor an option:`;
    if (!options.has(option)) return `no option ${option}: on /${words.slice(0, words.length - rest.length).join(' ')}`;
  }
  return null;
}

describe('the texts name the commands by their names in the same language', () => {
  it('the reference checker knows right from wrong', () => {
    const en = treeOf('en-US');
    const de = treeOf('de');
    expect(checkReference(en, '/case addside case:{{number}}')).toBeNull();
    expect(checkReference(en, '/setup configure … case_log_channel:')).toBeNull();
    expect(checkReference(en, '/setup')).toBeNull();
    expect(checkReference(de, '/case list')).toBe('no command /case');
    expect(checkReference(de, '/fall list')).toBe('/fall has no subcommand list');
    expect(checkReference(de, '/fall anzeigen case:12')).toMatch(/^no option case:/);
    expect(checkReference(de, '/fall liste')).toBeNull();
  });

  it.each(LANGUAGES)('%s: every `/command subcommand option:` in a text exists in that language', (language) => {
    const tree = treeOf(language);
    const references = spans(language).filter(({ span }) => span.startsWith('/'));
    expect(references.length).toBeGreaterThan(15);
    const wrong = references.map(({ key, span }) => ({ key, span, problem: checkReference(tree, span) })).filter((r) => r.problem !== null);
    expect(wrong).toEqual([]);
  });

  it.each(LANGUAGES)('%s: an option named on its own (`where`, `case:`, `force: True`) is an option of that language', (language) => {
    const tree = treeOf(language);
    const optionNames = new Set([...tree.values()].flatMap((c) => [...c.options, ...[...c.subcommands.values()].flatMap((s) => [...s])]));
    const named = spans(language).filter(({ span }) => /^[\p{Ll}\p{N}_-]+(?::.*)?$/u.test(span));
    expect(named.length).toBeGreaterThanOrEqual(4);
    expect(named.filter(({ span }) => !optionNames.has(span.split(':')[0] ?? '')).map(({ key, span }) => `${key}: ${span}`)).toEqual([]);
  });

  it('no text names a slash command outside backticks (where nobody could check it)', () => {
    const loose = LANGUAGES.flatMap((l) => [...leaves(CATALOGUES[l])].filter(([, v]) => /(?<![\w/:.])\/\p{L}/u.test(v.replace(/`[^`]*`/g, ''))).map(([k]) => `${l} ${k}`));
    expect(loose).toEqual([]);
  });
});
