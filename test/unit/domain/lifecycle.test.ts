import { describe, it, expect } from 'vitest';
import { CASE_ACTIONS, TRANSITIONS, decide } from '../../../src/domain/lifecycle.js';
import type { CaseAction } from '../../../src/domain/lifecycle.js';
import { CASE_STATUSES } from '../../../src/domain/types.js';
import type { ActorRank, CaseStatus } from '../../../src/domain/types.js';

const RANKS: readonly ActorRank[] = ['member', 'staff', 'admin'];

/** The rules from the brief, written independently of the table. */
function expected(status: CaseStatus, action: CaseAction, rank: ActorRank): { ok: true; next: CaseStatus } | { ok: false; reason: string } {
  if (rank === 'member') return { ok: false, reason: 'not-staff' };
  // The record can be read out whatever the status; export and legal hold are the admins'.
  if (action === 'record_transcript' || action === 'verify_evidence') return { ok: true, next: status };
  if (action === 'export' || action === 'set_hold') return rank === 'admin' ? { ok: true, next: status } : { ok: false, reason: 'not-admin' };
  if (status === 'closed') return { ok: false, reason: 'case-closed' };
  switch (action) {
    case 'record_side':
      return { ok: true, next: status === 'open' ? 'interviewing' : status };
    case 'escalate':
      return { ok: true, next: 'escalated' };
    case 'acknowledge_escalation':
      if (status !== 'escalated') return { ok: false, reason: 'not-escalated' };
      return rank === 'admin' ? { ok: true, next: 'escalated' } : { ok: false, reason: 'not-admin' };
    case 'close':
      return { ok: true, next: 'closed' };
    case 'add_party':
    case 'add_note':
    case 'send_safechat':
    case 'add_evidence':
      return { ok: true, next: status };
  }
}

const combos = CASE_STATUSES.flatMap((status) =>
  CASE_ACTIONS.flatMap((action) => RANKS.map((rank) => ({ status, action, rank, want: expected(status, action, rank) }))),
);

describe('case lifecycle: every status × action × rank', () => {
  it('covers 4 statuses × 12 actions × 3 ranks', () => {
    expect(combos).toHaveLength(144);
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...CASE_STATUSES].sort());
    for (const status of CASE_STATUSES) expect(Object.keys(TRANSITIONS[status]).sort()).toEqual([...CASE_ACTIONS].sort());
  });

  it.each(combos.map((c) => [c.status, c.action, c.rank, c.want.ok ? `allowed → ${c.want.next}` : `refused: ${c.want.reason}`, c] as const))(
    '%s case, %s by %s: %s',
    (status, action, rank, _label, c) => {
      const result = decide(status, action, rank);
      if (c.want.ok) expect(result).toEqual({ ok: true, value: { next: c.want.next } });
      else expect(result).toEqual({ ok: false, reason: c.want.reason });
    },
  );
});

describe('case lifecycle: rules in words', () => {
  it('recording the first side of an open case starts the interview', () => {
    expect(decide('open', 'record_side', 'staff')).toEqual({ ok: true, value: { next: 'interviewing' } });
  });

  it('an escalated case can be escalated again by staff and stays escalated', () => {
    expect(decide('escalated', 'escalate', 'staff')).toEqual({ ok: true, value: { next: 'escalated' } });
  });

  it('staff cannot acknowledge an escalation, an admin can', () => {
    expect(decide('escalated', 'acknowledge_escalation', 'staff')).toEqual({ ok: false, reason: 'not-admin' });
    expect(decide('escalated', 'acknowledge_escalation', 'admin')).toEqual({ ok: true, value: { next: 'escalated' } });
  });

  it('a closed case refuses every change, even to an admin; its record can still be read out, exported and held', () => {
    const readOut: readonly CaseAction[] = ['record_transcript', 'verify_evidence', 'export', 'set_hold'];
    for (const action of CASE_ACTIONS.filter((a) => !readOut.includes(a))) {
      expect(decide('closed', action, 'admin')).toEqual({ ok: false, reason: 'case-closed' });
    }
    for (const action of readOut) {
      expect(decide('closed', action, 'admin')).toEqual({ ok: true, value: { next: 'closed' } });
    }
  });

  it('a member is refused as not-staff before the case state is revealed', () => {
    expect(decide('closed', 'add_note', 'member')).toEqual({ ok: false, reason: 'not-staff' });
    expect(decide('open', 'export', 'member')).toEqual({ ok: false, reason: 'not-staff' });
  });
});
