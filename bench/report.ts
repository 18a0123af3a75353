/** The benchmark's outputs: the raw JSON, a Markdown table against the targets, and an SVG chart of latencies. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResults } from './run-bench.js';
import { COMMANDS } from './workload.js';

type Target = { readonly what: string; readonly target: string; readonly measured: string; readonly met: boolean };

export function targets(r: BenchResults): Target[] {
  return [
    { what: `ack p99 at ${r.options.concurrency} concurrent moderators`, target: '< 100 ms', measured: `${r.mixed.ackAll.p99} ms`, met: r.mixed.ackAll.p99 < 100 },
    { what: '/case open sustained (case, 2 threads, 2 intros, reply)', target: '>= 200 /s', measured: `${r.openOnly.perSecond} /s`, met: r.openOnly.perSecond >= 200 },
    { what: 'throughput vs floor, mixed commands', target: '>= 0.5x', measured: `${r.ratio.mixed}x`, met: r.ratio.mixed >= 0.5 },
    { what: 'throughput vs floor, /case open only', target: '>= 0.5x', measured: `${r.ratio.openOnly}x`, met: r.ratio.openOnly >= 0.5 },
    { what: `burst of ${r.burst.commands} /case open at once: acknowledged within 3 s`, target: 'all', measured: `${r.burst.ackedWithin3s} of ${r.burst.commands} (p95 ${r.burst.ack.p95} ms, max ${r.burst.ack.max} ms)`, met: r.burst.ackedWithin3s === r.burst.commands },
    { what: `bot RSS with ${r.rssMb.casesInDatabase} cases, after ${r.options.settleMs / 1000} s idle`, target: '< 150 MB', measured: `${r.rssMb.afterCases} MB`, met: r.rssMb.afterCases < 150 },
    { what: 'process start to ready', target: '< 1500 ms', measured: `${r.startToReadyMs} ms`, met: r.startToReadyMs < 1500 },
    { what: `/case view database time p95 at ${r.viewAtScale.cases} cases`, target: '< 5 ms', measured: `${r.viewAtScale.databaseMs.p95} ms`, met: r.viewAtScale.databaseMs.p95 < 5 },
    { what: `desk board server time p95 at ${r.deskAtScale.cases} cases`, target: '< 50 ms', measured: `${r.deskAtScale.boardMs.p95} ms`, met: r.deskAtScale.boardMs.p95 < 50 },
    { what: `desk case page server time p95 at ${r.deskAtScale.cases} cases`, target: '< 50 ms', measured: `${r.deskAtScale.caseMs.p95} ms`, met: r.deskAtScale.caseMs.p95 < 50 },
    {
      what: `desk case page weight, ${r.deskAtScale.heavyCase.statements} statements (HTML + CSS)`,
      target: '< 100 KB',
      measured: `${Math.round((r.deskAtScale.heavyCase.htmlBytes + r.deskAtScale.heavyCase.cssBytes) / 1024)} KB`,
      met: r.deskAtScale.heavyCase.htmlBytes + r.deskAtScale.heavyCase.cssBytes < 100 * 1024,
    },
  ];
}

export function markdown(r: BenchResults): string {
  const lines = [
    `# Bothsides benchmark, ${r.startedAt}`,
    '',
    `${r.machine.cpus} CPUs, Node ${r.machine.node}, ${r.database.description}. ${r.options.concurrency} concurrent moderators, ${r.options.durationMs / 1000} s per load phase.`,
    '',
    '| target | wanted | measured | |',
    '|---|---|---|---|',
    ...targets(r).map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${t.met ? 'met' : '**missed**'} |`),
    '',
    `Mixed load: ${r.mixed.ops} commands in ${r.mixed.seconds} s = ${r.mixed.perSecond}/s (${r.mixed.failures} failed); floor ${r.floor.mixed.perSecond}/s.`,
    `Owed Discord actions (threads, escalation posts, closing work) under the mixed load: ${r.mixed.owedActionLag.actions} done, from the commit that recorded each to done p50 ${r.mixed.owedActionLag.p50Ms} ms, p95 ${r.mixed.owedActionLag.p95Ms} ms.`,
    `Burst: ${r.burst.commands} /case open sent at once, all answered in ${r.burst.seconds} s (${r.burst.failures} failed), final reply p95 ${r.burst.final.p95} ms; the floor does the same work in ${r.floor.burst.seconds} s (${r.ratio.burst}x).`,
    `Open only: ${r.openOnly.ops} cases in ${r.openOnly.seconds} s = ${r.openOnly.perSecond}/s (${r.openOnly.failures} failed); floor ${r.floor.openOnly.perSecond}/s.`,
    `On real Discord, the default global limit of 50 requests per second (interaction replies excepted) caps each command, on its own, at: ${COMMANDS.map((c) => `${c} ${r.discordGlobalCap[c]}/s`).join(', ')}. The figures above lift that limit to measure the bot itself.`,
    `RSS: ${r.rssMb.atReady} MB at ready, ${r.rssMb.afterLoad} MB after the mixed load, ${r.rssMb.afterCasesUnderLoad} MB right after the last of ${r.rssMb.casesInDatabase} cases (still at full load), ${r.rssMb.afterCases} MB after ${r.options.settleMs / 1000} s idle.`,
    '',
    '| command | share/s | ack p50 | ack p95 | ack p99 | ack max | final p50 | final p95 | final p99 | final max | SQL statements | SQL ms (1 run) | REST requests |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...COMMANDS.map((c) => {
      const m = r.mixed.perCommand[c];
      const q = r.queriesPerCommand[c];
      return `| ${c} | ${m.perSecond} | ${m.ack.p50} | ${m.ack.p95} | ${m.ack.p99} | ${m.ack.max} | ${m.final.p50} | ${m.final.p95} | ${m.final.p99} | ${m.final.max} | ${q.queries} | ${q.sqlMs} | ${q.restRequests} |`;
    }),
    '',
    `/case view with ${r.viewAtScale.cases} cases: database time (the SQL as the driver timed it) p50 ${r.viewAtScale.databaseMs.p50} ms, p95 ${r.viewAtScale.databaseMs.p95} ms (repository call p95 ${r.viewAtScale.repositoryMs.p95} ms); through the bot ack p95 ${r.viewAtScale.throughBot.ack.p95} ms, final p95 ${r.viewAtScale.throughBot.final.p95} ms.`,
    '',
    'Latencies in ms, from INTERACTION_CREATE sent to the first callback (ack) and to the final reply.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Grouped bars: p50/p95/p99 of ack and final latency per command. */
