// The results as one markdown table: what was measured, the result, the target, and whether it
// was met.

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const x = (r) => `${r.toFixed(2)}×`;
const yes = (ok) => (ok ? '**met**' : '**missed**');

export function table(results) {
  const rows = [];
  const row = (...cells) => rows.push(`| ${cells.join(' | ')} |`);
  const r1 = results.scenarios.latencyBoundPlan;
  if (r1) {
    const bound = r1.targets.warmCallBound;
    const head = `1. latency-bound plan: ${r1.n} jobs, ${r1.latencyMs} ms latency, no quota`;
    row(head, 'naive SDK script (bench/naive.mjs)', `${s(r1.naive.ms)}, ${r1.naive.total} calls`, '', '');
    row(
      '',
      `cosell plan, cold cache (--parallelism ${r1.parallelism})`,
      `${s(r1.cold.ms)}, ${r1.cold.total} calls: **${r1.speedup.cold.toFixed(1)}× faster**`,
      '',
      '',
    );
    row(
      '',
      `cosell plan, warm cache (--parallelism ${r1.parallelism})`,
      `${s(r1.warm.ms)}, ${r1.warm.total} calls: **${r1.speedup.warm.toFixed(1)}× faster**`,
      `≥ 10× faster; ≤ ${bound} calls`,
      yes(r1.targets.speedupOk && r1.targets.warmCallsOk),
    );
    if (r1.more) {
      const m = r1.more;
      row(
        '',
        `cosell plan, cold / warm cache (--parallelism ${m.parallelism})`,
        `${s(m.cold.ms)} / ${s(m.warm.ms)}: ${m.speedup.cold.toFixed(1)}× / ${m.speedup.warm.toFixed(1)}× faster`,
        '(for information)',
        '',
      );
    }
  }
  const r2 = results.scenarios.quotaBoundPlan;
  if (r2) {
    const head = `2. quota-bound plan: ${r2.n} jobs, ${r2.quota}/s on every operation, ${r2.latencyMs} ms`;
    // The warm plan's target is the tighter one: the whole command within 5% of the floor.
    for (const [label, v, target] of [
      ['cold cache', r2.cold, 1.15],
      ['warm cache', r2.warm, 1.05],
    ]) {
      row(
        label === 'cold cache' ? head : '',
        `cosell plan, ${label}`,
        `${s(v.ms)} = **${v.ratio.toFixed(3)}× the floor** of ${v.floorS.toFixed(2)} s (from the first call: ${x(v.callsRatio)}; runs ${v.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s); ${v.total} calls, ${v.throttled} throttled`,
        `≤ ${target.toFixed(2)}× the floor, no failed call`,
        yes(v.ratio <= target),
      );
    }
  }
  const r3 = results.scenarios.apply;
  if (r3) {
    const head = `3. apply: ${r3.n} jobs, ${r3.quota}/s on every operation, ${r3.latencyMs} ms`;
    for (const st of r3.steps) {
      row(
        st.step === 'create' ? head : '',
        `cosell apply: ${st.step === 'create' ? `${r3.n} creates with tags` : st.step === 'update' ? `${r3.n} tag updates (add, change, remove)` : `${r3.n} deletions of running jobs`}`,
        `${st.total} calls (minimum ${st.minimum}); whole command ${s(st.ms)} = **${x(st.commandRatio)} the floor** of its busiest operation, ${st.commandFloorS.toFixed(2)} s; changes ${s(st.applyMs)} = ${x(st.applyRatio)} their floor of ${st.applyFloorS.toFixed(2)} s; ${st.throttled} throttled`,
        st.step === 'update'
          ? 'exactly the minimum calls; whole command ≤ 1.15× the floor'
          : 'exactly the minimum calls; changes ≤ 1.15× their floor',
        yes(st.applyCallsMinimal && st.planCallsMinimal && (st.step === 'update' ? st.commandRatio : st.applyRatio) <= 1.15),
      );
    }
  }
  const r4 = results.scenarios.offline;
  if (r4) {
    const head = `4. offline: ${r4.n.toLocaleString('en')} jobs in ${r4.files} files (${r4.mb.toFixed(1)} MB)`;
    row(
      head,
      'validate (load, schema, checks)',
      `${s(r4.validateMs)} vs yaml alone ${s(r4.yamlMs)}: **${x(r4.validateRatio)}** (end to end, process start included: ${s(r4.endToEnd.validateMs)} vs ${s(r4.endToEnd.yamlMs)}, ${x(r4.endToEnd.ratio)})`,
      '≤ 2× yaml alone',
      yes(r4.targets.validateRatioOk),
    );
    row(
      '',
      'diff + render (no changes)',
      `**${s(r4.diffRenderMs)}** (diff ${s(r4.diffMs)}, human render ${s(r4.renderHumanMs)}; JSON render ${s(r4.renderJsonMs)})`,
      '< 0.3 s',
      yes(r4.targets.diffRenderOk),
    );
    row(
      '',
      'peak RSS of load + diff + render',
      `**${r4.peakMb.toFixed(0)} MB** (yaml alone: ${r4.yamlPeakMb.toFixed(0)} MB)`,
      '≤ 300 MB',
      yes(r4.targets.peakOk),
    );
  }
  const r5 = results.scenarios.startup;
  if (r5) {
    const head = `5. startup: medians of ${r5.pairs} paired runs`;
    row(
      head,
      'cosell --version vs node -e 0',
      `${(r5.version.cosellMs).toFixed(0)} ms vs ${(r5.version.nodeMs).toFixed(0)} ms: **${x(r5.version.ratio)}**`,
      '≤ 2×',
      yes(r5.targets.version),
    );
    row(
      '',
      'cosell validate examples/stack vs node -e 0',
      `${(r5.validate.cosellMs).toFixed(0)} ms vs ${(r5.validate.nodeMs).toFixed(0)} ms: **${x(r5.validate.ratio)}**`,
      '≤ 3×',
      yes(r5.targets.validate),
    );
  }
  const header = ['| scenario | measured | result | target | |', '| --- | --- | --- | --- | --- |'];
  const foot = `\n${results.quick ? 'QUICK RUN (smaller N, fewer runs): not a measurement. ' : ''}Medians of the runs; node ${results.node}, ${results.cpus}, load average at start ${results.loadAverageAtStart.join(' ')}; commit ${results.commit}${results.dirty ? ' (src/ modified)' : ''}, ${results.date}.`;
  return `${[...header, ...rows].join('\n')}\n${foot}`;
}
