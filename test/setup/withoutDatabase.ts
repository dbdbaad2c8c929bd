// The unit project needs no service: without this, a unit test could use the PostgreSQL that a
// run of every project starts for the others, and fail only when run alone.
delete process.env.TEST_DATABASE_URL;
