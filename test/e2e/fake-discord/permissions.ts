import { PermissionFlagsBits } from 'discord.js';

/** Names of Discord permission flags, as discord.js spells them ('ViewChannel', 'CreatePrivateThreads', ...). */
export type PermissionName = keyof typeof PermissionFlagsBits;

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((acc, bit) => acc | bit, 0n);

export const P = PermissionFlagsBits;

/** Roughly what Discord gives @everyone in a new guild. */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  P.ViewChannel |
  P.CreateInstantInvite |
  P.ChangeNickname |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.CreatePrivateThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.AddReactions |
  P.UseExternalEmojis |
  P.ReadMessageHistory |
  P.UseApplicationCommands |
  P.Connect |
  P.Speak;

/** What the bot's managed role gets unless addGuild says otherwise. */
export const DEFAULT_BOT_PERMISSIONS: bigint =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePrivateThreads |
  P.CreatePublicThreads |
  P.ManageThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory;

export type PermissionInput = bigint | string | number | PermissionName[];

export function toPermissionBits(input: PermissionInput): bigint {
  if (Array.isArray(input)) return input.reduce((acc, name) => acc | P[name], 0n);
  return BigInt(input);
}

export function permissionNames(bits: bigint): PermissionName[] {
  return (Object.keys(P) as PermissionName[]).filter((name) => (bits & P[name]) === P[name]);
}

export interface Overwrite {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface PermissionContext {
  guildId: string;
  ownerId: string;
  everyonePermissions: bigint;
  /** Guild-level permissions of each role the member has (excluding @everyone). */
  memberRoles: { id: string; permissions: bigint }[];
  memberId: string;
  /** Overwrites of the channel (for threads: of the parent channel); undefined for guild level. */
  overwrites?: Overwrite[];
}

/** Discord's documented algorithm: base permissions, then @everyone, role and member overwrites. */
export function computePermissions(ctx: PermissionContext): bigint {
  if (ctx.memberId === ctx.ownerId) return ALL_PERMISSIONS;
  let base = ctx.everyonePermissions;
  for (const role of ctx.memberRoles) base |= role.permissions;
  if ((base & P.Administrator) === P.Administrator) return ALL_PERMISSIONS;
  if (!ctx.overwrites) return base;

  let perms = base;
  const everyone = ctx.overwrites.find((o) => o.type === 0 && o.id === ctx.guildId);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  const roleIds = new Set(ctx.memberRoles.map((r) => r.id));
  for (const o of ctx.overwrites) {
    if (o.type === 0 && roleIds.has(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const member = ctx.overwrites.find((o) => o.type === 1 && o.id === ctx.memberId);
  if (member) perms = (perms & ~member.deny) | member.allow;

  // Implicit permissions: no VIEW_CHANNEL means nothing in the channel; no SEND_MESSAGES drops what depends on it.
  if ((perms & P.ViewChannel) === 0n) return 0n;
  if ((perms & P.SendMessages) === 0n) {
    perms &= ~(P.SendTTSMessages | P.MentionEveryone | P.EmbedLinks | P.AttachFiles);
  }
  return perms;
}

export function has(bits: bigint, ...names: PermissionName[]): boolean {
  return names.every((name) => (bits & P[name]) === P[name]);
}

export function missing(bits: bigint, ...names: PermissionName[]): PermissionName[] {
  return names.filter((name) => (bits & P[name]) !== P[name]);
}
