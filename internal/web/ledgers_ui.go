package web

import (
	"net/http"
)

// ledgersUI are the routes of the XLSX ledgers.
func (s *Server) ledgersUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/ledgers/{name}", Allow: officeOrLeaders, handler: s.uiLedger},
	}
}

// uiLedger serves the 走访台账, 包联台账 and 活动台账 as XLSX.
func (s *Server) uiLedger(w http.ResponseWriter, r *http.Request) error {
	name, data, err := s.svc.Ledger(r.Context(), principal(r), r.PathValue("name"))
	if err != nil {
		return err
	}
	sendFile(w, name, data)
	return nil
}
