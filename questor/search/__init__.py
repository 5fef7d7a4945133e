"""Full-text search: the query language, the text index (FTS5 on SQLite, a GIN-indexed
tsvector on PostgreSQL) behind one interface. It knows posts only by id and text; the
qa app decides what goes in and who sees what comes out."""
