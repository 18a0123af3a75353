/** At most `max` characters, an ellipsis marking a cut. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** "2026-11-25 14:03 UTC": a moment to the minute, the same for every reader. */
export const utcMinute = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
