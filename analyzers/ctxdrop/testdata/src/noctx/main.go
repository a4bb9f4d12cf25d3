// Command noctx shows code that has no caller's context to drop: main,
// init, and functions whose only contexts are rooted in Background.
package main

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"time"
)

var db *sql.DB

func init() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := exec.CommandContext(ctx, "true").Run(); err != nil {
		log.Printf("probe: %v", err)
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	srv := &http.Server{Addr: ":8080"}
	http.HandleFunc("/report", func(w http.ResponseWriter, r *http.Request) {
		// The handler literal has a request, unlike main.
		rows, err := db.QueryContext(context.Background(), "SELECT name FROM reports") // want `context.Background\(\) drops r.Context\(\), the caller's context; pass r.Context\(\)`
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		rows.Close()
	})
	go func() {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()

	// Graceful shutdown: the signal context is already done, so shutdown
	// needs a fresh one.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Printf("shutdown: %v", err)
	}
	if err := db.Ping(); err != nil {
		log.Printf("ping: %v", err)
	}
	migrate()
}

// migrate roots its own context: there is no caller's context to drop.
func migrate() {
	ctx := context.Background()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS reports (name TEXT)"); err != nil {
		log.Fatal(err)
	}
	if _, err := db.Exec("VACUUM"); err != nil {
		log.Fatal(err)
	}
	cleanup(context.TODO())
}

func cleanup(ctx context.Context) { _ = ctx }
