import { PUBLIC_SCOPE, accessScopeOf } from '#platform/auth/accessScope';

test('callers who see only public records share one scope', () => {
  expect(accessScopeOf(null)).toBe(PUBLIC_SCOPE);
  expect(accessScopeOf({ sub: 'a', kommunkod: '2262', roller: ['LASARE'] })).toBe(PUBLIC_SCOPE);
  expect(accessScopeOf({ sub: 'b', kommunkod: '2281', roller: ['SAMORDNARE', 'LASARE'] })).toBe(PUBLIC_SCOPE);
});

test('a HANDLAGGARE or ADMIN is scoped to its kommun and its revealing roles, not to its sub', () => {
  const timra = accessScopeOf({ sub: 'anna', kommunkod: '2262', roller: ['HANDLAGGARE'] });
  expect(timra).not.toBe(PUBLIC_SCOPE);
  expect(accessScopeOf({ sub: 'bo', kommunkod: '2262', roller: ['SAMORDNARE', 'HANDLAGGARE'] })).toBe(timra);
  expect(accessScopeOf({ sub: 'anna', kommunkod: '2281', roller: ['HANDLAGGARE'] })).not.toBe(timra);
  expect(accessScopeOf({ sub: 'anna', kommunkod: '2262', roller: ['ADMIN'] })).not.toBe(timra);
  expect(accessScopeOf({ sub: 'c', kommunkod: '2262', roller: ['HANDLAGGARE', 'ADMIN'] })).toBe(
    accessScopeOf({ sub: 'd', kommunkod: '2262', roller: ['ADMIN', 'HANDLAGGARE'] }),
  );
});
