// The benchmark's report: one table of every load run, the ready / RSS / kill -9 lines, and the targets.

export function log(line = '') {
  process.stdout.write(`${line}\n`);
}

/**
 * One line of the table from an autocannon result. `baseline` is the row it is compared with (the bare
 * baseline at the same connections, or that baseline through the proxy); `rss` the server's peak RSS in MB
 * after the run (a list when several servers took the load).
 */
export function summary(id, name, result, baseline, rss = null) {
  const rps = result.requests.average;
  return {
    id,
    name,
    connections: result.connections,
    rps,
    p50: result.exact?.p50 ?? result.latency.p50,
    p99: result.exact?.p99 ?? result.latency.p99,
    ratio: baseline ? rps / baseline.rps : null,
    against: baseline?.name ?? null,
    rss,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function ms(value) {
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function mb(rss) {
  if (rss === null || rss === undefined) return '-';
  return Array.isArray(rss) ? rss.map((r) => (r === null ? '?' : r.toFixed(0))).join('+') : rss.toFixed(0);
}

function cell(text, width, left = false) {
  return left ? String(text).padEnd(width) : String(text).padStart(width);
}

export function printTable(rows) {
  const widths = [44, 6, 9, 7, 7, 12, 8, 24];
  const head = ['run', 'conns', 'req/s', 'p50 ms', 'p99 ms', '% baseline', 'RSS MB', '2xx / other / errors'];
  log(head.map((h, i) => cell(h, widths[i], i === 0 || i === 7)).join(' '));
  log(widths.map((w) => '-'.repeat(w)).join(' '));
  for (const row of rows) {
    const ratio = row.ratio === null ? '—' : `${(row.ratio * 100).toFixed(1)}%${row.against?.includes('proxy') ? '*' : ''}`;
    const cells = [
      row.name,
      row.connections,
      row.rps.toFixed(0),
      ms(row.p50),
      ms(row.p99),
      ratio,
      mb(row.rss),
      `${row.ok2xx} / ${row.non2xx} / ${row.errors}`,
    ];
    log(cells.map((c, i) => cell(c, widths[i], i === 0 || i === 7)).join(' '));
  }
  log('% baseline: req/s against the bare node:http baseline at the same connections; * against that baseline through the same proxy.');
  log('RSS: peak resident memory (VmHWM) of the server process after the run, since it started; a+b for two instances.');
}

/** A target line: what the issue asks, what was measured, met / not met (or "not run"). */
export function printTargets(targets) {
  log('targets (issue 15):');
  const width = Math.max(...targets.map((t) => t.label.length));
  for (const t of targets) {
    const verdict = t.met === null ? 'not run' : t.met ? 'met' : 'NOT MET';
    log(`  ${t.label.padEnd(width)}  ${verdict.padEnd(7)}  ${t.measured}`);
  }
}

/** Builds the target lines from the table's rows (by id) and the other measurements. */
export function buildTargets(rows, extra) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pct = (r) => `${(r.ratio * 100).toFixed(1)}%`;
  const targets = [];
  const add = (label, id, check, describe) => {
    const row = byId.get(id);
    targets.push(row ? { label, met: check(row), measured: describe(row) } : { label, met: null, measured: '' });
  };
  const ratioAndP99 = (minRatio, maxP99) => (r) => r.ratio >= minRatio && r.p99 < maxP99;
  const describeRatioP99 = (r) => `${pct(r)} of baseline, p99 ${ms(r.p99)} ms`;

  add('register (SQLite, 50 conns) >= 20% of baseline, p99 < 25 ms', 'sqlite.register.50', ratioAndP99(0.2, 25), describeRatioP99);
  add('finish (SQLite, 50 conns) >= 20% of baseline, p99 < 25 ms', 'sqlite.finish.50', ratioAndP99(0.2, 25), describeRatioP99);
  add(
    'register --durability full >= 10% of baseline',
    'sqlite-full.register.50',
    (r) => r.ratio >= 0.1,
    (r) => `${pct(r)} of baseline`,
  );
  add(
    'finish --durability full >= 10% of baseline',
    'sqlite-full.finish.50',
    (r) => r.ratio >= 0.1,
    (r) => `${pct(r)} of baseline`,
  );
  add(
    `statistic.get ${extra.statRowsLabel} rows (50 conns) >= 12%, p99 < 50 ms`,
    'sqlite.stats.50',
    ratioAndP99(0.12, 50),
    describeRatioP99,
  );
  add(
    `statistic.get ${extra.statRowsLabel} rows (1 conn) p99 < 5 ms`,
    'sqlite.stats.1',
    (r) => r.p99 < 5,
    (r) => `p99 ${ms(r.p99)} ms`,
  );
  add(
    `statistic.get ${extra.bigRowsLabel} rows (1 conn) p99 < 10 ms`,
    'sqlite.stats-big.1',
    (r) => r.p99 < 10,
    (r) => `p99 ${ms(r.p99)} ms`,
  );
  const peak = extra.peakRss;
  targets.push({
    label: 'peak RSS of serve < 150 MB (every run)',
    met: peak ? peak.mb < 150 : null,
    measured: peak ? `${peak.mb.toFixed(0)} MB (${peak.name})` : '',
  });
  targets.push({
    label: `time to ready with ${extra.statRowsLabel} rows < 1 s`,
    met: extra.readyWithRows === null ? null : extra.readyWithRows < 1000,
    measured: extra.readyWithRows === null ? '' : `${extra.readyWithRows.toFixed(0)} ms`,
  });
  add(
    'PostgreSQL finish (one instance) >= 2,500 req/s',
    'pg.finish.50',
    (r) => r.rps >= 2500,
    (r) => `${r.rps.toFixed(0)} req/s`,
  );
  targets.push({
    label: 'kill -9: every acknowledged finish on disk',
    met: extra.durabilityOk,
    measured: extra.durabilityText,
  });
  return targets;
}
