package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
)

// calendarAPI are the routes of the working-day calendar.
func (s *Server) calendarAPI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/calendar/{year}", Allow: signedIn, Summary: "某年的调休与节假日", handler: s.apiCalendarYear},
		{Method: "POST", Pattern: "/api/v1/calendar", Allow: can(access.ManageCalendar), Summary: "导入工作日历（国务院节假日安排）", handler: s.apiImportCalendar},
	}
}

func (s *Server) apiImportCalendar(w http.ResponseWriter, r *http.Request) error {
	res, err := s.svc.ImportCalendar(r.Context(), principal(r), http.MaxBytesReader(w, r.Body, MaxJSONBody))
	return reply(w, http.StatusOK, res, err)
}

func (s *Server) apiCalendarYear(w http.ResponseWriter, r *http.Request) error {
	cal, err := s.svc.Calendar(r.Context())
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || !cal.Known(year) {
		return &fault.Error{Class: fault.ClassNotFound, Code: "unknown_year", Message: fmt.Sprintf("工作日历未收录 %s 年", r.PathValue("year"))}
	}
	off, extra, err := cal.Exceptions(year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"year": year, "holidays_on_weekdays": dateStrings(off), "workdays_on_weekends": dateStrings(extra)})
}

func dateStrings(list []calendar.Date) []string {
	out := make([]string, len(list))
	for i, d := range list {
		out[i] = d.String()
	}
	return out
}
