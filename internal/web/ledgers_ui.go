package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/ledger"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// ledgersUI are the routes of the XLSX ledgers.
func (s *Server) ledgersUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/ledgers/{name}", Allow: officeOrLeaders, handler: s.uiLedger},
	}
}

// maxLedgerRows bounds one downloaded ledger.
const maxLedgerRows = 200_000

// uiLedger serves the 走访台账, 包联台账 and 活动台账 as XLSX.
func (s *Server) uiLedger(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	ctx := r.Context()
	var buf bytes.Buffer
	var name string
	today := time.Now().In(calendar.Shanghai)
	switch r.PathValue("name") {
	case "visits.xlsx":
		year := model.Date{Year: today.Year(), Month: 1, Day: 1}
		visits, _, err := s.svc.Store.Visits(ctx, p.Scope(), store.VisitFilter{From: year, Limit: maxLedgerRows})
		if err != nil {
			s.failAny(w, r, err, "走访")
			return
		}
		page, err := s.svc.Store.Cases(ctx, store.CaseScope{Prefix: p.RegionPrefix}, store.CaseFilter{Source: model.SourceVisit,
			ReceivedFrom: year.Time(calendar.Shanghai), Limit: maxLedgerRows, NoCount: true})
		if err != nil {
			s.failAny(w, r, err, "走访")
			return
		}
		cases := map[int64]*model.Case{}
		for _, c := range page.Items {
			cases[c.ID] = c
		}
		camps, _ := s.svc.Store.Campaigns(ctx, p.RegionPrefix)
		names := map[int64]string{}
		for _, c := range camps {
			names[c.ID] = c.Name
		}
		err = ledger.Visits(&buf, visits, cases, names)
		name = fmt.Sprintf("走访台账-%d.xlsx", today.Year())
		if err != nil {
			s.failAny(w, r, err, "走访")
			return
		}
	case "assignments.xlsx":
		list, err := s.svc.Store.AssignmentsIn(ctx, p.RegionPrefix, maxLedgerRows)
		if err == nil {
			err = ledger.Assignments(&buf, list, division.FullName)
		}
		if err != nil {
			s.failAny(w, r, err, "包联")
			return
		}
		name = "包联台账-" + today.Format("20060102") + ".xlsx"
	case "events.xlsx":
		list, err := s.svc.Store.EventLedger(ctx, p.RegionPrefix, maxLedgerRows)
		if err == nil {
			err = ledger.Events(&buf, list)
		}
		if err != nil {
			s.failAny(w, r, err, "活动")
			return
		}
		name = "活动台账-" + today.Format("20060102") + ".xlsx"
	default:
		s.renderError(w, r, http.StatusNotFound, "台账不存在")
		return
	}
	sendFile(w, name, buf.Bytes())
}
