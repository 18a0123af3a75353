/** Every value of a catalogue by its dotted path (`party.intro`, `related.together_one`), exactly as written, strings or not. */
export function rawLeaves(node: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof node !== 'object' || node === null) return out;
  for (const [k, v] of Object.entries(node)) {
    const path = `${prefix}${k}`;
    if (typeof v === 'object' && v !== null) for (const [p, x] of rawLeaves(v, `${path}.`)) out.set(p, x);
    else out.set(path, v);
  }
  return out;
}

/** The same, as text. */
export const leaves = (node: unknown): Map<string, string> => new Map([...rawLeaves(node)].map(([path, value]) => [path, String(value)]));
