package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/sla"
)

// calendarAPI are the routes of the working-day calendar.
func (s *Server) calendarAPI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/calendar/{year}", Allow: signedIn, Summary: "某年的调休与节假日", handler: s.apiCalendarYear},
		{Method: "POST", Pattern: "/api/v1/calendar", Allow: can(access.ManageCalendar), Summary: "导入工作日历（国务院节假日安排）", handler: s.apiImportCalendar},
	}
}

func (s *Server) apiImportCalendar(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	res, err := s.svc.ImportCalendar(r.Context(), p, http.MaxBytesReader(w, r.Body, MaxJSONBody))
	if err != nil {
		s.fail(w, r, err, "工作日历")
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiCalendarYear(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(r.PathValue("year"))
	cal, cerr := s.svc.Calendar(r.Context())
	if cerr != nil {
		s.fail(w, r, cerr, "工作日历")
		return
	}
	if err != nil || !cal.Known(year) {
		writeAPIError(w, &fault.Error{Class: fault.ClassNotFound, Code: "unknown_year", Message: fmt.Sprintf("工作日历未收录 %s 年", r.PathValue("year"))})
		return
	}
	type day struct {
		Date    string `json:"date"`
		Workday bool   `json:"workday"`
	}
	var off, extra []string
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := start; d.Year() == year; d = d.AddDate(0, 0, 1) {
		cd := sla.DayOf(d.In(calendar.Shanghai))
		cd.Year, cd.Month, cd.Day = d.Year(), d.Month(), d.Day()
		work, _ := cal.IsWorkday(cd)
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		switch {
		case work && weekend:
			extra = append(extra, cd.String())
		case !work && !weekend:
			off = append(off, cd.String())
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "holidays_on_weekdays": nonNil(off), "workdays_on_weekends": nonNil(extra)})
}
