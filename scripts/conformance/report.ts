import { conforms, type RuleResult } from './runConformance';

/** The report, rule by rule, as text for a terminal: pass, fail with the evidence, skipped with the reason. */
export function formatReport(url: string, kommunkod: string, results: RuleResult[]): string {
  // Evidence quotes what the implementation answered: its control characters are not let at the terminal.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const quoted = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  const lines = [`Conformance of ${url} as kommun ${kommunkod} to schema/kommun.graphql`, ''];
  for (const r of results) {
    const mark = r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : 'SKIP';
    lines.push(`${mark}  ${r.level.padEnd(6)} ${r.name}: ${r.description}`);
    if (r.status === 'fail') lines.push(`      evidence: ${quoted(r.evidence)}`);
    if (r.status === 'skip') lines.push(`      skipped: ${r.reason}`);
    if (r.status === 'pass' && r.note) lines.push(`      note: ${quoted(r.note)}`);
  }
  const count = (status: RuleResult['status']) => results.filter((r) => r.status === status).length;
  const mustFailed = results.filter((r) => r.level === 'MUST' && r.status === 'fail').map((r) => r.name);
  lines.push('', `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped.`);
  lines.push(
    conforms(results)
      ? 'Conforms: every MUST rule that could run passed.'
      : `Does not conform: MUST rules failed: ${mustFailed.join(', ')}.`,
  );
  return lines.join('\n');
}
