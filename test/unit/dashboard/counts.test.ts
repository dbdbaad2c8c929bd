import { countArenden, sortUppdrag } from '../../../dashboard/src/lib/counts';

describe('the dashboard’s counts', () => {
  it('turns the graph’s sums into counts per kommun, organ and status, in the order the kommuner answered', () => {
    const counts = countArenden(
      [
        { kommunkod: '2281', namn: 'Sundsvall' },
        { kommunkod: '2262', namn: 'Timrå' },
      ],
      [
        { kommunkod: '2262', organ: 'KS', status: 'OPPET', antal: 2 },
        { kommunkod: '2262', organ: 'BUN', status: 'STANGT', antal: 1 },
        { kommunkod: '2262', organ: null, status: 'VILANDE', antal: 1 },
        { kommunkod: '2262', organ: 'KS', status: 'STANGT', antal: 3 },
        // A kommun that did not answer the list has no card, whatever the sums say.
        { kommunkod: '2280', organ: 'KS', status: 'OPPET', antal: 9 },
      ],
    );
    expect(counts.map((c) => [c.namn, c.total])).toEqual([
      ['Sundsvall', 0],
      ['Timrå', 7],
    ]);
    const timra = counts[1];
    expect(timra.byStatus).toEqual({ OPPET: 2, STANGT: 4, VILANDE: 1 });
    expect(timra.byOrgan).toEqual([
      ['BUN', { STANGT: 1 }],
      ['Inget organ', { VILANDE: 1 }],
      ['KS', { OPPET: 2, STANGT: 3 }],
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
