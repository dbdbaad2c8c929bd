import { countArenden, sortUppdrag } from '../../../dashboard/src/lib/counts';

describe('counts from lists', () => {
  it('counts ärenden per kommun, organ and status, and says when only a page was counted', () => {
    const [timra] = countArenden([
      {
        kommunkod: '2262',
        namn: 'Timrå',
        arenden: {
          totalCount: 120,
          nodes: [
            { status: 'OPPET', ansvarigtOrgan: { kortnamn: 'KS' } },
            { status: 'OPPET', ansvarigtOrgan: { kortnamn: 'KS' } },
            { status: 'STANGT', ansvarigtOrgan: { kortnamn: 'BUN' } },
            { status: 'VILANDE', ansvarigtOrgan: null },
          ],
        },
      },
    ]);
    expect(timra.total).toBe(120);
    expect(timra.counted).toBe(4);
    expect(timra.byStatus).toEqual({ OPPET: 2, STANGT: 1, VILANDE: 1 });
    expect(timra.byOrgan).toEqual([
      ['BUN', { STANGT: 1 }],
      ['KS', { OPPET: 2 }],
      ['Okänt organ', { VILANDE: 1 }],
    ]);
  });

  it('puts late assignments first, then those under way, each by deadline', () => {
    const sorted = sortUppdrag([
      { id: 'a', forsenad: false, status: 'ATERRAPPORTERAT', deadline: '2019-12-31' },
      { id: 'b', forsenad: false, status: 'PAGAENDE', deadline: null },
      { id: 'c', forsenad: true, status: 'PAGAENDE', deadline: '2021-12-31' },
      { id: 'd', forsenad: false, status: 'PAGAENDE', deadline: '2030-01-01' },
      { id: 'e', forsenad: true, status: 'PAGAENDE', deadline: '2020-06-30' },
    ]);
    expect(sorted.map((u) => u.id)).toEqual(['e', 'c', 'd', 'b', 'a']);
  });
});
