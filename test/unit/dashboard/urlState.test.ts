import { formatState, parseState, selectedKommunkoder } from '../../../dashboard/src/lib/urlState';

const known = [
  { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län' },
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län' },
  { kommunkod: '0180', namn: 'Stockholm', lan: 'Stockholms län' },
];

describe('the dashboard state in the address', () => {
  it('survives a round trip through the address, so that a link shows the same view', () => {
    const state = {
      vy: 'uppdrag' as const,
      lan: 'Västernorrlands län',
      kommun: '2262',
      uppdatera: 60,
      paragraf: { kommunkod: '2262', beteckning: 'KS 2019 § 257' },
    };
    expect(parseState(formatState(state))).toEqual(state);
  });

  it('falls back to the defaults for anything it does not know', () => {
    expect(parseState('?vy=hemligt&kommun=abc&uppdatera=7&paragraf=x')).toEqual({
      vy: 'samverkan',
      lan: null,
      kommun: null,
      uppdatera: 30,
      paragraf: null,
    });
    expect(parseState('?uppdatera=0').uppdatera).toBe(0);
  });

  it('selects the kommuner of a län, a single kommun over its län, and all without a filter', () => {
    expect(selectedKommunkoder({ lan: 'Västernorrlands län', kommun: null }, known)).toEqual(['2281', '2262']);
    expect(selectedKommunkoder({ lan: 'Västernorrlands län', kommun: '2262' }, known)).toEqual(['2262']);
    expect(selectedKommunkoder({ lan: null, kommun: null }, known)).toBeNull();
    // An unknown län selects none rather than everything.
    expect(selectedKommunkoder({ lan: 'Gotlands län', kommun: null }, known)).toEqual([]);
  });
});
