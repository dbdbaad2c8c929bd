import type { Caller } from '#platform/auth/caller';
import { signDevToken } from '#dev-tools/devIssuer';
import { postGraphQL } from '../../helpers/graphql';
import type { TestStack } from '../../helpers/stack';

/**
 * The sync feed across kommuner through the gateway: `kommuner { paragrafandringar }` fans out
 * through the kommun router to every kommun's own process, each reads its own position out of
 * the kommuner's markers joined by commas, and a change in one kommun reaches the client once.
 * It writes a paragraph to Timrå that the read-only suites do not expect, so
 * test/e2e/sharedStack.test.ts runs it after them.
 */
export function syncFeedGatewaySuite(stack: () => TestStack): void {
  describe('the sync feed across kommuner through the gateway', () => {
    const HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE'] };

    const SYNK = `query($m: String) { kommuner { kommunkod
      paragrafandringar(andradeEfter: $m) { nodes { kommunkod beteckning } borttagna { id } pageInfo { hasNextPage } andringsmarkor } } }`;

    interface KommunPage {
      kommunkod: string;
      paragrafandringar: {
        nodes: { kommunkod: string; beteckning: string }[];
        borttagna: { id: string }[];
        pageInfo: { hasNextPage: boolean };
        andringsmarkor: string | null;
      };
    }

    async function poll(marker: string | null): Promise<{ kommuner: KommunPage[]; marker: string }> {
      const { data, errors } = await postGraphQL(stack().gateway.url, SYNK, { m: marker });
      expect(errors).toBeUndefined();
      const kommuner = data!.kommuner as KommunPage[];
      // The client keeps each kommun's marker, joined into one.
      const markers = kommuner.map((k) => k.paragrafandringar.andringsmarkor).filter((m): m is string => m !== null);
      return { kommuner, marker: markers.join(',') };
    }

    it('keeps one marker for every kommun and sees a change in one of them once, from that kommun only', async () => {
      const first = await poll(null);
      expect(first.kommuner.map((k) => k.kommunkod)).toEqual(['2281', '2262', '2280']);
      for (const k of first.kommuner) {
        expect(k.paragrafandringar.pageInfo.hasNextPage).toBe(false);
        expect(k.paragrafandringar.nodes.every((n) => n.kommunkod === k.kommunkod)).toBe(true);
      }
      expect(first.kommuner.find((k) => k.kommunkod === '2262')!.paragrafandringar.nodes.map((n) => n.beteckning)).toContain(
        'KS 2019 § 65',
      );

      // Nothing new: each kommun reads its own position and answers nothing.
      const quiet = await poll(first.marker);
      expect(quiet.kommuner.flatMap((k) => k.paragrafandringar.nodes)).toEqual([]);

      const written = await postGraphQL(
        stack().gateway.url,
        `mutation { registreraParagraf(kommunkod: "2262", input: { organ: "KS", ar: 2031, nummer: 7, rubrik: "Synk" }) { beteckning } }`,
        {},
        undefined,
        { authorization: `Bearer ${await signDevToken(stack().keysDir, HANDLAGGARE)}` },
      );
      expect(written.errors).toBeUndefined();

      // Another database's open transaction can hold the horizon back a moment, and the router may
      // keep an empty answer for up to 30 s: the client polls on, as a real one would.
      let changed = quiet;
      for (let i = 0; i < 90 && changed.kommuner.every((k) => k.paragrafandringar.nodes.length === 0); i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        changed = await poll(first.marker);
      }
      expect(changed.kommuner.flatMap((k) => k.paragrafandringar.nodes)).toEqual([
        { kommunkod: '2262', beteckning: 'KS 2031 § 7' },
      ]);
      const after = await poll(changed.marker);
      expect(after.kommuner.flatMap((k) => k.paragrafandringar.nodes)).toEqual([]);
    }, 120_000);
  });
}
