// Entity references to records the kommun subgraph owns: only the key travels, and the gateway
// resolves the rest in that kommun's own subgraph.

export const kommunRef = (kommunkod: string) => ({ __typename: 'Kommun' as const, kommunkod });

export const paragrafRef = (kommunkod: string, beteckning: string) => ({
  __typename: 'Paragraf' as const,
  kommunkod,
  beteckning,
});

export const arendeRef = (kommunkod: string, diarienummer: string) => ({
  __typename: 'Arende' as const,
  kommunkod,
  diarienummer,
});
