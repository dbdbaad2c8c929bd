import {
  graphql,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFormattedError,
} from 'graphql';
import { withRefusedValueField } from '#platform/withRefusedValueField';
import { DateScalar } from '#subgraph-kit/scalars';

/** A write whose input holds Dates, at the top and in a list of objects, as the subgraphs' do. */
const Part = new GraphQLInputObjectType({ name: 'Part', fields: { tecknat: { type: DateScalar } } });
const Input = new GraphQLInputObjectType({
  name: 'Input',
  fields: { rubrik: { type: GraphQLString }, registrerad: { type: DateScalar }, parter: { type: new GraphQLList(Part) } },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      skriv: {
        type: GraphQLString,
        args: { input: { type: new GraphQLNonNull(Input) }, datum: { type: DateScalar } },
        resolve: () => 'ok',
      },
    },
  }),
});

/** The first error as the subgraph's formatError hands it on. */
async function refusal(source: string, variableValues?: Record<string, unknown>): Promise<GraphQLFormattedError['extensions']> {
  const { errors } = await graphql({ schema, source, variableValues });
  return withRefusedValueField(errors![0].toJSON(), errors![0]).extensions;
}

it('names the input field of a Date refused in a variable, however deep', async () => {
  const source = 'mutation($input: Input!) { skriv(input: $input) }';
  expect(await refusal(source, { input: { registrerad: '2021-02-30' } })).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'registrerad',
  });
  expect(await refusal(source, { input: { parter: [{ tecknat: '2021-01-01' }, { tecknat: '2021-02-30' }] } })).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'tecknat',
  });
  // A variable that is itself the Date names the argument it is passed to.
  expect(await refusal('mutation($d: Date) { skriv(input: {}, datum: $d) }', { d: '2021-02-30' })).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'datum',
  });
});

it('names the input field or argument of a Date refused where the operation writes it', async () => {
  expect(await refusal('mutation { skriv(input: { rubrik: "x", registrerad: "2021-02-30" }) }')).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'registrerad',
  });
  expect(await refusal('mutation { skriv(input: {}, datum: "2021-02-30") }')).toMatchObject({ field: 'datum' });
});

it('leaves other errors as they are', async () => {
  const extensions = await refusal('mutation { skriv(input: { rubrik: 1 }) }');
  expect(extensions?.field).toBeUndefined();
});
