// Command anchor is the minimal program zhuqi's benchmarks are measured
// beside, in the same run, so that figures read as ratios on a machine
// whose speed varies from day to day. It does only what a benchmark names:
//
//	anchor serve  --db DSN --addr HOST:PORT   POST /intake: one insert and one audit row per request, in one transaction;
//	                                          GET /item/{id}: one indexed select
//	anchor import --db DSN --file F.csv [--copy]   the CSV's rows by plain 500-row inserts, or by COPY on PostgreSQL
//	anchor seed   --db DSN -n N               N items for GET /item/{id}
//
// DSNs are zhuqi's: sqlite:PATH or postgres://…. SQLite gets the pragmas
// zhuqi uses (WAL, synchronous=NORMAL) and one writing connection.
package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("anchor: ")
	if len(os.Args) < 2 {
		log.Fatal("usage: anchor serve|import|seed [flags]")
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	dsn := fs.String("db", "", "database: sqlite:PATH or postgres://…")
	addr := fs.String("addr", "127.0.0.1:18190", "listen address (serve)")
	file := fs.String("file", "", "CSV file (import)")
	useCopy := fs.Bool("copy", false, "COPY instead of batched inserts (import, PostgreSQL)")
	n := fs.Int("n", 100000, "items (seed)")
	fs.Parse(os.Args[2:])
	db, pg, err := open(*dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := schema(db, pg); err != nil {
		log.Fatal(err)
	}
	switch os.Args[1] {
	case "serve":
		log.Fatal(serve(db, pg, *addr))
	case "import":
		start := time.Now()
		rows, err := importCSV(*dsn, db, pg, *file, *useCopy)
		if err != nil {
			log.Fatal(err)
		}
		d := time.Since(start)
		fmt.Printf("%d rows in %.2f s (%.0f rows/s)\n", rows, d.Seconds(), float64(rows)/d.Seconds())
	case "seed":
		if err := seed(db, pg, *n); err != nil {
			log.Fatal(err)
		}
	default:
		log.Fatalf("unknown command %q", os.Args[1])
	}
}

func open(dsn string) (*sql.DB, bool, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
		if err != nil {
			return nil, false, err
		}
		db.SetMaxOpenConns(1)
		return db, false, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, false, err
		}
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(32)
		return db, true, nil
	}
	return nil, false, fmt.Errorf("--db must be sqlite:PATH or postgres://…")
}

func schema(db *sql.DB, pg bool) error {
	id := "INTEGER PRIMARY KEY"
	if pg {
		id = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
	}
	for _, q := range []string{
		"CREATE TABLE IF NOT EXISTS anchor_items (id " + id + ", title TEXT NOT NULL, enterprise_id BIGINT NOT NULL, created_at TEXT NOT NULL)",
		"CREATE TABLE IF NOT EXISTS anchor_audit (id " + id + ", entity_id BIGINT NOT NULL, after_json TEXT NOT NULL, at TEXT NOT NULL)",
		"CREATE TABLE IF NOT EXISTS anchor_rows (uscc TEXT PRIMARY KEY, name TEXT NOT NULL, legal_rep TEXT, industry TEXT, scale TEXT, township TEXT, address TEXT, founded TEXT, employees TEXT, revenue TEXT, contact TEXT, phone TEXT)",
	} {
		if _, err := db.Exec(q); err != nil {
			return err
		}
	}
	return nil
}

func serve(db *sql.DB, pg bool, addr string) error {
	mux := http.NewServeMux()
	ret := " RETURNING id"
	mux.HandleFunc("POST /intake", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		now := time.Now().UTC().Format(time.RFC3339Nano)
		tx, err := db.BeginTx(r.Context(), nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer tx.Rollback()
		var id int64
		if err := tx.QueryRow(rebind(pg, "INSERT INTO anchor_items (title, enterprise_id, created_at) VALUES (?, ?, ?)"+ret),
			string(body), len(body), now).Scan(&id); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if _, err := tx.Exec(rebind(pg, "INSERT INTO anchor_audit (entity_id, after_json, at) VALUES (?, ?, ?)"), id, string(body), now); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if err := tx.Commit(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"id":%d}`, id)
	})
	mux.HandleFunc("GET /item/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		var title, at string
		var ent int64
		err := db.QueryRowContext(r.Context(), rebind(pg, "SELECT title, enterprise_id, created_at FROM anchor_items WHERE id = ?"), id).Scan(&title, &ent, &at)
		if err == sql.ErrNoRows {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%d,"title":%q,"enterprise_id":%d,"created_at":%q}`, id, title, ent, at)
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	log.Printf("serving on http://%s", addr)
	return (&http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}).ListenAndServe()
}

func seed(db *sql.DB, pg bool, n int) error {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	for i := 0; i < n; i += 500 {
		k := min(500, n-i)
		var q strings.Builder
		q.WriteString("INSERT INTO anchor_items (title, enterprise_id, created_at) VALUES ")
		args := make([]any, 0, 3*k)
		for j := range k {
			if j > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?)")
			args = append(args, fmt.Sprintf("item %d", i+j), i+j, now)
		}
		if _, err := db.Exec(rebind(pg, q.String()), args...); err != nil {
			return err
		}
	}
	return nil
}

// importCSV loads a ledger's rows with plain multi-row inserts of 500 rows,
// one transaction, or with COPY on PostgreSQL: the floor zhuqi's own
// import (which validates, upserts and audits) is measured against.
func importCSV(dsn string, db *sql.DB, pg bool, path string, useCopy bool) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	if _, err := r.Read(); err != nil { // header
		return 0, err
	}
	var rows [][]any
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		row := make([]any, 12)
		for i := range row {
			if i < len(rec) {
				row[i] = rec[i]
			} else {
				row[i] = ""
			}
		}
		rows = append(rows, row)
	}
	if _, err := db.Exec("DELETE FROM anchor_rows"); err != nil {
		return 0, err
	}
	cols := []string{"uscc", "name", "legal_rep", "industry", "scale", "township", "address", "founded", "employees", "revenue", "contact", "phone"}
	if useCopy {
		if !pg {
			return 0, fmt.Errorf("--copy needs PostgreSQL")
		}
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			return 0, err
		}
		defer conn.Close(context.Background())
		n, err := conn.CopyFrom(context.Background(), pgx.Identifier{"anchor_rows"}, cols, pgx.CopyFromRows(rows))
		return int(n), err
	}
	tx, err := db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	for i := 0; i < len(rows); i += 500 {
		chunk := rows[i:min(i+500, len(rows))]
		var q strings.Builder
		q.WriteString("INSERT INTO anchor_rows (" + strings.Join(cols, ", ") + ") VALUES ")
		args := make([]any, 0, 12*len(chunk))
		for j, row := range chunk {
			if j > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + strings.TrimSuffix(strings.Repeat("?, ", 12), ", ") + ")")
			args = append(args, row...)
		}
		if _, err := tx.Exec(rebind(pg, q.String()), args...); err != nil {
			return 0, err
		}
	}
	return len(rows), tx.Commit()
}

// rebind turns ? placeholders into $n for PostgreSQL.
func rebind(pg bool, q string) string {
	if !pg {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
