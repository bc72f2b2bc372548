package web

import (
	"net/http"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// visitsAPI are the routes of visits.
func (s *Server) visitsAPI() []Route {
	return []Route{
		{Method: "POST", Pattern: "/api/v1/visits", Allow: visitors, Summary: "登记走访（提出的问题自动登记为事项）", handler: s.apiRecordVisit},
		{Method: "GET", Pattern: "/api/v1/visits", Allow: visitReaders, Summary: "走访记录", handler: s.apiListVisits},
		{Method: "GET", Pattern: "/api/v1/visits/{id}", Allow: visitReaders, Summary: "走访详情", handler: s.apiGetVisit},
	}
}

func (s *Server) apiRecordVisit(w http.ResponseWriter, r *http.Request) error {
	var in service.VisitInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, cases, err := s.svc.RecordVisit(r.Context(), principal(r), in)
	if err != nil {
		return err
	}
	out := make([]createdCase, len(cases))
	for i, c := range cases {
		out[i] = createdOf(c)
	}
	w.Header().Set("Location", "/api/v1/visits/"+strconv.FormatInt(v.ID, 10))
	return writeJSON(w, http.StatusCreated, map[string]any{"visit": v, "cases": out})
}

func visitFilter(r *http.Request) (store.VisitFilter, error) {
	q := r.URL.Query()
	var f store.VisitFilter
	for name, dst := range map[string]*int64{"enterprise_id": &f.EnterpriseID, "campaign_id": &f.CampaignID} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return f, fault.Invalid(name, name+" 应为正整数")
			}
			*dst = n
		}
	}
	for name, dst := range map[string]*model.Date{"from": &f.From, "to": &f.Until} {
		if v := q.Get(name); v != "" {
			d, err := model.ParseDate(v)
			if err != nil {
				return f, fault.Invalid(name, name+" 应为 YYYY-MM-DD")
			}
			*dst = d
		}
	}
	limit, offset, err := listParams(r)
	f.Limit, f.Offset = limit, offset
	return f, err
}

func (s *Server) apiListVisits(w http.ResponseWriter, r *http.Request) error {
	f, err := visitFilter(r)
	if err != nil {
		return err
	}
	list, total, err := s.svc.Visits(r.Context(), principal(r), f)
	return reply(w, http.StatusOK, map[string]any{"items": list, "total": total, "page": f.Offset/f.Limit + 1, "per_page": f.Limit}, err)
}

func (s *Server) apiGetVisit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "走访记录")
	if err != nil {
		return err
	}
	v, err := s.svc.Visit(r.Context(), principal(r), id)
	return reply(w, http.StatusOK, v, err)
}
