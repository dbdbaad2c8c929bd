import fs from 'node:fs';
import path from 'node:path';
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
