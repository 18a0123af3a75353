/**
 * Replaces some methods of what a repository gives `forGuild`, for a test
 * that makes one call fail or race: `patch` gets the real guild-bound
 * repository (to call through) and the guild. Returns a function that puts
 * the original back.
 */
export function patchGuild<G extends object>(
  repository: { forGuild(guildId: string): G },
  patch: (inner: G, guildId: string) => Partial<G>,
): () => void {
  const original = repository.forGuild.bind(repository);
  repository.forGuild = (guildId: string): G => {
    const inner = original(guildId);
    return { ...inner, ...patch(inner, guildId) };
  };
  return () => {
    repository.forGuild = original;
  };
}
