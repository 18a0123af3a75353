/**
 * Expected failures are values, not exceptions. A service returns
 * `fail('case-closed')` and the command layer turns the reason into a
 * message for the moderator. Unexpected failures (bugs, outages) throw and
 * are caught by the interaction error boundary.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Fail<R extends string> = { readonly ok: false; readonly reason: R };
export type Result<T, R extends string> = Ok<T> | Fail<R>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const fail = <R extends string>(reason: R): Fail<R> => ({ ok: false, reason });
