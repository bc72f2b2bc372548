package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds one folder per engine; both folders carry the same
// version numbers so a version means the same schema on either engine.
//
//go:embed migrations
var migrations embed.FS

// Migrate brings the schema up to date. On PostgreSQL it holds an advisory
// lock, so several zhuqi processes starting at once migrate only once.
func (s *Store) Migrate(ctx context.Context) (applied int, err error) {
	p, err := s.migrationProvider()
	if err != nil {
		return 0, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("数据库迁移失败: %w", err)
	}
	return len(results), nil
}

// SchemaVersion reports the database's current and the binary's latest
// migration versions.
func (s *Store) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := s.migrationProvider()
	if err != nil {
		return 0, 0, err
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, err
	}
	sources := p.ListSources()
	if len(sources) > 0 {
		latest = sources[len(sources)-1].Version
	}
	return current, latest, nil
}

func (s *Store) migrationProvider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(s.engine))
	if err != nil {
		return nil, err
	}
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if s.engine == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, s.write, sub, opts...)
}
