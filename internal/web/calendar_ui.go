package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
)

// calendarUI are the routes of the calendar page.
func (s *Server) calendarUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/calendar", Allow: can(access.ReadCases), handler: s.uiCalendar},
		{Method: "POST", Pattern: "/calendar", Allow: calendarImporters, handler: s.uiCalendarImport},
	}
}

// calendarImporters may import a year; the page shows them the form.
var calendarImporters = can(access.ManageCalendar)

// uiCalendar shows the working-day calendar in use: the years it knows, each
// year's holidays on weekdays and make-up working days, and, for the
// administrator, the import form for the State Council's next notice.
func (s *Server) uiCalendar(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cal, err := s.svc.Calendar(ctx)
	if err != nil {
		return err
	}
	imported, err := s.svc.ImportedYears(ctx)
	if err != nil {
		return err
	}
	missing, err := s.svc.MissingCalendarYears(ctx)
	if err != nil {
		return err
	}
	years := cal.Years()
	year := years[len(years)-1]
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && cal.Known(y) {
		year = y
	}
	off, extra, err := cal.Exceptions(year)
	if err != nil {
		return err
	}
	importedYears := map[int]bool{}
	for _, y := range imported {
		importedYears[y] = true
	}
	return s.render(w, r, http.StatusOK, "calendar", &view{Title: "工作日历", Nav: "calendar", Notice: r.URL.Query().Get("notice"), Data: map[string]any{
		"Years": years, "Year": year, "Off": namedDays(off), "Extra": namedDays(extra), "Imported": importedYears,
		"CanImport": calendarImporters(principal(r)), "Missing": missing, "Last": years[len(years)-1]}})
}

// namedDay is a date and its day of the week, as the calendar page lists them.
type namedDay struct{ Date, Weekday string }

var weekdayNames = []string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

func namedDays(list []calendar.Date) []namedDay {
	out := make([]namedDay, len(list))
	for i, d := range list {
		out[i] = namedDay{d.String(), weekdayNames[d.Weekday()]}
	}
	return out
}

// uiCalendarImport imports an uploaded year (JSON) and says on the calendar
// page what it did or why it did not.
func (s *Server) uiCalendarImport(w http.ResponseWriter, r *http.Request) error {
	body, _, cleanup, err := uploadedFile(w, r)
	if err != nil {
		msg, err := notice(err, "", "")
		if err != nil {
			return err
		}
		return seeOther(w, r, withNotice("/calendar", msg))
	}
	defer cleanup()
	res, err := s.svc.ImportCalendar(r.Context(), principal(r), body)
	var done string
	if err == nil {
		done = fmt.Sprintf("已导入 %v 年的节假日安排，重新计算了 %d 个事项的到期日", res.Years, res.Recomputed)
	}
	msg, err := notice(err, done, "未导入：")
	if err != nil {
		return err
	}
	return seeOther(w, r, withNotice("/calendar", msg))
}
