/** The custom ids of the buttons on a message, in order. */
export function buttonIds(message: { components: unknown[] } | undefined): string[] {
  const rows = (message?.components ?? []) as { components?: { custom_id?: string }[] }[];
  return rows.flatMap((row) => (row.components ?? []).flatMap((b) => (b.custom_id ? [b.custom_id] : [])));
}
