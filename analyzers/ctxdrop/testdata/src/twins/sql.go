// Package twins shows calls of functions that have a context-taking twin.
package twins

import (
	"context"
	"database/sql"
	"fmt"
)

type Repo struct{ db *sql.DB }

func (r *Repo) Names(ctx context.Context, team string) ([]string, error) {
	rows, err := r.db.Query("SELECT name FROM users WHERE team = ?", team) // want `r.db.Query drops ctx, the caller's context; use r.db.QueryContext\(ctx, ...\)`
	if err != nil {
		return nil, fmt.Errorf("names of %s: %w", team, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}

func (r *Repo) Count(ctx context.Context) (n int, err error) {
	err = r.db.QueryRow("SELECT count(*) FROM users").Scan(&n) // want `r.db.QueryRow drops ctx, the caller's context; use r.db.QueryRowContext\(ctx, ...\)`
	return n, err
}

func (r *Repo) Rename(ctx context.Context, from, to string) error {
	tx, err := r.db.Begin() // want `r.db.Begin drops ctx, the caller's context; use r.db.BeginTx\(ctx, nil\)`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Negative: deferred cleanup must not be cancelled with ctx.
	defer r.db.Exec("UPDATE stats SET renames = renames + 1")
	if _, err := tx.Exec("UPDATE users SET name = ? WHERE name = ?", to, from); err != nil { // want `tx.Exec drops ctx, the caller's context; use tx.ExecContext\(ctx, ...\)`
		return err
	}
	return tx.Commit()
}

func (r *Repo) Import(ctx context.Context, names ...any) error {
	if err := r.db.Ping(); err != nil { // want `r.db.Ping drops ctx, the caller's context; use r.db.PingContext\(ctx\)`
		return err
	}
	stmt, err := r.db.Prepare("INSERT INTO users (name) VALUES (?)") // want `r.db.Prepare drops ctx, the caller's context; use r.db.PrepareContext\(ctx, ...\)`
	if err != nil {
		return err
	}
	defer stmt.Close()
	_, err = stmt.Exec(names...) // want `stmt.Exec drops ctx, the caller's context; use stmt.ExecContext\(ctx, ...\)`
	return err
}

// Negative: the context-taking methods.
func (r *Repo) NamesProperly(ctx context.Context, team string) (*sql.Rows, error) {
	if err := r.db.PingContext(ctx); err != nil {
		return nil, err
	}
	return r.db.QueryContext(ctx, "SELECT name FROM users WHERE team = ?", team)
}

// Negative: ctx is nil in the branch, so there is nothing to pass.
func (r *Repo) Touch(ctx context.Context, name string) error {
	if ctx == nil {
		_, err := r.db.Exec("UPDATE users SET seen = CURRENT_TIMESTAMP WHERE name = ?", name)
		return err
	}
	_, err := r.db.ExecContext(ctx, "UPDATE users SET seen = CURRENT_TIMESTAMP WHERE name = ?", name)
	return err
}

// Negative: no caller's context.
func (r *Repo) Close() error {
	_, err := r.db.Exec("PRAGMA optimize")
	return err
}