export function latencySvg(r: BenchResults): string {
  const series = [
    { key: 'p50', color: '#4c78a8' },
    { key: 'p95', color: '#f58518' },
    { key: 'p99', color: '#e45756' },
  ] as const;
  const groups = COMMANDS.flatMap((c) => [
    { label: `${c} ack`, s: r.mixed.perCommand[c].ack },
    { label: `${c} final`, s: r.mixed.perCommand[c].final },
  ]);
  const max = Math.max(1, ...groups.flatMap((g) => series.map((x) => g.s[x.key])));
  const width = 900;
  const height = 360;
  const left = 60;
  const bottom = 300;
  const top = 40;
  const groupWidth = (width - left - 20) / groups.length;
  const bar = groupWidth / (series.length + 1);
  const y = (v: number) => bottom - ((bottom - top) * v) / max;
  const bars = groups.flatMap((g, i) =>
    series.map((x, j) => {
      const v = g.s[x.key];
      const xPos = left + i * groupWidth + j * bar + bar / 2;
      return `<rect x="${xPos.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(bar - 1).toFixed(1)}" height="${(bottom - y(v)).toFixed(1)}" fill="${x.color}"><title>${g.label} ${x.key}: ${v} ms</title></rect>`;
    }),
  );
  const labels = groups.map((g, i) => {
    const xPos = left + i * groupWidth + groupWidth / 2;
    return `<text x="${xPos.toFixed(1)}" y="${bottom + 14}" font-size="10" text-anchor="end" transform="rotate(-35 ${xPos.toFixed(1)} ${bottom + 14})">${g.label}</text>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = Math.round(max * f * 10) / 10;
    return `<line x1="${left}" x2="${width - 20}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="10" text-anchor="end">${v}</text>`;
  });
  const legend = series.map((x, i) => `<rect x="${left + i * 70}" y="12" width="10" height="10" fill="${x.color}"/><text x="${left + i * 70 + 14}" y="21" font-size="11">${x.key}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width - 20}" y="21" font-size="12" text-anchor="end">Latency (ms) per command, ${r.options.concurrency} moderators, ${r.database.kind}</text>`,
    ...ticks,
    ...bars,
    ...labels,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}

export async function writeReports(r: BenchResults, dir: string): Promise<{ markdown: string; files: string[] }> {
  await mkdir(dir, { recursive: true });
  const md = markdown(r);
  const files = [join(dir, 'latest.json'), join(dir, 'latest.md'), join(dir, 'latency.svg')];
  await writeFile(files[0]!, `${JSON.stringify(r, null, 2)}\n`);
  await writeFile(files[1]!, md);
  await writeFile(files[2]!, latencySvg(r));
  return { markdown: md, files };
}
