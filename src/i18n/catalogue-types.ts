/**
 * Types over the English catalogue (the reference): every other language
 * has its shape, every key a caller passes exists, and every placeholder of
 * that text is given, or it does not compile.
 */
import type { enUS } from './locales/en-US.js';

type Reference = typeof enUS;

/** Plural forms of i18next (Intl.PluralRules categories) a catalogue may carry next to `_one` and `_other`. */
type ExtraPlural = 'zero' | 'two' | 'few' | 'many';

/** The shape of a catalogue: the reference's keys, strings for its texts; plural keys may add the forms their language needs. */
export type Catalogue<T = Reference> = {
  readonly [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]>;
} & { readonly [K in keyof T as K extends `${infer B}_other` ? `${B}_${ExtraPlural}` : never]?: string };

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

type Unplural<K extends string> = K extends `${infer B}_one` | `${infer B}_other` ? B : K;

/** Every text a caller can ask for: a dotted path, plural texts without their suffix. */
export type Key = Unplural<Leaves<Reference>>;

type At<T, P extends string> = P extends `${infer H}.${infer R}` ? (H extends keyof T ? At<T[H], R> : never) : P extends keyof T ? T[P] : never;

type Placeholders<S> = S extends `${string}{{${infer V}}}${infer Rest}` ? V | Placeholders<Rest> : never;

type IsPlural<K extends string> = [At<Reference, `${K}_other`>] extends [never] ? false : true;
type TextsOf<K extends string> = IsPlural<K> extends true ? At<Reference, `${K}_one`> | At<Reference, `${K}_other`> : At<Reference, K>;

/** What `t(key, …)` needs: each placeholder of the text, and `count` for a plural one. */
export type Params<K extends Key> = { readonly [V in Exclude<Placeholders<TextsOf<K>>, 'count'>]: string | number } & (IsPlural<K> extends true
  ? { readonly count: number }
  : 'count' extends Placeholders<TextsOf<K>>
    ? { readonly count: number }
    : unknown);

type NeedsParams<K extends Key> = [Placeholders<TextsOf<K>>] extends [never] ? (IsPlural<K> extends true ? true : false) : true;

/** The translator for one language; `language` is for Intl formatting (numbers, lists). */
export type T = (<K extends Key>(key: K, ...params: NeedsParams<K> extends true ? [Params<K>] : []) => string) & { readonly language: string };

/** The keys whose text takes no placeholder (a component's stale-id answer, say). */
export type PlainKey = { [K in Key]: NeedsParams<K> extends true ? never : K }[Key];

/** A command, subcommand or option of the `commands` section: a key with a `name` and a `description`. */
export type CommandTextKey = { [K in Key]: K extends `${infer P}.description` ? (`${P}.name` extends Key ? P : never) : never }[Key];
