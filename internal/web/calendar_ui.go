package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/sla"
)

// calendarUI are the routes of the calendar page.
func (s *Server) calendarUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/calendar", Allow: can(access.ReadCases), handler: s.uiCalendar},
		{Method: "POST", Pattern: "/calendar", Allow: can(access.ManageCalendar), handler: s.uiCalendarImport},
	}
}

// uiCalendar shows the working-day calendar in use: the years it knows, each
// year's holidays on weekdays and make-up working days, and, for the
// administrator, the import form for the State Council's next notice.
func (s *Server) uiCalendar(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	cal, err := s.svc.Calendar(r.Context())
	if err != nil {
		s.failAny(w, r, err, "工作日历")
		return
	}
	imported, err := s.svc.Store.CalendarYears(r.Context())
	if err != nil {
		s.failAny(w, r, err, "工作日历")
		return
	}
	years := cal.Years()
	year := years[len(years)-1]
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && cal.Known(y) {
		year = y
	}
	type day struct{ Date, Weekday string }
	var off, extra []day
	weekdays := []string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}
	for d := time.Date(year, 1, 1, 12, 0, 0, 0, time.UTC); d.Year() == year; d = d.AddDate(0, 0, 1) {
		cd := sla.DayOf(d)
		cd.Year, cd.Month, cd.Day = d.Year(), d.Month(), d.Day()
		work, _ := cal.IsWorkday(cd)
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		switch {
		case work && weekend:
			extra = append(extra, day{cd.String(), weekdays[d.Weekday()]})
		case !work && !weekend:
			off = append(off, day{cd.String(), weekdays[d.Weekday()]})
		}
	}
	importedYears := map[int]bool{}
	for _, y := range imported {
		importedYears[y.Year] = true
	}
	missing, err := s.svc.MissingCalendarYears(r.Context())
	if err != nil {
		s.failAny(w, r, err, "工作日历")
		return
	}
	s.render(w, r, http.StatusOK, "calendar", &view{Title: "工作日历", Nav: "calendar", Notice: r.URL.Query().Get("notice"), Data: map[string]any{
		"Years": years, "Year": year, "Off": off, "Extra": extra, "Imported": importedYears, "CanImport": p.Can(access.ManageCalendar),
		"Missing": missing, "Last": years[len(years)-1]}})
}

func (s *Server) uiCalendarImport(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	body, _, cleanup, ferr := uploadedFile(w, r)
	if ferr != nil {
		http.Redirect(w, r, "/calendar?notice="+url.QueryEscape(ferr.Message), http.StatusSeeOther)
		return
	}
	defer cleanup()
	res, err := s.svc.ImportCalendar(r.Context(), p, body)
	if err != nil {
		se := service.AsError(err, "工作日历")
		if se == nil {
			s.failAny(w, r, err, "工作日历")
			return
		}
		http.Redirect(w, r, "/calendar?notice="+url.QueryEscape("未导入："+se.Message), http.StatusSeeOther)
		return
	}
	msg := fmt.Sprintf("已导入 %v 年的节假日安排，重新计算了 %d 个事项的到期日", res.Years, res.Recomputed)
	http.Redirect(w, r, "/calendar?notice="+url.QueryEscape(msg), http.StatusSeeOther)
}
