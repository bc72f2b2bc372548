package store

import "context"

// ChainHash exposes the audit chain's hash to the external tests, which
// play an attacker who rewrites a row and recomputes its hash.
func ChainHash(r *AuditRecord) string { return chainHash(r) }

// MigrateTo brings the schema up to version v only, for tests of what a
// migration does to data written under the schema before it.
func (s *Store) MigrateTo(ctx context.Context, v int64) error {
	p, err := s.migrationProvider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, v)
	return err
}

// ServerPort is the port of the server the list and report reads of ctx
// go to: how the replica tests tell the replica from the primary.
func (s *Store) ServerPort(ctx context.Context) (int, error) {
	var port int
	err := s.lists(ctx).QueryRowContext(ctx, "SELECT inet_server_port()").Scan(&port)
	return port, err
}
