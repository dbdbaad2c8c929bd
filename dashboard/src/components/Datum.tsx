/**
 * A date as the graph gives it, marked "(illustrativt datum)" when its record lists the field
 * among its `illustrativaFalt`: the source names only a period, and the seed chose a day in it.
 */
export function Datum({
  value,
  field,
  illustrativaFalt,
}: {
  value: string;
  field: string;
  illustrativaFalt: readonly string[] | null | undefined;
}) {
  return (
    <>
      <time dateTime={value}>{value}</time>
      {isIllustrativ(illustrativaFalt, field) && (
        <span className="illustrativ" title="Källan anger inte dagen; datumet är valt inom den period källan nämner">
          {' '}
          (illustrativt datum)
        </span>
      )}
    </>
  );
}

export const isIllustrativ = (illustrativaFalt: readonly string[] | null | undefined, field: string): boolean =>
  (illustrativaFalt ?? []).includes(field);
