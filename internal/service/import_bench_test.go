package service_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// ledgerCSV builds an n-row CSV ledger of valid, distinct enterprises.
func ledgerCSV(tb testing.TB, n int) []byte {
	tb.Helper()
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	var b bytes.Buffer
	b.WriteString("统一社会信用代码,企业名称,法定代表人,行业代码,企业规模,乡镇街道代码,地址,成立日期,从业人数,营业收入(万元),标签,联系人,联系电话\n")
	towns := []string{"411203001", "411203100", "411203101", "411203102", "411203103"}
	for i := range n {
		body := []byte("MA000000")
		for j, v := 7, i; j >= 2; j-- {
			body[j] = chars[v%31]
			v /= 31
		}
		code, err := uscc.Build('9', '1', "411203", string(body))
		if err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintf(&b, "%s,三门峡第%d号科技有限公司,张三,C39,小型,%s,陕州区大营镇工业路%d号,2015-06-%02d,%d,%d.5,专精特新,李四,1380398%04d\n",
			code, i, towns[i%len(towns)], i%200, 1+i%28, 10+i%90, 100+i%900, i%10000)
	}
	return b.Bytes()
}

// BenchmarkImportEnterprises imports a 100,000-row CSV ledger into an empty
// district, validation and audit rows included; rows/s is the figure to read.
func BenchmarkImportEnterprises(b *testing.B) {
	const rows = 100_000
	data := ledgerCSV(b, rows)
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := storetest.Open(b, engine)
				svc := service.New(s)
				if _, err := svc.SetupRegion(context.Background(), nil, "411203"); err != nil {
					b.Fatal(err)
				}
				if err := svc.CreateTag(context.Background(), nil, "专精特新", 0); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				rep, err := svc.ImportEnterprises(context.Background(), nil, bytes.NewReader(data), "ledger.csv")
				if err != nil {
					b.Fatal(err)
				}
				if rep.Created != rows {
					b.Fatalf("created %d of %d; rejected %v", rep.Created, rows, rep.Rejected[:min(3, len(rep.Rejected))])
				}
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

var _ = store.SQLite
