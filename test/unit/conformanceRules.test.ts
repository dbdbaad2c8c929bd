import fs from 'node:fs';
import path from 'node:path';
import { formatReport } from '../../scripts/conformance/report';
import { rules } from '../../scripts/conformance/rules';

const joining = fs.readFileSync(path.join(__dirname, '../../docs/joining.md'), 'utf8');

describe('the conformance kit’s rules', () => {
  it('have distinct names, each documented in docs/joining.md with its level', () => {
    const names = rules.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    const documented = [...joining.matchAll(/^\| `([a-z-]+)` +\| (MUST|SHOULD) /gm)].map(([, name, level]) => `${name} ${level}`);
    expect(documented.sort()).toEqual(rules.map((r) => `${r.name} ${r.level}`).sort());
  });
});

describe('the conformance report', () => {
  it('quotes an implementation’s answer without its control characters, so evidence cannot drive the terminal', () => {
    const report = formatReport('http://kommun.example/graphql', '2260', [
      {
        name: 'paging',
        level: 'MUST',
        description: 'paging',
        status: 'fail',
        evidence: 'KS 2024/1\u001b[2J\u001b]0;owned\u0007 again',
      },
    ]);
    expect(report).toContain('evidence: KS 2024/1?[2J?]0;owned? again');
    expect(report.includes('\u001b') || report.includes('\u0007')).toBe(false);
    expect(report).toContain('Does not conform: MUST rules failed: paging.');
  });
});
