package importer

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(simpleCSV))
	f.Add([]byte("统一社会信用代码,企业名称,成立日期,营业收入(万元)\n\"a\nb\",\"x\"\"y\",44927,1.5\n\n,,\n"))
	validate := func(e *model.Enterprise) model.FieldErrors {
		var errs model.FieldErrors
		if len(e.USCC) != 18 {
			errs.Add("uscc", "长度应为 18 位")
		}
		return errs
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ReadEnterprises(bytes.NewReader(data), "fuzz.csv", validate, 1<<20)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Code == "" || fe.Message == "" {
				t.Fatalf("error is not a complete *FileError: %#v", err)
			}
			return
		}
		if res.Total != len(res.Rows)+len(res.Rejected) {
			t.Fatalf("Total %d != %d + %d", res.Total, len(res.Rows), len(res.Rejected))
		}
		last := 1
		for _, rows := range [][]Row{res.Rows, res.Rejected} {
			last = 1
			for _, r := range rows {
				if r.Line < 2 || r.Line <= last {
					t.Fatalf("line %d after %d", r.Line, last)
				}
				last = r.Line
			}
		}
		for _, r := range res.Rejected {
			if len(r.Errors) == 0 {
				t.Fatalf("rejected row %d without errors", r.Line)
			}
			for _, e := range r.Errors {
				if e.Line != r.Line || e.Message == "" {
					t.Fatalf("bad error %+v in row %d", e, r.Line)
				}
			}
		}
		for _, r := range res.Rows {
			if len(r.Errors) != 0 || r.Enterprise.USCC == "" || r.Enterprise.Name == "" {
				t.Fatalf("invalid row accepted: %+v", r)
			}
		}
	})
}

// csv100k is 100,000 data rows using every column.
func csv100k() []byte {
	var b bytes.Buffer
	b.WriteString("统一社会信用代码,企业名称,法定代表人,行业代码,企业规模,所有制,所属区县代码,乡镇街道代码,地址,纬度,经度,成立日期,从业人数,营业收入(万元),标签,联系人,联系电话,联系人职务\r\n")
	scales := []string{"大型", "中型", "小型", "微型"}
	owners := []string{"民营", "国有", "集体", "外资", "港澳台", "其他"}
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&b, "91330106MA%08d,杭州第%d号科技有限公司,张%d,I6513,%s,%s,330106,330106001,浙江省杭州市西湖区文三路%d号,30.%04d,120.%04d,2018-%02d-%02d,%d,%d.%d,高新技术企业、专精特新,李四,138%08d,财务负责人\r\n",
			i, i, i, scales[i%4], owners[i%6], i, i%10000, i%10000, i%12+1, i%28+1, i%5000, i, i%10, i)
	}
	return b.Bytes()
}

func BenchmarkReadCSV100k(b *testing.B) {
	data := csv100k()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := ReadEnterprises(bytes.NewReader(data), "bench.csv", nil, 0)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Rows) != 100_000 {
			b.Fatalf("rows = %d, rejected %d: %+v", len(res.Rows), len(res.Rejected), res.Rejected[0].Errors)
		}
	}
}

func TestCSV100kGBK(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	data := gbk(t, string(csv100k()))
	res := mustRead(t, data, "a.csv", nil)
	if len(res.Rows) != 100_000 || res.Rows[99_999].Line != 100_001 || res.Rows[5].Enterprise.Name != "杭州第5号科技有限公司" {
		t.Fatalf("rows %d, last line %d", len(res.Rows), res.Rows[len(res.Rows)-1].Line)
	}
}
