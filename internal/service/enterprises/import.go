package enterprises

import (
	"context"
	"errors"
	"io"
	"sort"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/importer"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// ImportReport is what an import did, row by row.
type ImportReport struct {
	Total     int                 `json:"total"`
	Created   int                 `json:"created"`
	Updated   int                 `json:"updated"`
	Unchanged int                 `json:"unchanged"`
	Rejected  []core.RejectedCell `json:"rejected"`
	Rows      int                 `json:"rejected_rows"`
}

// ImportEnterprises reads a CSV or XLSX ledger and upserts every valid row
// by USCC in one transaction; rejected rows are reported with their line
// and column and nothing of them is written. Rows are written while the
// file is still being parsed; a whole-file error rolls everything back.
func (s *Service) ImportEnterprises(ctx context.Context, p *access.Principal, r io.Reader, filename string) (*ImportReport, error) {
	if p != nil && !p.Can(access.WriteEnterprises) {
		return nil, fault.Forbidden()
	}
	ref, err := s.loadRefs(ctx, p)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Rejected: []core.RejectedCell{}}
	var outside []core.RejectedCell // rows naming enterprises of other regions
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type chunk struct {
		list []*model.Enterprise
		err  error
	}
	chunks := make(chan chunk, 4)
	var res *importer.Result
	go func() {
		defer close(chunks)
		send := func(c chunk) bool {
			select {
			case chunks <- c:
				return true
			case <-ctx.Done():
				return false
			}
		}
		var buf []*model.Enterprise
		var lines []int
		flush := func() error {
			if len(buf) == 0 {
				return nil
			}
			kept, err := s.keepInRegion(ctx, p, buf, lines, &outside)
			if err != nil {
				return err
			}
			buf, lines = nil, nil
			if !send(chunk{list: kept}) {
				return ctx.Err()
			}
			return nil
		}
		var err error
		res, err = importer.StreamEnterprises(r, filename, func(e *model.Enterprise) model.FieldErrors {
			ref.normalizeEnterprise(e)
			return ref.validateEnterprise(e)
		}, core.MaxImportBytes, func(row importer.Row) error {
			e := row.Enterprise
			buf, lines = append(buf, &e), append(lines, row.Line)
			if len(buf) == 500 {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			send(chunk{err: err})
		}
	}()
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		st, err := tx.UpsertEnterpriseStream(ctx, func() ([]*model.Enterprise, error) {
			for c := range chunks {
				if c.err != nil || len(c.list) > 0 {
					return c.list, c.err
				}
			}
			return nil, nil
		})
		rep.Created, rep.Updated, rep.Unchanged = st.Created, st.Updated, st.Unchanged
		return err
	})
	cancel()
	for range chunks { // let the reader finish before res is read
	}
	if err != nil {
		var fe *importer.FileError
		if errors.As(err, &fe) {
			kind := fault.ClassInvalid
			if fe.Code == importer.CodeTooLarge {
				kind = fault.ClassTooLarge
			}
			return nil, &fault.Error{Class: kind, Code: fe.Code, Message: fe.Message, Field: "file"}
		}
		return nil, fault.Explain(err, "企业")
	}
	rep.Total = res.Total
	for _, row := range res.Rejected {
		for _, e := range row.Errors {
			rep.Rejected = append(rep.Rejected, core.RejectedCell(e))
		}
	}
	rep.Rows = len(res.Rejected) + len(outside)
	rep.Rejected = append(rep.Rejected, outside...)
	sort.SliceStable(rep.Rejected, func(i, j int) bool { return rep.Rejected[i].Line < rep.Rejected[j].Line })
	return rep, nil
}

// keepInRegion drops the rows that name an enterprise registered outside
// p's region (not the importer's to change) and reports them.
func (s *Service) keepInRegion(ctx context.Context, p *access.Principal, list []*model.Enterprise, lines []int, rejected *[]core.RejectedCell) ([]*model.Enterprise, error) {
	if p == nil || p.RegionPrefix == "" {
		return list, nil
	}
	usccs := make([]string, len(list))
	for i, e := range list {
		usccs[i] = e.USCC
	}
	outside, err := s.db.USCCsOutside(ctx, usccs, p.RegionPrefix)
	if err != nil || len(outside) == 0 {
		return list, err
	}
	kept := list[:0]
	for i, e := range list {
		if outside[e.USCC] {
			*rejected = append(*rejected, core.RejectedCell{Line: lines[i], Column: "统一社会信用代码", Field: "uscc", Message: "该企业已在其他地区登记，无权修改"})
			continue
		}
		kept = append(kept, e)
	}
	return kept, nil
}

// exportLabels names the codes of an export in extra columns.
var exportLabels = importer.Labels{
	Region: division.FullName,
	Industry: func(code string) string {
		if d, ok := industry.MajorOf(code); ok {
			return d.Name
		}
		return ""
	},
}

// WriteXLSX writes enterprises as the registry's XLSX ledger.
func WriteXLSX(w io.Writer, list []*model.Enterprise) error {
	flat := make([]model.Enterprise, len(list))
	for i, e := range list {
		flat[i] = *e
	}
	return importer.WriteEnterprisesXLSX(w, flat, exportLabels)
}
