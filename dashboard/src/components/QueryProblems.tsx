import { CombinedGraphQLErrors } from '@apollo/client';
import { useKommuner } from '../kommunContext';
import { kommunProblemsOf, problemExplanation, problemLabel, type GraphQLErrorLike } from '../lib/kommunLage';

/** The GraphQL errors of an answer, as the dashboard reads them. */
export function graphQLErrorsOf(error: unknown): GraphQLErrorLike[] {
  return CombinedGraphQLErrors.is(error) ? [...error.errors] : [];
}

/**
 * What is missing from a view's answer and why, next to what did arrive: one line per kommun
 * that failed, and one for any other error (e.g. the samverkan part not answering).
 */
export function QueryProblems({ error, what }: { error: unknown; what: string }) {
  const { namnOf } = useKommuner();
  if (!error) return null;
  const errors = graphQLErrorsOf(error);
  const problems = kommunProblemsOf(errors);
  // Errors about one kommun are told by their codes above; the others as they are.
  const other = CombinedGraphQLErrors.is(error)
    ? errors.filter((e) => !e.extensions?.kommunkod)
    : [{ message: (error as Error).message }];
  if (problems.length === 0 && other.length === 0) return null;
  return (
    <div className="problems" role="status">
      <p className="problems-title">Delar av {what} saknas:</p>
      <ul>
        {problems.map((p) => (
          <li key={p.kommunkod} data-kommunkod={p.kommunkod}>
            <strong>
              {namnOf(p.kommunkod)} ({p.kommunkod}): {problemLabel(p)}.
            </strong>{' '}
            {problemExplanation(p)}
          </li>
        ))}
        {other.map((e, i) => (
          <li key={`other-${i}`}>{e.message}</li>
        ))}
      </ul>
    </div>
  );
}
