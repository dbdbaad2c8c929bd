import { load, type LoadResult } from '../lib/load';
import { benchBody, benchDocument, contractBody } from '../lib/trustedDocuments';
import { checkedQuery } from '../lib/net';
import { startGateway, startMemoryKommuner } from '../lib/services';
import { memoryList } from './fanOut';
import type { BenchSettings } from './settings';

export const SUMS_KOMMUNER = 290;

/** What a dashboard without `statistik` sends: every kommun's lists, to count them itself. */
export const listsQuery = benchDocument(`{
  kommuner {
    kommunkod
    arenden(first: 100) { totalCount nodes { status registrerad ansvarigtOrgan { id } } }
    uppdrag { status forsenad }
    paragrafer { ar organ { id } }
  }
}`);

export interface SumsWay {
  /** Bytes of the gateway's answer body, as the dashboard receives it. */
  bytes: number;
  result: LoadResult;
}

export interface SumsResult {
  kommuner: number;
  statistik: SumsWay;
  lists: SumsWay;
  /** lists ÷ statistik. */
  bytesRatio: number;
  p50Ratio: number;
}

type Lists = {
  kommuner: {
    arenden: { nodes: { status: string; registrerad: string; ansvarigtOrgan: { id: string } | null }[] };
    uppdrag: { status: string; forsenad: boolean }[];
    paragrafer: { ar: number; organ: { id: string } }[];
  }[];
};

/** Counts the lists as a dashboard would: the totals the scenario checks `statistik` against. */
function countLists(data: Lists) {
  const all = data.kommuner;
  return {
    arenden: all.reduce((n, k) => n + k.arenden.nodes.length, 0),
    forsenade: all.reduce((n, k) => n + k.uppdrag.filter((u) => u.forsenad).length, 0),
    paragrafer: all.reduce((n, k) => n + k.paragrafer.length, 0),
  };
}

const total = (rows: { [field: string]: unknown }[], field: string) => rows.reduce((n, r) => n + (r[field] as number), 0);

/**
 * `statistik` over 290 in-memory kommuner (each counts its own facts; the router adds them up)
 * against fetching the lists and counting them in the client: bytes of the answer and p50.
 * Both ways must arrive at the same totals, or the scenario fails. The p50 of the lists does
 * not include the client's counting.
 */
export async function runSums(settings: BenchSettings, log: (line: string) => void): Promise<SumsResult> {
  log(`sums: starting ${SUMS_KOMMUNER} in-memory kommun instances`);
  const memory = await startMemoryKommuner(memoryList(SUMS_KOMMUNER));
  // Without the answer cache: the figure is what each way carries over the network.
  const gateway = await startGateway(memory.kommuner, { KOMMUN_CACHE: 'false' });
  try {
    // The dashboards' own operation, by its hash as they send it.
    const statistikBody = contractBody('Statistik');
    const listsBody = benchBody(listsQuery);
    const sums = (await checkedQuery(gateway.url, statistikBody)).statistik;
    const counted = countLists((await checkedQuery(gateway.url, listsBody)) as Lists);
    const fromSums = {
      arenden: total(sums.arenden, 'antal'),
      forsenade: total(sums.uppdrag, 'forsenade'),
      paragrafer: total(sums.paragrafer, 'antal'),
    };
    if (JSON.stringify(fromSums) !== JSON.stringify(counted)) {
      throw new Error(`sums: statistik says ${JSON.stringify(fromSums)}, the lists count ${JSON.stringify(counted)}`);
    }
    const way = async (name: string, body: string): Promise<SumsWay> => {
      log(`sums: ${name}`);
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const bytes = (await response.arrayBuffer()).byteLength;
      const result = await load({
        url: gateway.url,
        body,
        connections: settings.fanOutConnections,
        seconds: settings.seconds,
        warmupSeconds: settings.warmupSeconds,
      });
      return { bytes, result };
    };
    const statistik = await way('statistik', statistikBody);
    const lists = await way('lists, counted in the client', listsBody);
    return {
      kommuner: SUMS_KOMMUNER,
      statistik,
      lists,
      bytesRatio: lists.bytes / statistik.bytes,
      p50Ratio: lists.result.p50 / statistik.result.p50,
    };
  } finally {
    await gateway.stop();
    await memory.stop();
  }
}
