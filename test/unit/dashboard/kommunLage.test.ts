import {
  ageInWords,
  kommunProblemsOf,
  lageExplanation,
  lageLabel,
  lageOf,
  problemExplanation,
  problemLabel,
} from '../../../dashboard/src/lib/kommunLage';

const error = (code: string, kommunkod: string, namn: string, extra: Record<string, unknown> = {}) => ({
  message: `Kommun ${namn} (${kommunkod}) did not answer; its data is missing from this answer`,
  extensions: { code, kommunkod, serviceName: 'kommun', ...extra },
});

describe('kommunernas läge from a GraphQL answer', () => {
  it('names each failed kommun once, with its code, and ignores errors that are not about a kommun', () => {
    const problems = kommunProblemsOf([
      error('KOMMUN_UNAVAILABLE', '2262', 'Timrå'),
      error('KOMMUN_UNAVAILABLE', '2262', 'Timrå'),
      error('KOMMUN_TIMEOUT', '2280', 'Härnösand'),
      { message: 'Not allowed', extensions: { code: 'FORBIDDEN', kommunkod: '2281' } },
      { message: 'Something else' },
    ]);
    expect(problems).toEqual([
      { kommunkod: '2262', code: 'KOMMUN_UNAVAILABLE', staleSeconds: null },
      { kommunkod: '2280', code: 'KOMMUN_TIMEOUT', staleSeconds: null },
    ]);
    expect(problemLabel(problems[0])).toBe('Otillgänglig');
    expect(problemLabel(problems[1])).toBe('Svarade inte i tid');
  });

  it('says how old stale data is, and a kommun missing somewhere outweighs stale data elsewhere', () => {
    const [stale] = kommunProblemsOf([error('KOMMUN_STALE', '2262', 'Timrå', { staleSeconds: 3 * 3600 + 120 })]);
    expect(stale.staleSeconds).toBe(10920);
    // "Timrå: data from 10:42", in Swedish time, counted back from the answer.
    expect(problemLabel(stale, new Date('2026-11-26T12:44:00Z'))).toBe('Uppgifter från kl. 10:42 (3 h 2 min gamla)');
    expect(problemExplanation(stale)).toContain('från 3 h 2 min sedan');

    const [worst] = kommunProblemsOf([
      error('KOMMUN_STALE', '2262', 'Timrå', { staleSeconds: 60 }),
      error('KOMMUN_UNAVAILABLE', '2262', 'Timrå'),
    ]);
    expect(worst.code).toBe('KOMMUN_UNAVAILABLE');
  });

  it('reads the codes only: a message that names another kommun or another failure changes nothing', () => {
    const [problem] = kommunProblemsOf([
      { ...error('KOMMUN_STALE', '2262', 'Timrå', { staleSeconds: 30 }), message: 'Kommun Ånge (2260) did not answer in time' },
    ]);
    expect(problem).toEqual({ kommunkod: '2262', code: 'KOMMUN_STALE', staleSeconds: 30 });
  });

  it('tells what the gateway’s probe found (GET /kommuner), a kommun not asked yet as such', () => {
    const found = [
      { reachable: true, schemaCompatible: true },
      { reachable: false, schemaCompatible: null },
      { reachable: true, schemaCompatible: false },
      { reachable: null, schemaCompatible: null },
    ].map(lageOf);
    expect(found).toEqual(['svarar', 'svarar-inte', 'annan-version', 'okant']);
    expect(found.map(lageLabel)).toEqual(['Svarar', 'Svarar inte', 'Kör en annan version', 'Inte kontrollerad än']);
    expect(lageExplanation('okant')).toContain('nyss registrerad');
  });

  it('writes ages in words', () => {
    expect([ageInWords(42), ageInWords(600), ageInWords(7200), ageInWords(3 * 86400)]).toEqual([
      '42 s',
      '10 min',
      '2 h',
      '3 dygn',
    ]);
  });
});
