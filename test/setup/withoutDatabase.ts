// The unit project needs no service: without this, a unit test could use the PostgreSQL that a
// run of every project starts for the others, or the server of the developer's DATABASE_URL,
// and fail only when run alone or on another machine.
delete process.env.TEST_DATABASE_URL;
delete process.env.DATABASE_URL;
