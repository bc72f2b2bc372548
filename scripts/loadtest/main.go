// Command loadtest is zhuqi's small load generator and ledger generator,
// used by scripts/bench-*.sh. It only talks to the address it is given
// (loopback in our scripts) and stops by itself after -duration.
//
//	loadtest ledger -n 100000 > ledger.csv
//	loadtest get -url http://127.0.0.1:8080/api/v1/enterprises/{id} -token T -ids 100000 -c 32 -duration 10s
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadtest ledger|get [flags]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "ledger":
		ledger(os.Args[2:])
	case "get":
		get(os.Args[2:])
	case "post":
		get(append([]string{"-method", "POST"}, os.Args[2:]...))
	default:
		fmt.Fprintln(os.Stderr, "unknown command", os.Args[1])
		os.Exit(2)
	}
}

// ledger writes an n-row CSV of valid, distinct enterprises in 陕州区.
func ledger(args []string) {
	fs := flag.NewFlagSet("ledger", flag.ExitOnError)
	n := fs.Int("n", 100000, "rows")
	fs.Parse(args)
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintln(w, "统一社会信用代码,企业名称,法定代表人,行业代码,企业规模,乡镇街道代码,地址,成立日期,从业人数,营业收入(万元),联系人,联系电话")
	towns := []string{"411203001", "411203100", "411203101", "411203102", "411203103", "411203200"}
	for i := range *n {
		body := []byte("MA000000")
		for j, v := 7, i; j >= 2; j-- {
			body[j] = chars[v%31]
			v /= 31
		}
		code, err := uscc.Build('9', '1', "411203", string(body))
		if err != nil {
			panic(err)
		}
		fmt.Fprintf(w, "%s,三门峡第%d号科技有限公司,张三,C39,小型,%s,陕州区大营镇工业路%d号,2015-06-%02d,%d,%d.5,李四,1380398%04d\n",
			code, i, towns[i%len(towns)], i%200, 1+i%28, 10+i%90, 100+i%900, i%10000)
	}
}

// get hammers one URL pattern with keep-alive connections and prints
// throughput and latency percentiles.
func get(args []string) {
	fs := flag.NewFlagSet("get", flag.ExitOnError)
	url := fs.String("url", "", "URL with {id} for a random id in 1..ids; several, comma-separated, are taken in turn by the connections (round robin over processes)")
	method := fs.String("method", "GET", "GET or POST")
	body := fs.String("body", "", "POST body; {id} is a random id in 1..ids, {n} a unique number")
	token := fs.String("token", "", "bearer token")
	ids := fs.Int("ids", 100000, "largest id")
	conc := fs.Int("c", 32, "concurrent connections")
	dur := fs.Duration("duration", 10*time.Second, "how long to run")
	warm := fs.Duration("warmup", 2*time.Second, "warm-up, not measured")
	fs.Parse(args)
	urls := strings.Split(*url, ",")
	for _, u := range urls {
		if !strings.HasPrefix(u, "http://127.") && !strings.HasPrefix(u, "http://localhost") {
			fmt.Fprintln(os.Stderr, "loadtest only targets loopback addresses")
			os.Exit(2)
		}
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc, MaxIdleConns: 4 * *conc, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	var (
		mu       sync.Mutex
		lats     []time.Duration
		errs     atomic.Int64
		seq      atomic.Int64
		measured atomic.Bool
	)
	start := time.Now()
	deadline := start.Add(*warm + *dur)
	time.AfterFunc(*warm, func() { measured.Store(true) })
	var wg sync.WaitGroup
	for w := range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			local := make([]time.Duration, 0, 1<<16)
			for time.Now().Before(deadline) {
				u := strings.Replace(urls[w%len(urls)], "{id}", strconv.Itoa(1+rng.IntN(*ids)), 1)
				var rd io.Reader
				if *method == "POST" {
					b := strings.Replace(*body, "{id}", strconv.Itoa(1+rng.IntN(*ids)), 1)
					b = strings.Replace(b, "{n}", strconv.FormatInt(seq.Add(1), 10), 1)
					rd = strings.NewReader(b)
				}
				req, _ := http.NewRequest(*method, u, rd)
				req.Header.Set("Authorization", "Bearer "+*token)
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				if resp.StatusCode >= 300 {
					errs.Add(1)
				}
				if measured.Load() {
					local = append(local, d)
				}
			}
			mu.Lock()
			lats = append(lats, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(lats)
	pct := func(p float64) time.Duration {
		if len(lats) == 0 {
			return 0
		}
		return lats[min(len(lats)-1, int(float64(len(lats))*p))]
	}
	fmt.Printf("requests %d in %s: %.0f req/s, errors %d, p50 %s, p90 %s, p99 %s, max %s\n",
		len(lats), *dur, float64(len(lats))/dur.Seconds(), errs.Load(), pct(.50), pct(.90), pct(.99), pct(1))
}
